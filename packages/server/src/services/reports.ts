/**
 * Reports (`/tuike/v1/report`): clicks, orders, GMV and commission in fen by day (China time),
 * spot or product over a pay-time window, with totals and the click → order → settled funnel.
 * Orders are counted by pay time exactly as order/search's window counts them (both ends
 * inclusive), so `totals.orders` equals order/search's totalNum over the same window.
 * @module
 */
import { type Expression, type Kysely, type SqlBool, sql } from 'kysely'
import type { Database } from '../db/schema.ts'

export type ReportBy = 'day' | 'spot' | 'product'

export interface ReportFigures {
  clicks: number
  orders: number
  gmv: number
  estimated: number
  pending: number
  settled: number
  cancelled: number
  settledOrders: number
  cancelledOrders: number
}

export interface ReportRow extends ReportFigures {
  key: string
  label: string
}

/** China Standard Time, UTC+8: the days of by=day. */
const CST = 8 * 3600

function zero(): ReportFigures {
  return {
    clicks: 0,
    orders: 0,
    gmv: 0,
    estimated: 0,
    pending: 0,
    settled: 0,
    cancelled: 0,
    settledOrders: 0,
    cancelledOrders: 0,
  }
}

function dayLabel(day: number): string {
  return new Date(day * 86400 * 1000).toISOString().slice(0, 10)
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : Math.round((a / b) * 10000) / 10000
}

/** What rows group by: the China-time day of `time`, the spot, or the product. */
function groupKey(by: ReportBy, time: string, pid: string, productId: string) {
  if (by === 'day') return sql<string>`cast((${sql.ref(time)} + ${sql.lit(CST)}) / 86400 as text)`
  return sql<string>`${sql.ref(by === 'spot' ? pid : productId)}`
}

/** `column` within the window, both ends inclusive; a missing end is open. */
function inWindow(column: string, q: { since?: number; until?: number }): Expression<SqlBool> {
  const ends = []
  if (q.since !== undefined) ends.push(sql`${sql.ref(column)} >= ${q.since}`)
  if (q.until !== undefined) ends.push(sql`${sql.ref(column)} <= ${q.until}`)
  return ends.length > 0 ? sql<SqlBool>`(${sql.join(ends, sql` and `)})` : sql<SqlBool>`1 = 1`
}

export class Reports {
  constructor(private readonly db: Kysely<Database>) {}

