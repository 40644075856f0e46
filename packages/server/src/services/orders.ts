/**
 * The order ledger (union-api.md §12–§13): orders attributed to a promoter, their product lines
 * snapshotted at purchase, and the commission lifecycle. One state per order, which every line
 * carries: paid → SETTLEMENT_PENDING; refund → SETTLEMENT_CANCELED; confirmed receipt, then the
 * settlement delay → SETTLEMENT_SUCCESS. Every state change sets commissionStatusUpdateTime.
 * Transitions are conditional UPDATEs on the current state, so concurrent callers (two server
 * instances sweeping, an admin racing the sweep) can never apply one twice.
 * @module
 */
import { randomInt } from 'node:crypto'
import {
  type CommissionStatus,
  type Order,
  type OrderChange,
  type OrderProduct,
  yuan,
} from '@tuike/contract'
import type { Kysely, Selectable, Transaction, Updateable } from 'kysely'
import { type Clock, nowSeconds } from '../clock.ts'
import { rawReader } from '../db/prepared.ts'
import type { Database, OrderChangesTable, OrderLinesTable, OrdersTable } from '../db/schema.ts'
import { WechatError } from './errors.ts'
import { imageUrl } from './images.ts'
import { NO_OBSERVER, type Observer } from './observer.ts'
import { LINE_COLUMNS, ORDER_COLUMNS, ordersJson } from './order-json.ts'
import { type Answer, OrderPages } from './order-pages.ts'
import { attachStoreLines, touchStoreOrders } from './store-orders.ts'
import { enqueueWebhooks } from './webhooks.ts'

/** A product line to record: the snapshot at purchase time. Money in fen, ratio in 1/10000. */
export interface NewOrderLine {
  productId: string
  skuId: string
  title: string
  thumbImg: string
  /** Line total (unit price × productCnt), fen. */
  price: number
  productCnt: number
  ratio: number
  categoryStr: string
  pid: string
  spotName: string
  customizeInfo: string
}

export interface NewOrder {
  /** The promoter the order is attributed to. */
  appid: string
  shopAppid: string
  shopName: string
  payTime: number
  userNickName?: string
  customUserId?: string
  lines: NewOrderLine[]
}

/** An order as the admin API shows it: the union shape plus the promoter's appid. */
export type AdminOrder = Order & { appid: string }

export interface OrderSearchQuery {
  page: number
  pageSize?: number
  startTimestamp?: number
  endTimestamp?: number
  commissionStatus?: CommissionStatus
  sortByCommissionUpdateTime?: number
  startCommissionUpdateTime?: number
  endCommissionUpdateTime?: number
}

/** The fields of an order/search answer, the list as JSON text. */
export interface SearchFields {
  orderList: string
  pageSize: number
  totalNum: number
}

/**
 * The finished response of answer fields (the route's envelope, encoded): the same function for
 * every call of an Orders, as the answers it makes are kept and handed out again.
 */
export type Finish<F> = (fields: F) => Answer

/** order/search pageSize when absent (union-api.md §16 #36). */
const DEFAULT_PAGE_SIZE = 10

/** Commission of a line: floor(price × ratio / 10000) fen. */
export function lineCommission(priceFen: number, ratio: number): number {
  return Math.floor((priceFen * ratio) / 10000)
}

/** The commission display string of a line in `status` (§12): "-" pending, "¥0" cancelled. */
export function commissionText(status: CommissionStatus, fen: number): string {
  if (status === 'SETTLEMENT_PENDING') return '-'
  if (status === 'SETTLEMENT_CANCELED') return '¥0'
  return yuan(fen)
}

/**
 * A WeChat-like order id for a payment at `paySeconds`: the pay time followed by random digits.
 * 19 digits (beyond 2^53, like real 小商店 ids) unless `short`, then 16 like the doc examples.
 */
export function newOrderId(paySeconds: number, short = false): string {
  const digits = short ? 6 : 9
  return `${paySeconds}${String(randomInt(0, 10 ** digits)).padStart(digits, '0')}`
}

/**
 * Insert an order and its lines inside `db` (a transaction, so both land or neither), pending
 * from its pay time. An id clash (ON CONFLICT DO NOTHING, which keeps a PostgreSQL transaction
 * usable) draws a fresh id. Returns the order id.
 */
