/**
 * Commission orders of the successor API (store-promoter-api.md §8) over the union order ledger.
 * An order line attributed to a sharer's spot gets a `store_order_lines` row when it is stored
 * (the sharer and its ratio frozen then); every change the ledger records (creation, receipt,
 * settlement, refund, the same admin transitions and test clock as union orders) moves the row's
 * update_time and callback version and queues head_supplier_commission_order_update.
 *
 * Statuses: SETTLEMENT_PENDING / SUCCESS / CANCELED are commission status 20 / 100 / 200; the
 * order status is 20 (paid, awaiting shipment) until the buyer confirms receipt, then 100, and
 * 200 once refunded. Amounts (§8.5): the 机构 fee is floor(actual_payment × service_ratio / 10^6)
 * with service_ratio = the line's union ratio × 100, so it equals the union commission exactly;
 * the sharer gets floor(fee × share / 10^6) and the 机构 keeps the rest (all of it when it pays
 * the sharer itself, commission_type 1).
 * @module
 */
import { createHmac } from 'node:crypto'
import {
  type EndpointInput,
  type EndpointResponse,
  type Order,
  type OrderChange,
  STORE_DEFAULT_PAGE_SIZE,
  type STORE_ENDPOINTS,
  STORE_RATIO_SCALE,
} from '@tuike/contract'
import type { Kysely, Selectable } from 'kysely'
import type { ServerConfig } from '../config.ts'
import type { Database, Db, OrdersTable, StoreOrderLinesTable } from '../db/schema.ts'
import { WechatError } from './errors.ts'
import { imageUrl } from './images.ts'
import { decodeNextKey, keysetPage } from './next-key.ts'
import { sharerShare } from './sharers.ts'
import { enqueueStoreEvents, type QueuedEvent, WECHAT_TEAM_OPENID } from './store-callbacks.ts'
import { UNION_TO_STORE_RATIO } from './store-products.ts'

type E = typeof STORE_ENDPOINTS
type StoreLine = Selectable<StoreOrderLinesTable>

/** Commission status (§8.1) of a union commission status. */
const COMMISSION_STATUS = {
  SETTLEMENT_PENDING: 20,
  SETTLEMENT_SUCCESS: 100,
  SETTLEMENT_CANCELED: 200,
} as const

/** The commission-order and order statuses of an order in the ledger. */
export function storeStatuses(o: {
  commission_status: OrdersTable['commission_status']
  confirm_receipt_time: number
}): { status: 20 | 100 | 200; order_status: 20 | 100 | 200 } {
  const status = COMMISSION_STATUS[o.commission_status]
  if (status !== 20) return { status, order_status: status }
  return { status, order_status: Number(o.confirm_receipt_time) > 0 ? 100 : 20 }
}

/** The successor amounts of a line (§8.5), all floor to the fen. */
export function storeAmounts(
  line: { price: number; ratio: number },
  share: number,
  commissionType: number,
) {
  const serviceRatio = line.ratio * UNION_TO_STORE_RATIO
  const fee = Math.floor((line.price * serviceRatio) / STORE_RATIO_SCALE)
  const sharerAmount = Math.floor((fee * share) / STORE_RATIO_SCALE)
  return {
    serviceRatio,
    sharerRatio: Math.floor((serviceRatio * share) / STORE_RATIO_SCALE),
    sharerAmount,
    serviceAmount: commissionType === 0 ? fee - sharerAmount : fee,
  }
}

/**
 * Check a purchase through spot `pid` of `appid`: refused (HTTP 409) when the spot stands for a
 * sharer no longer bound to the 机构, whose materials stop attributing (§4.4). Spots of 推客
 * accounts (a deleted one still earns) pass.
 */
export async function storeAttribution(db: Db, appid: string, pid: string): Promise<void> {
  const binding = await db
    .selectFrom('sharer_bindings')
    .select(['sharer_appid', 'bound'])
    .where('pid', '=', pid)
    .where('appid', '=', appid)
    .executeTakeFirst()
  if (binding && binding.bound !== 1) {
    throw new WechatError(
      200002,
      `sharer ${binding.sharer_appid} is no longer bound to 机构 ${appid}: its materials attribute nothing`,
      'conflict',
    )
  }
}

/**
 * The successor rows of order lines just stored (inside their transaction): one per line whose
 * spot stands for a sharer, with the sharer's share frozen (product override first). Lines of
 * 推客 spots get none. Whether the sharer may still attribute was checked when the purchase
 * began (storeAttribution): an unbind committing in between does not orphan the order.
 */