  async report(appid: string, q: { by?: ReportBy; since?: number; until?: number }) {
    const by = q.by ?? 'day'
    const orderKey = groupKey(by, 'o.pay_time', 'l.pid', 'l.product_id')
    const orders = this.db
      .selectFrom('orders as o')
      .innerJoin('order_lines as l', 'l.order_id', 'o.order_id')
      .where('o.appid', '=', appid)
      .where(inWindow('o.pay_time', q))
    const status = (s: string, col: 'l.estimated_commission' | 'o.order_id') =>
      col === 'o.order_id'
        ? sql<number>`count(distinct case when o.commission_status = ${s} then o.order_id end)`
        : sql<number>`coalesce(sum(case when o.commission_status = ${s} then l.estimated_commission else 0 end), 0)`
    const sums = [
      sql<number>`count(distinct o.order_id)`.as('orders'),
      sql<number>`coalesce(sum(l.price), 0)`.as('gmv'),
      sql<number>`coalesce(sum(l.estimated_commission), 0)`.as('estimated'),
      status('SETTLEMENT_PENDING', 'l.estimated_commission').as('pending'),
      status('SETTLEMENT_SUCCESS', 'l.estimated_commission').as('settled'),
      status('SETTLEMENT_CANCELED', 'l.estimated_commission').as('cancelled'),
      status('SETTLEMENT_SUCCESS', 'o.order_id').as('settled_orders'),
      status('SETTLEMENT_CANCELED', 'o.order_id').as('cancelled_orders'),
    ] as const
    const orderRows = await orders
      .select([
        orderKey.as('k'),
        sql<string>`max(l.title)`.as('title'),
        sql<string>`max(l.spot_name)`.as('spot_name'),
        ...sums,
      ])
      .groupBy(orderKey)
      .execute()
    // Totals: orders counted once even when their lines fall in several groups.
    const totalRow = await orders.select([...sums]).executeTakeFirstOrThrow()

    const clickKey = groupKey(by, 'c.at', 'c.pid', 'm.product_id')
    const clicks = this.db
      .selectFrom('material_clicks as c')
      .innerJoin('materials as m', 'm.code', 'c.code')
      .where('m.appid', '=', appid)
      .where(inWindow('c.at', q))
    const clickRows = await clicks
      .select([clickKey.as('k'), sql<number>`count(*)`.as('n')])
      .groupBy(clickKey)
      .execute()

    const rows = new Map<string, ReportRow>()
    const row = (k: string) => {
      let r = rows.get(k)
      if (!r) {
        r = { key: k, label: k, ...zero() }
        rows.set(k, r)
      }
      return r
    }
    for (const o of orderRows) {
      const r = row(String(o.k))
      r.orders = Number(o.orders)
      r.gmv = Number(o.gmv)
      r.estimated = Number(o.estimated)
      r.pending = Number(o.pending)
      r.settled = Number(o.settled)
      r.cancelled = Number(o.cancelled)
      r.settledOrders = Number(o.settled_orders)
      r.cancelledOrders = Number(o.cancelled_orders)
      r.label = by === 'product' ? o.title : by === 'spot' ? o.spot_name : r.label
    }
    let totalClicks = 0
    for (const c of clickRows) {
      row(String(c.k)).clicks = Number(c.n)
      totalClicks += Number(c.n)
    }
    if (by === 'day') {
      for (const r of rows.values()) {
        r.key = dayLabel(Number(r.key))
        r.label = r.key
      }
    } else if (by === 'spot' && rows.size > 0) {
      const spots = await this.db
        .selectFrom('promotion_spots')
        .select(['pid', 'name'])
        .where('appid', '=', appid)
        .execute()
      const names = new Map(spots.map((s) => [s.pid, s.name]))
      for (const r of rows.values()) r.label = names.get(r.key) ?? r.label
    } else if (by === 'product') {
      const missing = [...rows.values()].filter((r) => r.label === r.key).map((r) => r.key)
      if (missing.length > 0) {
        const products = await this.db
          .selectFrom('products')
          .select(['id', 'title'])
          .where('id', 'in', missing)
          .execute()
        const titles = new Map(products.map((p) => [p.id, p.title]))
        for (const r of rows.values()) if (r.label === r.key) r.label = titles.get(r.key) ?? r.key
      }
    }
    const totals: ReportFigures = {
      clicks: totalClicks,
      orders: Number(totalRow.orders),
      gmv: Number(totalRow.gmv),
      estimated: Number(totalRow.estimated),
      pending: Number(totalRow.pending),
      settled: Number(totalRow.settled),
      cancelled: Number(totalRow.cancelled),
      settledOrders: Number(totalRow.settled_orders),
      cancelledOrders: Number(totalRow.cancelled_orders),
    }
    const list = [...rows.values()].sort((a, b) =>
      by === 'day'
        ? a.key < b.key
          ? -1
          : a.key > b.key
            ? 1
            : 0
        : b.gmv - a.gmv || b.clicks - a.clicks || (a.key < b.key ? -1 : 1),
    )
    return {
      by,
      rows: list,
      totals,
      funnel: {
        clicks: totals.clicks,
        orders: totals.orders,
        settledOrders: totals.settledOrders,
        clickToOrder: ratio(totals.orders, totals.clicks),
        orderToSettled: ratio(totals.settledOrders, totals.orders),
      },
    }
  }
}