export async function insertOrder(
  db: Kysely<Database> | Transaction<Database>,
  order: NewOrder,
): Promise<string> {
  // The feed lock first: the change's sequence number is this promoter's next one.
  const base = await lockFeed(db, order.appid)
  for (let attempt = 0; ; attempt++) {
    const orderId = newOrderId(order.payTime)
    const inserted = await db
      .insertInto('orders')
      .values({
        order_id: orderId,
        appid: order.appid,
        shop_appid: order.shopAppid,
        shop_name: order.shopName,
        pay_time: order.payTime,
        custom_user_id: order.customUserId ?? '',
        user_nick_name: order.userNickName ?? '微信用户',
        commission_status: 'SETTLEMENT_PENDING',
        commission_status_update_time: order.payTime,
        profit_sharing_suc_time: null,
        settle_due_at: null,
      })
      .onConflict((oc) => oc.column('order_id').doNothing())
      .returning('order_id')
      .executeTakeFirst()
    if (!inserted) {
      if (attempt >= 5) throw new Error('could not draw a free order id')
      continue
    }
    await db
      .insertInto('order_lines')
      .values(order.lines.map((l, i) => lineRow(orderId, i, l)))
      .execute()
    // A line through a sharer's spot is also a commission order of the successor API.
    await attachStoreLines(
      db,
      order.appid,
      order.lines.map((l, i) => ({ ...l, orderId, lineNo: i, createTime: order.payTime })),
    )
    // The feed entry and webhook outbox rows commit with the order, or neither does.
    await recordChanges(db, order.appid, base, [
      { orderId, type: 'order.created', previousStatus: null, changedAt: order.payTime },
    ])
    return orderId
  }
}

type Db = Kysely<Database> | Transaction<Database>
type ChangeType = OrderChangesTable['type']

/**
 * Row-lock the promoter's feed counter (PostgreSQL: until commit; SQLite transactions are serial)
 * and answer its last sequence number. Every writer of a promoter's feed takes this lock before
 * numbering, so sequence order is commit order and a rollback leaves no gap.
 */
export async function lockFeed(db: Db, appid: string): Promise<number> {
  const row = await db
    .updateTable('promoters')
    .set((eb) => ({ change_seq: eb('change_seq', '+', 0) }))
    .where('appid', '=', appid)
    .returning('change_seq')
    .executeTakeFirst()
  if (!row) throw new WechatError(40013)
  return Number(row.change_seq)
}

/**
 * Append changes to the promoter's feed after `base` (from lockFeed in the same transaction):
 * each with the order's wire state as it now is, and one outbox row per subscribed webhook.
 */
export async function recordChanges(
  db: Db,
  appid: string,
  base: number,
  changes: {
    orderId: string
    type: ChangeType
    previousStatus: CommissionStatus | null
    changedAt: number
  }[],
): Promise<void> {
  if (changes.length === 0) return
  const ids = [...new Set(changes.map((c) => c.orderId))]
  const rows = await db.selectFrom('orders').selectAll().where('order_id', 'in', ids).execute()
  const views = new Map((await orderViews(db, rows)).map((o) => [o.orderId, o]))
  const entries: OrderChange[] = changes.map((c, i) => {
    const order = views.get(c.orderId)!
    return {
      seq: base + i + 1,
      type: c.type,
      orderId: c.orderId,
      previousStatus: c.previousStatus,
      status:
        order.productList[0]?.commissionStatus ??
        rows.find((r) => r.order_id === c.orderId)!.commission_status,
      changedAt: c.changedAt,
      order,
    }
  })
  await appendChanges(db, appid, entries)
}

/**
 * Store numbered changes (seq base+1… from lockFeed in this transaction), move the promoter's
 * counter past them, and write their webhook outbox rows.
 */
export async function appendChanges(db: Db, appid: string, entries: OrderChange[]): Promise<void> {
  if (entries.length === 0) return
  for (let i = 0; i < entries.length; i += 200) {
    await db
      .insertInto('order_changes')
      .values(
        entries.slice(i, i + 200).map((e) => ({
          appid,
          seq: e.seq,
          order_id: e.orderId,
          type: e.type,
          previous_status: e.previousStatus,
          status: e.status,
          changed_at: e.changedAt,
          order_json: JSON.stringify(e.order),
        })),
      )
      .execute()
  }
  await db
    .updateTable('promoters')
    .set({ change_seq: entries.at(-1)!.seq })
    .where('appid', '=', appid)
    .execute()
  await enqueueWebhooks(db, appid, entries)
  await touchStoreOrders(db, appid, entries)
}

/** Thrown inside a transition's transaction when its condition did not hold: roll back. */
class NotApplied extends Error {}

