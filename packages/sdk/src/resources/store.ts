/**
 * The successor API (微信小店 推客带货) for a 联盟带货机构: `client.store.sharers`, `.products`,
 * `.materials` and `.orders`, one method per row of the contract's STORE_ENDPOINTS, plus the
 * `next_key` walkers and the order list → detail fan-out. Every call is a POST with a JSON body
 * and `access_token` in the query, minted from the 机构's own appid and secret.
 * @module
 */
import type { APIPromise } from '../core/api-promise.ts'
import { APIResource } from '../core/resource.ts'
import type { RequestOptions } from '../internal/request-options.ts'
import type {
  StoreBindSharerListBody,
  StoreBindSharerListResponse,
  StoreBoundSharer,
  StoreCommissionOrder,
  StoreOrderListBody,
  StoreOrderListResponse,
  StoreOrderRetrieveBody,
  StoreOrderRetrieveResponse,
  StorePromoteProductListBody,
  StorePromoteProductListResponse,
  StorePromoteProductRetrieveBody,
  StorePromoteProductRetrieveResponse,
  StorePromotionLinkBody,
  StorePromotionLinkResponse,
  StorePromotionQrcodeBody,
  StorePromotionQrcodeResponse,
  StoreRegisterAndBindStatusBody,
  StoreRegisterAndBindStatusResponse,
  StoreSetSharerCommissionBody,
  StoreSetSharerCommissionResponse,
  StoreSetSharerProductCommissionBody,
  StoreSetSharerProductCommissionResponse,
  StoreSharerProductCommissionBody,
  StoreSharerProductCommissionResponse,
  StoreSingleProductPromotionBody,
  StoreSingleProductPromotionResponse,
  StoreUnbindSharerBody,
  StoreUnbindSharerResponse,
} from '../wire-types.ts'

const PROMOTER = '/channels/ec/promoter'
const LEAGUE = '/channels/ec/league/headsupplier'

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

abstract class StoreResource extends APIResource {
  /** POST a store row: JSON body, token in the query, uint64 ids parsed exactly. */
  protected call<T>(path: string, body: unknown, options?: RequestOptions): APIPromise<T> {
    return this._client.request<T>({ method: 'POST', path, body, longIds: true }, options)
  }
}

export class StoreSharers extends StoreResource {
  /** A sharer's registration and bind status, and the wx.openBusinessView parameters. */
  bindStatus(
    body: StoreRegisterAndBindStatusBody,
    options?: RequestOptions,
  ): APIPromise<StoreRegisterAndBindStatusResponse> {
    return this.call(`${PROMOTER}/get_promoter_register_and_bind_status`, body, options)
  }

  /** One page of bound sharers (page_size ≤ 20). */
  list(
    body: StoreBindSharerListBody = {},
    options?: RequestOptions,
  ): APIPromise<StoreBindSharerListResponse> {
    return this.call(`${PROMOTER}/get_bind_sharer_list`, body, options)
  }

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

  /** Unbind a sharer from the 机构. */
  unbind(
    body: StoreUnbindSharerBody,
    options?: RequestOptions,
  ): APIPromise<StoreUnbindSharerResponse> {
    return this.call(`${PROMOTER}/headsupplier_unbind_promoter`, body, options)
  }

  /** A sharer's commission type and ratio (1/1,000,000, 100000–1000000). */
  setCommission(
    body: StoreSetSharerCommissionBody,
    options?: RequestOptions,
  ): APIPromise<StoreSetSharerCommissionResponse> {
    return this.call(`${PROMOTER}/set_sharer_commission_info`, body, options)
  }
}

export class StoreProducts extends StoreResource {
  /** One page of promotable products (page_size ≤ 20); rate filters are 1/100,000. */
  list(
    body: StorePromoteProductListBody,
    options?: RequestOptions,
  ): APIPromise<StorePromoteProductListResponse> {
    return this.call(`${PROMOTER}/get_promote_product_list`, body, options)
  }

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

  /** A product's detail: SKUs (fen), commission info (1/1,000,000). */
  retrieve(
    body: StorePromoteProductRetrieveBody,
    options?: RequestOptions,
  ): APIPromise<StorePromoteProductRetrieveResponse> {
    return this.call(`${PROMOTER}/get_promote_product_detail`, body, options)
  }

  /** A sharer's commission ratio for one product (overrides the sharer's own). */
  setSharerCommission(
    body: StoreSetSharerProductCommissionBody,
    options?: RequestOptions,
  ): APIPromise<StoreSetSharerProductCommissionResponse> {
    return this.call(`${PROMOTER}/set_sharer_product_commission_info`, body, options)
  }

  /** A sharer's per-product commission setting, if any. */
  sharerCommission(
    body: StoreSharerProductCommissionBody,
    options?: RequestOptions,
  ): APIPromise<StoreSharerProductCommissionResponse> {
    return this.call(`${PROMOTER}/get_sharer_product_commission_info`, body, options)
  }
}

export class StoreMaterials extends StoreResource {
  /** A sharer's promotion short links for a product (`short_link`, `http_short_link`). */
  link(
    body: StorePromotionLinkBody,
    options?: RequestOptions,
  ): APIPromise<StorePromotionLinkResponse> {
    return this.call(`${PROMOTER}/get_product_promotion_link_info`, body, options)
  }

  /** A sharer's promotion QR code URL for a product. */
  qrcode(
    body: StorePromotionQrcodeBody,
    options?: RequestOptions,
  ): APIPromise<StorePromotionQrcodeResponse> {
    return this.call(`${PROMOTER}/get_product_promotion_qrcode_info`, body, options)
  }

  /** A sharer's single-product promotion info (`product_promotion_link`). */
  singleProduct(
    body: StoreSingleProductPromotionBody,
    options?: RequestOptions,
  ): APIPromise<StoreSingleProductPromotionResponse> {
    return this.call(`${PROMOTER}/get_promoter_single_product_promotion_info`, body, options)
  }
}

export interface StoreOrderDetailsOptions extends RequestOptions {
  /** order/get calls in flight at once. Default 4. */
  concurrency?: number
}

export class StoreOrders extends StoreResource {
  /** One page of commission-order keys (page_size ≤ 30) by create- or update-time range. */
  list(body: StoreOrderListBody, options?: RequestOptions): APIPromise<StoreOrderListResponse> {
    return this.call(`${LEAGUE}/order/list/get`, body, options)
  }

  /** Every key in the range, following `next_key` while `has_more`. */
  listAll(body: StoreOrderListBody, options?: RequestOptions): AsyncGenerator<StoreOrderKey> {
    return nextKeyPages(
      { page_size: STORE_PAGE_CAPS.orders, ...body },
      (b) => this.list(b, options),
      (r: StoreOrderListResponse) => r.list,
    )
  }

  /** One commission order by (order_id, sku_id); the response key is WeChat's `commssion_order`. */
  retrieve(
    body: StoreOrderRetrieveBody,
    options?: RequestOptions,
  ): APIPromise<StoreOrderRetrieveResponse> {
    return this.call(`${LEAGUE}/order/get`, body, options)
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
