/**
 * order/search_normal_order (union-api.md §14.8): the promoter's orders from the same ledger as
 * order/info and order/search, in the trade-component shape: integer fen money and numeric
 * commission status codes (the individual 推客 table, used for every account, §16 #48).
 *
 * Ledger state → numeric code (`name`) → orderInfo.status:
 *
 * | Ledger                                        | code | name                           | status |
 * |-----------------------------------------------|------|--------------------------------|--------|
 * | SETTLEMENT_PENDING, receipt not confirmed     | 2    | COMMISSION_PAY_SUCCESS         | 20     |
 * | SETTLEMENT_PENDING, receipt confirmed         | 5    | COMMISSION_SHOP_WAIT_DEDUCTION | 100    |
 * | SETTLEMENT_SUCCESS                            | 11   | COMMISSION_PROMOTER_PAY_SUCC   | 100    |
 * | SETTLEMENT_CANCELED                           | 4    | COMMISSION_PAY_CANCEL          | 200    |
 *
 * Codes 6, 7, 8, 10 and 12 are never produced; filtering on them matches nothing.
 *
 * The status-update time is when the code last changed: the confirmed receipt for code 5, the
 * commission-status update time otherwise (the pay time for code 2, whose orderInfo
 * `statusUpdateTime` is null: nothing changed since payment). The status-update window and
 * sortBy=2 use it. Ties sort on orderId in the same direction, so pages never overlap.
 *
 * Ids the ledger does not keep are derived from the order id and read back the same way:
 * `outOrderId` is `TK<orderId>`, `transactionId` (and `tradeNo`) is `4200` + the order id
 * zero-padded to 24 digits (28 digits, like WeChat Pay's). `query` matches a substring of a
 * product line's title (exact case). Money: orderPrice is the sum of the lines' paid amounts;
 * freight, discountedPrice and additionalPrice are 0; salePrice is the unit price, realPrice
 * the line's paid amount, commissionValue the line's estimated commission.
 * @module
 */
import type { NormalOrder, NormalOrderSearchQuery } from '@tuike/contract'
import {
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type Selectable,
  type SqlBool,
  sql,
} from 'kysely'
import type { z } from 'zod'
import { strpos } from '../db/dialect.ts'
import type { Database, OrdersTable } from '../db/schema.ts'
import { imageUrl } from './images.ts'

export type NormalOrderQuery = z.output<typeof NormalOrderSearchQuery>
type NormalOrderOut = z.input<typeof NormalOrder>

type Ledger = OrdersTable['commission_status']

/** The numeric code of an order's ledger state. */
export function normalCode(status: Ledger, confirmReceiptTime: number): 2 | 4 | 5 | 11 {
  if (status === 'SETTLEMENT_SUCCESS') return 11
  if (status === 'SETTLEMENT_CANCELED') return 4
  return confirmReceiptTime > 0 ? 5 : 2
}

const CODE_NAME = {
  2: 'COMMISSION_PAY_SUCCESS',
  4: 'COMMISSION_PAY_CANCEL',
  5: 'COMMISSION_SHOP_WAIT_DEDUCTION',
  11: 'COMMISSION_PROMOTER_PAY_SUCC',
} as const

const ORDER_STATUS = { 2: 20, 4: 200, 5: 100, 11: 100 } as const

/** When the code of an order last changed (see the module comment). */
export function normalStatusTime(
  o: Pick<
    Selectable<OrdersTable>,
    'commission_status' | 'confirm_receipt_time' | 'commission_status_update_time'
  >,
): number {
  return o.commission_status === 'SETTLEMENT_PENDING' && Number(o.confirm_receipt_time) > 0
    ? Number(o.confirm_receipt_time)
    : Number(o.commission_status_update_time)
}

export const outOrderIdOf = (orderId: string) => `TK${orderId}`
export const transactionIdOf = (orderId: string) => `4200${orderId.padStart(24, '0')}`

/** The order id behind an outOrderId, or undefined. */
export function orderIdOfOut(out: string): string | undefined {
  return /^TK(\d{1,24})$/.exec(out)?.[1]
}

/** The order id behind a transactionId / tradeNo, or undefined. */
export function orderIdOfTransaction(t: string): string | undefined {
  const m = /^4200(\d{24})$/.exec(t)
  return m ? m[1]!.replace(/^0+/, '') || undefined : undefined
}

type OEB = ExpressionBuilder<Database & { o: OrdersTable }, 'o'>

const STATUS_TIME = sql<number>`case when o.commission_status = 'SETTLEMENT_PENDING' and o.confirm_receipt_time > 0 then o.confirm_receipt_time else o.commission_status_update_time end`

export class NormalOrders {
  constructor(private readonly db: Kysely<Database>) {}