/** The order_lines row of `line`, with its commission computed. */
export function lineRow(orderId: string, lineNo: number, l: NewOrderLine): OrderLinesTable {
  return {
    order_id: orderId,
    line_no: lineNo,
    product_id: l.productId,
    sku_id: l.skuId,
    title: l.title,
    thumb_img: l.thumbImg,
    price: l.price,
    product_cnt: l.productCnt,
    ratio: l.ratio,
    estimated_commission: lineCommission(l.price, l.ratio),
    category_str: l.categoryStr,
    pid: l.pid,
    spot_name: l.spotName,
    customize_info: l.customizeInfo,
  }
}

type OrderRow = Selectable<OrdersTable>
type LineRow = Selectable<OrderLinesTable>

/** The columns order-json.ts writes an order from: the order's (`o`), then a line's (`l`). */
const COLUMNS = [
  ...ORDER_COLUMNS.map((c) => `o.${c}` as const),
  ...LINE_COLUMNS.map((c) => `l.${c}` as const),
]

export class Orders {
  readonly #pages: OrderPages
  readonly #raw

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly settlementDelay: number,
    private readonly observer: Observer = NO_OBSERVER,
  ) {
    this.#pages = new OrderPages(db)
    this.#raw = rawReader(db)
  }

  /** Record an order (the admin and bulk paths; purchases use insertOrder in their transaction). */
  async create(order: NewOrder): Promise<string> {
    return this.db.transaction().execute((trx) => insertOrder(trx, order))
  }

  /**
   * order/info: the caller's orders among `ids`, in request order; unknown ids are skipped.
   * This server's images on `base` (here and in search). The list is written as JSON text
   * from the orders' rows joined to their lines (order-json.ts), the answer as `finish` makes it.
   */
  async infoAnswer(
    appid: string,
    ids: readonly string[],
    base: string,
    finish: Finish<{ orderList: string }>,
  ): Promise<Answer> {
    const unique = [...new Set(ids)]
    return this.#pages.answer(appid, `info\n${base}\n${unique.join(',')}`, async () => {
      // By primary key only, then the owner check: an appid condition tempts the planner into
      // scanning the caller's whole index range instead of 200 key lookups.
      const rows = await this.#raw(
        this.db
          .selectFrom('orders as o')
          .leftJoin('order_lines as l', 'l.order_id', 'o.order_id')
          .select(COLUMNS)
          .where('o.order_id', 'in', unique)
          .orderBy('o.order_id')
          .orderBy('l.line_no')
          .compile(),
      )
      const own = ordersJson(rows, base).filter((o) => o.appid === appid)
      const byId = new Map(own.map((o) => [o.orderId, o.json]))
      const list = unique.flatMap((id) => byId.get(id) ?? [])
      return finish({ orderList: `[${list.join(',')}]` })
    })
  }

  /**
   * order/search (§13): a pay-time window, or with sortByCommissionUpdateTime=1 a window on the
   * commission-status update time instead (the other window is then ignored); both ends
   * inclusive; newest first, orderId descending on ties, so pages never overlap. The list comes
   * as JSON text, the answer as `finish` makes it.
   */
  async searchAnswer(
    appid: string,
    q: OrderSearchQuery,
    publicUrl: string,
    finish: Finish<SearchFields>,
  ): Promise<Answer> {
    const pageSize = q.pageSize ?? DEFAULT_PAGE_SIZE
    const byStatus = q.sortByCommissionUpdateTime === 1
    const col = byStatus ? 'commission_status_update_time' : 'pay_time'
    const start = byStatus ? q.startCommissionUpdateTime : q.startTimestamp
    const end = byStatus ? q.endCommissionUpdateTime : q.endTimestamp
    const key = JSON.stringify([
      'search',
      publicUrl,
      col,
      start,
      end,
      q.commissionStatus,
      q.page,
      pageSize,
    ])
    return this.#pages.answer(appid, key, async () => {
      let base = this.db.selectFrom('orders').where('appid', '=', appid)
      if (start !== undefined) base = base.where(col, '>=', start)
      if (end !== undefined) base = base.where(col, '<=', end)
      if (q.commissionStatus) base = base.where('commission_status', '=', q.commissionStatus)
      const page = base
        .select(ORDER_COLUMNS)
        .orderBy(col, 'desc')
        .orderBy('order_id', 'desc')
        .limit(pageSize)
        .offset((q.page - 1) * pageSize)
      // The page's orders joined to their lines: one read, in page order then line order.
      const [count, rows] = await Promise.all([
        this.#raw(base.select((eb) => eb.fn.countAll<number>().as('n')).compile()),
        this.#raw(
          this.db
            .selectFrom(page.as('o'))
            .leftJoin('order_lines as l', 'l.order_id', 'o.order_id')
            .select(COLUMNS)
            .orderBy(`o.${col}`, 'desc')
            .orderBy('o.order_id', 'desc')
            .orderBy('l.line_no')
            .compile(),
        ),
      ])
      const list = ordersJson(rows, publicUrl).map((o) => o.json)
      return finish({ orderList: `[${list.join(',')}]`, pageSize, totalNum: Number(count[0]![0]) })
    })
  }

  /** The 50 most recently paid orders of every promoter, for the operator console. */
  async recent(): Promise<{ orders: AdminOrder[] }> {
    const rows = await this.db
      .selectFrom('orders')
      .selectAll()
      .orderBy('pay_time', 'desc')
      .orderBy('order_id', 'desc')
      .limit(50)
      .execute()
    const views = await this.#views(rows)
    return { orders: rows.map((r, i) => ({ appid: r.appid, ...views[i]! })) }
  }

  /** One order with its promoter, for the admin API; 404 when unknown. */
  async get(orderId: string): Promise<AdminOrder> {
    const row = await this.db
      .selectFrom('orders')
      .selectAll()
      .where('order_id', '=', orderId)
      .executeTakeFirst()
    if (!row) throw notFound(orderId)
    const [view] = await this.#views([row])
    return { appid: row.appid, ...view! }
  }

  /** The buyer confirmed receipt: the commission settles `settlementDelay` seconds later. */
  async confirmReceipt(orderId: string): Promise<AdminOrder> {
    const now = nowSeconds(this.clock)
    return this.#transition(orderId, 'confirm receipt of', 'order.updated', now, 'unconfirmed', {
      confirm_receipt_time: now,
      settle_due_at: now + this.settlementDelay,
    })
  }

  /** Refund before settlement: the commission is cancelled. */
  async refund(orderId: string): Promise<AdminOrder> {
    const now = nowSeconds(this.clock)
    return this.#transition(orderId, 'refund', 'order.canceled', now, 'any', {
      commission_status: 'SETTLEMENT_CANCELED',
      commission_status_update_time: now,
      settle_due_at: null,
    })
  }

  /** Settle now, without waiting for the delay; receipt must have been confirmed. */
  async settle(orderId: string): Promise<AdminOrder> {
    const now = nowSeconds(this.clock)
    const order = await this.#transition(orderId, 'settle', 'order.settled', now, 'confirmed', {
      commission_status: 'SETTLEMENT_SUCCESS',
      commission_status_update_time: now,
      profit_sharing_suc_time: now,
      settle_due_at: null,
    })
    this.observer.settled(1, 'manual')
    return order
  }

  /**
   * One transition: in one transaction, lock the promoter's feed, apply the conditional UPDATE
   * (every transition starts from SETTLEMENT_PENDING, with receipt `receipt`) and record the
   * change; when the condition does not hold the transaction rolls back and the caller learns why.
   */
  async #transition(
    orderId: string,
    what: string,
    type: ChangeType,
    now: number,
    receipt: 'any' | 'confirmed' | 'unconfirmed',
    set: Updateable<OrdersTable>,
  ): Promise<AdminOrder> {
    const owner = await this.db
      .selectFrom('orders')
      .select('appid')
      .where('order_id', '=', orderId)
      .executeTakeFirst()
    if (!owner) throw notFound(orderId)
    try {
      await this.db.transaction().execute(async (trx) => {
        const base = await lockFeed(trx, owner.appid)
        let update = trx
          .updateTable('orders')
          .set(set)
          .where('order_id', '=', orderId)
          .where('commission_status', '=', 'SETTLEMENT_PENDING')
        if (receipt === 'confirmed') update = update.where('confirm_receipt_time', '>', 0)
        if (receipt === 'unconfirmed') update = update.where('confirm_receipt_time', '=', 0)
        const res = await update.executeTakeFirst()
        if (Number(res.numUpdatedRows) === 0) throw new NotApplied()
        await recordChanges(trx, owner.appid, base, [
          { orderId, type, previousStatus: 'SETTLEMENT_PENDING', changedAt: now },
        ])
      })
    } catch (err) {
      if (err instanceof NotApplied) await this.#refuse(orderId, what)
      throw err
    }
    return this.get(orderId)
  }

  /**
   * The settlement sweep: settle every pending order whose delay has run out. Per promoter, one
   * transaction locks the feed, applies one conditional UPDATE (exactly once, whatever runs
   * concurrently) and records a change per settled order. The settlement time is the sweep's now,
   * never the past due time, so clients syncing by status-update windows cannot miss it.
   */
  async settleDue(): Promise<number> {
    const now = nowSeconds(this.clock)
    const due = await this.db
      .selectFrom('orders')
      .select('appid')
      .distinct()
      .where('settle_due_at', '<=', now)
      .where('commission_status', '=', 'SETTLEMENT_PENDING')
      .execute()
    let settled = 0
    for (const { appid } of due) {
      const n = await this.db.transaction().execute(async (trx) => {
        const base = await lockFeed(trx, appid)
        const rows = await trx
          .updateTable('orders')
          .set({
            commission_status: 'SETTLEMENT_SUCCESS',
            commission_status_update_time: now,
            profit_sharing_suc_time: now,
            settle_due_at: null,
          })
          .where('appid', '=', appid)
          .where('settle_due_at', '<=', now)
          .where('commission_status', '=', 'SETTLEMENT_PENDING')
          .returning('order_id')
          .execute()
        rows.sort((a, b) => (a.order_id < b.order_id ? -1 : a.order_id > b.order_id ? 1 : 0))
        await recordChanges(
          trx,
          appid,
          base,
          rows.map((r) => ({
            orderId: r.order_id,
            type: 'order.settled' as const,
            previousStatus: 'SETTLEMENT_PENDING' as const,
            changedAt: now,
          })),
        )
        return rows.length
      })
      settled += n
      this.observer.settled(n, 'sweep')
    }
    return settled
  }

  async #refuse(orderId: string, what: string): Promise<never> {
    const row = await this.db
      .selectFrom('orders')
      .select(['commission_status', 'confirm_receipt_time'])
      .where('order_id', '=', orderId)
      .executeTakeFirst()
    if (!row) throw notFound(orderId)
    const state =
      row.commission_status === 'SETTLEMENT_PENDING'
        ? row.confirm_receipt_time > 0
          ? 'SETTLEMENT_PENDING with receipt already confirmed'
          : 'SETTLEMENT_PENDING without a confirmed receipt'
        : row.commission_status
    throw new WechatError(200002, `cannot ${what} order ${orderId}: it is ${state}`, 'conflict')
  }

  #views(rows: OrderRow[]): Promise<Order[]> {
    return orderViews(this.db, rows)
  }
}

