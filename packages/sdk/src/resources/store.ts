/**
 * The successor API (微信小店 推客带货) for a 联盟带货机构: `client.store.sharers`, `.products`,
 * `.materials` and `.orders`, one method per row of the contract's STORE_ENDPOINTS, plus the
 * `next_key` walkers and the order list → detail fan-out. Every call is a POST with a JSON body
 * and `access_token` in the query, minted from the 机构's own appid and secret.
 * @module
 */
import { APIResource } from '../core/resource.ts'
import {
  GeneratedStoreMaterials,
  GeneratedStoreOrders,
  GeneratedStoreProducts,
  GeneratedStoreSharers,
} from '../generated/endpoints.ts'
import type { RequestOptions } from '../internal/request-options.ts'
import type {
  StoreBindSharerListBody,
  StoreBindSharerListResponse,
  StoreBoundSharer,
  StoreCommissionOrder,
  StoreOrderListBody,
  StoreOrderListResponse,
  StorePromoteProductListBody,
  StorePromoteProductListResponse,
} from '../wire-types.ts'

/** Page caps of the successor (§1.9): sharers 20, products 20, order keys 30. */
export const STORE_PAGE_CAPS = { sharers: 20, products: 20, orders: 30 } as const

/** One promotable product of get_promote_product_list. */
export type StoreProductKey = StorePromoteProductListResponse['product_list'][number]
/** One (order_id, sku_id) key of order/list/get. */
export type StoreOrderKey = StoreOrderListResponse['list'][number]

/**
 * Every item of a `next_key` listing: stops on an empty `next_key`, an empty page, or
 * `has_more: false` where the endpoint has it (lists without has_more end with `next_key: ""`).
 */
export async function* nextKeyPages<Body extends { next_key?: string | undefined }, Item>(
  body: Body,
  page: (b: Body) => Promise<{ next_key: string; has_more?: boolean }>,
  items: (r: never) => readonly Item[],
): AsyncGenerator<Item, void> {
  let key = body.next_key ?? ''
  for (;;) {
    const r = await page({ ...body, next_key: key })
    const list = items(r as never)
    yield* list
    if (list.length === 0 || r.next_key === '' || r.next_key === key || r.has_more === false) return
    key = r.next_key
  }
}

/** A (order_id, sku_id) key as one string. */
export const storeOrderKey = (k: { order_id: string; sku_id: string }) =>
  `${k.order_id}:${k.sku_id}`

export class StoreSharers extends GeneratedStoreSharers {
  /** Every bound sharer, following `next_key`. */
  listAll(
    body: StoreBindSharerListBody = {},
    options?: RequestOptions,
  ): AsyncGenerator<StoreBoundSharer> {
    return nextKeyPages(
      { page_size: STORE_PAGE_CAPS.sharers, ...body },
      (b) => this.list(b, options),
      (r: StoreBindSharerListResponse) => r.sharer_info_list,
    )
  }
}

export class StoreProducts extends GeneratedStoreProducts {
  /** Every promotable product matching the filters, following `next_key`. */
  listAll(
    body: StorePromoteProductListBody,
    options?: RequestOptions,
  ): AsyncGenerator<StoreProductKey> {
    return nextKeyPages(
      { page_size: STORE_PAGE_CAPS.products, ...body },
      (b) => this.list(b, options),
      (r: StorePromoteProductListResponse) => r.product_list,
    )
  }
}

/** A sharer's materials for a product, one request each. */
export class StoreMaterials extends GeneratedStoreMaterials {}

export interface StoreOrderDetailsOptions extends RequestOptions {
  /** order/get calls in flight at once. Default 4. */
  concurrency?: number
}

export class StoreOrders extends GeneratedStoreOrders {
  /** Every key in the range, following `next_key` while `has_more`. */
  listAll(body: StoreOrderListBody, options?: RequestOptions): AsyncGenerator<StoreOrderKey> {
    return nextKeyPages(
      { page_size: STORE_PAGE_CAPS.orders, ...body },
      (b) => this.list(b, options),
      (r: StoreOrderListResponse) => r.list,
    )
  }

  /**
   * The detail of every key in the range: at most `concurrency` order/get calls in flight, in
   * listing order, each (order_id, sku_id) once, and a detail whose `update_time` is not above
   * one already yielded for its key is dropped (a key listed twice while it changes).
   */
  async *listDetails(
    body: StoreOrderListBody,
    options: StoreOrderDetailsOptions = {},
  ): AsyncGenerator<StoreCommissionOrder> {
    const { concurrency = 4, ...request } = options
    const latest = new StoreOrderVersions()
    const requested = new Set<string>()
    const inFlight: Promise<StoreCommissionOrder>[] = []
    const fetch = (k: StoreOrderKey) =>
      this.retrieve({ order_id: k.order_id, sku_id: k.sku_id }, request).then(
        (r) => r.commssion_order,
      )
    const take = async function* () {
      const order = await inFlight.shift()!
      if (latest.accept(order, BigInt(order.update_time))) yield order
    }
    for await (const key of this.listAll(body, request)) {
      if (requested.has(storeOrderKey(key))) continue
      requested.add(storeOrderKey(key))
      inFlight.push(fetch(key))
      // A rejected call waiting behind the window must not be an unhandled rejection.
      inFlight.at(-1)!.catch(() => {})
      if (inFlight.length >= Math.max(1, concurrency)) yield* take()
    }
    while (inFlight.length > 0) yield* take()
  }
}

/**
 * The highest version seen per (order_id, sku_id): callbacks carry `version` (a decimal string,
 * compared as BigInt, never as text); details carry `update_time`. `accept` answers whether a
 * version is newer than any seen for its key, and records it if so.
 */
export class StoreOrderVersions {
  readonly #seen = new Map<string, bigint>()

  accept(key: { order_id: string; sku_id: string }, version: bigint | string | number): boolean {
    const v = BigInt(version)
    const k = storeOrderKey(key)
    const before = this.#seen.get(k)
    if (before !== undefined && v <= before) return false
    this.#seen.set(k, v)
    return true
  }
}

/** `client.store`: the successor API's four resources. */
export class Store extends APIResource {
  readonly sharers = new StoreSharers(this._client)
  readonly products = new StoreProducts(this._client)
  readonly materials = new StoreMaterials(this._client)
  readonly orders = new StoreOrders(this._client)
}