  /** search_normal_order; this server's images on `publicUrl`. */
  async search(
    appid: string,
    q: NormalOrderQuery,
    publicUrl: string,
  ): Promise<{ orderList: NormalOrderOut[]; total: number }> {
    const where = this.#conditions(q)
    if (where === 'empty') return { orderList: [], total: 0 }
    const base = this.db
      .selectFrom('orders as o')
      .where('o.appid', '=', appid)
      .where((eb) => eb.and(where.map((w) => w(eb))))
    const dir = q.sortOrder === 2 ? 'asc' : 'desc'
    const sortCol = q.sortBy === 2 ? STATUS_TIME : sql.ref('o.pay_time')
    const [count, rows] = await Promise.all([
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      base
        .selectAll('o')
        .orderBy(sortCol, dir)
        .orderBy('o.order_id', dir)
        .offset(q.offset)
        .limit(q.limit)
        .execute(),
    ])
    return { orderList: await this.#views(rows, publicUrl), total: Number(count.n) }
  }

  #conditions(q: NormalOrderQuery): ((eb: OEB) => Expression<SqlBool>)[] | 'empty' {
    const out: ((eb: OEB) => Expression<SqlBool>)[] = []
    // Every id filter narrows to a set of order ids; an id that names no order empties it.
    const idSets: string[][] = []
    if (q.orderId !== undefined) idSets.push([q.orderId])
    if (q.outOrderId !== undefined) idSets.push(ids([q.outOrderId], orderIdOfOut))
    if (q.tradeNo !== undefined) idSets.push(ids([q.tradeNo], orderIdOfTransaction))
    if (q.outOrderIdList !== undefined) idSets.push(ids(q.outOrderIdList, orderIdOfOut))
    if (q.transactionIdList !== undefined) {
      idSets.push(ids(q.transactionIdList, orderIdOfTransaction))
    }
    for (const set of idSets) {
      if (set.length === 0) return 'empty'
      out.push((eb) => eb('o.order_id', 'in', set))
    }
    if (q.startPayTime !== undefined) out.push((eb) => eb('o.pay_time', '>=', q.startPayTime!))
    if (q.endPayTime !== undefined) out.push((eb) => eb('o.pay_time', '<=', q.endPayTime!))
    if (q.startStatusUpdateTime !== undefined) {
      out.push(() => sql<SqlBool>`${STATUS_TIME} >= ${q.startStatusUpdateTime}`)
    }
    if (q.endStatusUpdateTime !== undefined) {
      out.push(() => sql<SqlBool>`${STATUS_TIME} <= ${q.endStatusUpdateTime}`)
    }
    if (q.commissionStatus !== undefined) {
      const codes = new Set(q.commissionStatus)
      const known = ([2, 4, 5, 11] as const).filter((c) => codes.has(c))
      if (known.length === 0) return 'empty'
      out.push((eb) =>
        eb.or(
          known.map((c) => {
            if (c === 11) return eb('o.commission_status', '=', 'SETTLEMENT_SUCCESS')
            if (c === 4) return eb('o.commission_status', '=', 'SETTLEMENT_CANCELED')
            return eb.and([
              eb('o.commission_status', '=', 'SETTLEMENT_PENDING'),
              eb('o.confirm_receipt_time', c === 5 ? '>' : '=', 0),
            ])
          }),
        ),
      )
    }
    const keyword = q.query?.trim()
    if (keyword) {
      const found = sql<SqlBool>`${strpos(this.db, sql`l.title`, keyword)} > 0`
      out.push((eb) =>
        eb.exists(
          eb
            .selectFrom('order_lines as l')
            .select('l.line_no')
            .whereRef('l.order_id', '=', 'o.order_id')
            .where(found),
        ),
      )
    }
    return out
  }

  async #views(rows: Selectable<OrdersTable>[], publicUrl: string): Promise<NormalOrderOut[]> {
    if (rows.length === 0) return []
    const orderIds = rows.map((r) => r.order_id)
    const [lines, shops] = await Promise.all([
      this.db
        .selectFrom('order_lines')
        .selectAll()
        .where('order_id', 'in', orderIds)
        .orderBy('order_id')
        .orderBy('line_no')
        .execute(),
      this.db
        .selectFrom('shops')
        .select(['appid', 'username'])
        .where('appid', 'in', [...new Set(rows.map((r) => r.shop_appid))])
        .execute(),
    ])
    const username = new Map(shops.map((s) => [s.appid, s.username]))
    const byOrder = new Map<string, typeof lines>()
    for (const l of lines) {
      const list = byOrder.get(l.order_id)
      if (list) list.push(l)
      else byOrder.set(l.order_id, [l])
    }
    return rows.map((r) => {
      const code = normalCode(r.commission_status, Number(r.confirm_receipt_time))
      const statusTime = normalStatusTime(r)
      const own = byOrder.get(r.order_id) ?? []
      return {
        orderInfo: {
          orderId: r.order_id,
          outOrderId: outOrderIdOf(r.order_id),
          transactionId: transactionIdOf(r.order_id),
          payTime: Number(r.pay_time),
          createTime: Number(r.pay_time),
          orderPrice: own.reduce((sum, l) => sum + Number(l.price), 0),
          freight: 0,
          discountedPrice: 0,
          additionalPrice: 0,
          additionalRemarks: '',
          status: ORDER_STATUS[code],
          statusUpdateTime: code === 2 ? null : statusTime,
          shopInfo: {
            nickname: r.shop_name,
            appid: r.shop_appid,
            username: username.get(r.shop_appid) ?? '',
          },
          path: `pages/order/detail?orderId=${r.order_id}`,
        },
        productList: own.map((l) => ({
          productId: l.product_id,
          outProductId: l.product_id,
          skuId: l.sku_id,
          outSkuId: l.sku_id,
          title: l.title,
          headImg: imageUrl(l.thumb_img, publicUrl),
          salePrice: Math.floor(Number(l.price) / Math.max(1, l.product_cnt)),
          realPrice: Number(l.price),
          productCnt: l.product_cnt,
          ratio: l.ratio,
          commissionValue: Number(l.estimated_commission),
          commissionStatus: CODE_NAME[code],
          commissionStatusUpdateTime: statusTime,
          promotionInfo: { promotionSourcePid: l.pid, promotionSourceName: l.spot_name },
        })),
      }
    })
  }
}

function ids(values: readonly string[], read: (v: string) => string | undefined): string[] {
  return [...new Set(values.flatMap((v) => read(v) ?? []))]
}