/** The wire shape of `rows` with their lines, in the order given. */
export async function orderViews(db: Db, rows: OrderRow[]): Promise<Order[]> {
  if (rows.length === 0) return []
  const lines = await db
    .selectFrom('order_lines')
    .selectAll()
    .where(
      'order_id',
      'in',
      rows.map((r) => r.order_id),
    )
    .orderBy('order_id')
    .orderBy('line_no')
    .execute()
  const byOrder = new Map<string, LineRow[]>()
  for (const l of lines) {
    const list = byOrder.get(l.order_id)
    if (list) list.push(l)
    else byOrder.set(l.order_id, [l])
  }
  return rows.map((r) => orderView(r, byOrder.get(r.order_id) ?? []))
}

function notFound(orderId: string): WechatError {
  return new WechatError(200002, `no order ${orderId}`, 'not_found')
}

/**
 * `orders` with this server's image paths on `base`: order lines (and the feed's snapshots)
 * store the product's image as given, responses carry URLs.
 */
export function withImageUrls(orders: Order[], base: string): Order[] {
  return orders.map((o) => ({
    ...o,
    productList: o.productList.map((l) => ({ ...l, thumbImg: imageUrl(l.thumbImg, base) })),
  }))
}

/** The wire shape of an order row with its lines (images as stored). */
export function orderView(r: OrderRow, lines: LineRow[]): Order {
  const status = r.commission_status
  return {
    orderId: r.order_id,
    payTime: Number(r.pay_time),
    confirmReceiptTime: Number(r.confirm_receipt_time),
    shopName: r.shop_name,
    shopAppid: r.shop_appid,
    customUserId: r.custom_user_id,
    userNickName: r.user_nick_name,
    productList: lines.map((l): OrderProduct => {
      const estimated = Number(l.estimated_commission)
      return {
        productId: l.product_id,
        skuId: l.sku_id,
        title: l.title,
        thumbImg: l.thumb_img,
        price: yuan(Number(l.price)),
        productCnt: l.product_cnt,
        ratio: l.ratio,
        commissionStatus: status,
        commissionStatusUpdateTime: String(r.commission_status_update_time),
        ...(r.profit_sharing_suc_time !== null
          ? { profitShardingSucTime: String(r.profit_sharing_suc_time) }
          : {}),
        commission: commissionText(status, estimated),
        estimatedCommission: estimated,
        categoryStr: l.category_str,
        promotionInfo: { promotionSourcePid: l.pid, promotionSourceName: l.spot_name },
        customizeInfo: l.customize_info,
      }
    }),
  }
}