export async function attachStoreLines(
  db: Db,
  appid: string,
  lines: readonly {
    orderId: string
    lineNo: number
    skuId: string
    productId: string
    pid: string
    createTime: number
    /** The time of the order's last change when it is stored in a later state (seeds). */
    updateTime?: number
  }[],
): Promise<void> {
  if (lines.length === 0) return
  const pids = [...new Set(lines.map((l) => l.pid))]
  const bindings = await db
    .selectFrom('sharer_bindings')
    .selectAll()
    .where('appid', '=', appid)
    .where('pid', 'in', pids)
    .execute()
  if (bindings.length === 0) return
  const byPid = new Map(bindings.map((b) => [b.pid, b]))
  const rows: StoreOrderLinesTable[] = []
  for (const l of lines) {
    const b = byPid.get(l.pid)
    if (!b) continue
    const { share } = await sharerShare(db, b, l.productId)
    rows.push({
      order_id: l.orderId,
      sku_id: l.skuId,
      line_no: l.lineNo,
      appid,
      sharer_appid: b.sharer_appid,
      sharer_share: share,
      commission_type: b.commission_type,
      create_time: l.createTime,
      update_time: l.updateTime ?? l.createTime,
      version: 0,
    })
  }
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('store_order_lines')
      .values(rows.slice(i, i + 200))
      .execute()
  }
}

/**
 * After the ledger recorded `changes` of `appid` (same transaction): each commission order of
 * the changed orders moves to update_time = the change time and version = max(change time,
 * previous + 1), and one head_supplier_commission_order_update per change and row is queued.
 */
export async function touchStoreOrders(
  db: Db,
  appid: string,
  changes: readonly OrderChange[],
): Promise<void> {
  // Most changes are of 推客 orders: one lookup settles that, however many orders changed.
  const inst = await db
    .selectFrom('institutions')
    .select('username')
    .where('appid', '=', appid)
    .executeTakeFirst()
  if (!inst) return
  const ids = [...new Set(changes.map((c) => c.orderId))]
  const lines: StoreLine[] = []
  for (let i = 0; i < ids.length; i += 200) {
    lines.push(
      ...(await db
        .selectFrom('store_order_lines')
        .selectAll()
        .where('order_id', 'in', ids.slice(i, i + 200))
        .execute()),
    )
  }
  if (lines.length === 0) return
  const username = inst.username
  const byOrder = new Map<string, StoreLine[]>()
  for (const l of lines) byOrder.set(l.order_id, [...(byOrder.get(l.order_id) ?? []), l])
  const events: QueuedEvent[] = []
  for (const change of changes) {
    for (const line of byOrder.get(change.orderId) ?? []) {
      const version = Math.max(change.changedAt, Number(line.version) + 1)
      const updated = Math.max(change.changedAt, Number(line.update_time))
      line.version = version
      line.update_time = updated
      await db
        .updateTable('store_order_lines')
        .set({ version, update_time: updated })
        .where('order_id', '=', line.order_id)
        .where('sku_id', '=', line.sku_id)
        .execute()
      const s = statusesOf(change.order)
      events.push({
        key: `${line.order_id}:${line.sku_id}`,
        seq: version,
        event: {
          ToUserName: username,
          FromUserName: WECHAT_TEAM_OPENID,
          CreateTime: change.changedAt,
          MsgType: 'event',
          Event: 'head_supplier_commission_order_update',
          order_info: {
            order_id: line.order_id,
            sku_id: line.sku_id,
            commission_order_status: s.status,
            order_status: s.order_status,
            version: String(version),
          },
        },
      })
    }
  }
  await enqueueStoreEvents(db, appid, events)
}

/** The statuses of an order as the feed carries it (state right after the change). */
function statusesOf(order: Order) {
  const line = order.productList[0]
  return storeStatuses({
    commission_status: line?.commissionStatus ?? 'SETTLEMENT_PENDING',
    confirm_receipt_time: order.confirmReceiptTime,
  })
}

