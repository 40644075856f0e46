/**
 * Reads the console needs that span several API calls: every order of a window (order/search
 * pages), every live spot (promotion/list pages), and the per-spot click counts.
 * @module
 */
import type { CommissionStatus, Order, Promotion, TuikeClient } from '@tuike/sdk'

/** At most this many orders are read for one view (25 pages of 200). */
export const ORDER_READ_CAP = 5000

/** Every order paid in [start, end] (newest first), up to ORDER_READ_CAP. */
export async function allOrders(
  client: TuikeClient,
  window: { start?: number; end?: number; status?: CommissionStatus },
): Promise<{ orders: Order[]; total: number; capped: boolean }> {
  const orders: Order[] = []
  let total = 0
  for (let page = 1; ; page++) {
    const res = await client.orders.search({
      page,
      pageSize: 200,
      startTimestamp: window.start,
      endTimestamp: window.end,
      commissionStatus: window.status,
    })
    total = res.totalNum
    orders.push(...res.orderList)
    if (res.orderList.length < 200 || orders.length >= total) break
    if (orders.length >= ORDER_READ_CAP) return { orders, total, capped: true }
  }
  return { orders, total, capped: false }
}

/** Every live spot and the account's cap. */
export async function allSpots(
  client: TuikeClient,
): Promise<{ spots: Promotion[]; total: number; promotionMaxCnt: number }> {
  const spots: Promotion[] = []
  let total = 0
  let promotionMaxCnt = 0
  for (let start = 0; ; start += 100) {
    const res = await client.promotions.list({ start, limit: 100 })
    total = res.total
    promotionMaxCnt = res.promotionMaxCnt
    spots.push(...res.promotionSourceList)
    if (res.promotionSourceList.length < 100 || spots.length >= total) break
  }
  return { spots, total, promotionMaxCnt }
}

/** Short-link opens per spot, all time, from Tuike's report (`/tuike/v1/report?by=spot`). */
export async function clicksBySpot(client: TuikeClient): Promise<Map<string, number>> {
  const res = await client.tuike.report({ by: 'spot' })
  return new Map(res.rows.map((r) => [r.key, r.clicks]))
}