export class StoreOrders {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly config: ServerConfig,
    private readonly key: string,
  ) {}

  /** order/list/get (§8.2). */
  async list(
    appid: string,
    input: EndpointInput<E['headsupplier/order/list/get']>,
  ): Promise<Omit<EndpointResponse<E['headsupplier/order/list/get']>, 'errcode' | 'errmsg'>> {
    const { next_key, page_size, ...filters } = input
    if (filters.finder_id !== undefined || filters.openfinderid !== undefined) {
      throw new WechatError(
        10024001,
        '不合法的finder_id: this 机构 has no 视频号 creators in Tuike',
      )
    }
    const size = page_size ?? STORE_DEFAULT_PAGE_SIZE
    const after = decodeNextKey(next_key, 'orders', filters, ['time', 'id', 'id'])
    const byCreate = filters.create_time_range !== undefined
    const range = filters.create_time_range ?? filters.update_time_range
    if (filters.order_id === undefined && !range && this.config.storeStrictOrderList) {
      throw new WechatError(10024000, '参数错误: give create_time_range or update_time_range')
    }
    const col = byCreate ? 'l.create_time' : 'l.update_time'
    let q = this.db
      .selectFrom('store_order_lines as l')
      .select(['l.order_id', 'l.sku_id', 'l.create_time', 'l.update_time'])
      .where('l.appid', '=', appid)
    if (filters.order_id !== undefined) q = q.where('l.order_id', '=', filters.order_id)
    else {
      if (filters.appid !== undefined) {
        const shop = await this.db
          .selectFrom('shops')
          .select('appid')
          .where('appid', '=', filters.appid)
          .executeTakeFirst()
        if (!shop) throw new WechatError(10024003, `不合法的appid: no shop ${filters.appid}`)
        const ids = this.db
          .selectFrom('orders')
          .select('order_id')
          .where('shop_appid', '=', filters.appid)
          .where('appid', '=', appid)
        q = q.where('l.order_id', 'in', ids)
      }
      if (filters.sharer_appid !== undefined)
        q = q.where('l.sharer_appid', '=', filters.sharer_appid)
      if (range?.start_time !== undefined) q = q.where(col, '>=', range.start_time)
      if (range?.end_time !== undefined) q = q.where(col, '<=', range.end_time)
    }
    if (after) {
      const [t, o, k] = after
      q = q.where((eb) =>
        eb.or([
          eb(col, '>', Number(t)),
          eb.and([eb(col, '=', Number(t)), eb('l.order_id', '>', String(o))]),
          eb.and([
            eb(col, '=', Number(t)),
            eb('l.order_id', '=', String(o)),
            eb('l.sku_id', '>', String(k)),
          ]),
        ]),
      )
    }
    const rows = await q
      .orderBy(col)
      .orderBy('l.order_id')
      .orderBy('l.sku_id')
      .limit(size + 1)
      .execute()
    const { page, more, nextKey } = keysetPage(rows, size, 'orders', filters, (r) => [
      Number(byCreate ? r.create_time : r.update_time),
      r.order_id,
      r.sku_id,
    ])
    return {
      list: page.map((r) => ({ order_id: r.order_id, sku_id: r.sku_id })),
      next_key: nextKey,
      has_more: more,
    }
  }

  /** order/get (§8.3), this server's images on `base`. */
  async get(
    appid: string,
    input: EndpointInput<E['headsupplier/order/get']>,
    base: string,
  ): Promise<Omit<EndpointResponse<E['headsupplier/order/get']>, 'errcode' | 'errmsg'>> {
    const row = await this.db
      .selectFrom('store_order_lines as s')
      .innerJoin('order_lines as l', (j) =>
        j.onRef('l.order_id', '=', 's.order_id').onRef('l.line_no', '=', 's.line_no'),
      )
      .innerJoin('orders as o', 'o.order_id', 's.order_id')
      .innerJoin('sharers as p', 'p.sharer_appid', 's.sharer_appid')
      .select([
        's.order_id',
        's.sku_id',
        's.create_time',
        's.update_time',
        's.sharer_appid',
        's.sharer_share',
        's.commission_type',
        'l.product_id',
        'l.thumb_img',
        'l.title',
        'l.price',
        'l.product_cnt',
        'l.ratio',
        'o.shop_appid',
        'o.shop_name',
        'o.pay_time',
        'o.commission_status',
        'o.confirm_receipt_time',
        'o.profit_sharing_suc_time',
        'p.nickname',
        'p.head_img_url',
        'p.org_openid',
      ])
      .where('s.order_id', '=', input.order_id)
      .where('s.sku_id', '=', input.sku_id)
      .where('s.appid', '=', appid)
      .executeTakeFirst()
    if (!row) {
      throw new WechatError(
        10024006,
        `不存在该佣金单: no commission order (${input.order_id}, ${input.sku_id}) of this 机构`,
      )
    }
    const s = storeStatuses(row)
    const a = storeAmounts(
      { price: Number(row.price), ratio: row.ratio },
      row.sharer_share,
      row.commission_type,
    )
    const update = Number(row.update_time)
    return {
      commssion_order: {
        order_id: row.order_id,
        sku_id: row.sku_id,
        create_time: Number(row.create_time),
        update_time: update,
        status: s.status,
        order_detail: {
          shop_info: { appid: row.shop_appid, shop_name: row.shop_name },
          product_info: {
            product_id: row.product_id,
            thumb_img: imageUrl(row.thumb_img, base),
            title: row.title,
            actual_payment: Number(row.price),
            product_cnt: row.product_cnt,
          },
          order_info: {
            order_status: s.order_status,
            pay_time: Number(row.pay_time),
            create_time: Number(row.pay_time),
            update_time: update,
          },
          commission_info: {
            service_ratio: a.serviceRatio,
            service_amount: a.serviceAmount,
            ...(s.status === 100 && row.profit_sharing_suc_time !== null
              ? { profit_sharding_suc_time: Number(row.profit_sharing_suc_time) }
              : {}),
            promotion_channel: 1,
            sharer_info: {
              sharer_appid: row.sharer_appid,
              nickname: row.nickname,
              head_img_url: imageUrl(row.head_img_url, base),
              opensharerid: row.org_openid,
              ratio: a.sharerRatio,
              amount: a.sharerAmount,
            },
          },
          buyer_info: { open_id: this.#buyerOpenid(row.order_id) },
        },
      },
    }
  }

  /** The buyer's openid of an order: stable, openid-shaped, derived with the server key. */
  #buyerOpenid(orderId: string): string {
    return `o${createHmac('sha256', this.key).update(`buyer\n${orderId}`).digest('base64url').slice(0, 27)}`
  }
}
