/**
 * Reads the console needs that span several API calls: every order of a window (order/search
 * pages), every live spot (promotion/list pages), and the per-spot click counts.
 * @module
 */
import type { UnionApi } from './api.ts'

export interface Spot {
  promotionSourceName: string
  promotionSourcePid: string
}

export interface OrderLine {
  productId: string
  skuId: string
  title: string
  thumbImg: string
  price: string
  productCnt: number
  ratio: number
  commissionStatus: 'SETTLEMENT_PENDING' | 'SETTLEMENT_SUCCESS' | 'SETTLEMENT_CANCELED'
  commissionStatusUpdateTime: string
  profitShardingSucTime?: string
  commission: string
  estimatedCommission: number
  categoryStr: string
  promotionInfo: { promotionSourcePid: string; promotionSourceName: string }
  customizeInfo: string
}

export interface Order {
  orderId: string
  payTime: number
  confirmReceiptTime: number
  shopName: string
  shopAppid: string
  customUserId: string
  userNickName: string
  productList: OrderLine[]
}

/** At most this many orders are read for one view (25 pages of 200). */
export const ORDER_READ_CAP = 5000

/** Every order paid in [start, end] (newest first), up to ORDER_READ_CAP. */
export async function allOrders(
  api: UnionApi,
  window: { start?: number; end?: number; status?: string },
): Promise<{ orders: Order[]; total: number; capped: boolean }> {
  const orders: Order[] = []
  let total = 0
  for (let page = 1; ; page++) {
    const res = await api.get('/union/promoter/order/search', {
      page,
      pageSize: 200,
      startTimestamp: window.start,
      endTimestamp: window.end,
      commissionStatus: window.status,
    })
    total = res.totalNum
    orders.push(...(res.orderList as Order[]))
    if (res.orderList.length < 200 || orders.length >= total) break
    if (orders.length >= ORDER_READ_CAP) return { orders, total, capped: true }
  }
  return { orders, total, capped: false }
}

/** Every live spot and the account's cap. */
export async function allSpots(
  api: UnionApi,
): Promise<{ spots: Spot[]; total: number; promotionMaxCnt: number }> {
  const spots: Spot[] = []
  let total = 0
  let promotionMaxCnt = 0
  for (let start = 0; ; start += 100) {
    const res = await api.get('/union/promoter/promotion/list', { start, limit: 100 })
    total = res.total
    promotionMaxCnt = res.promotionMaxCnt
    spots.push(...(res.promotionSourceList as Spot[]))
    if (res.promotionSourceList.length < 100 || spots.length >= total) break
  }
  return { spots, total, promotionMaxCnt }
}

/** Short-link opens per spot, all time, from Tuike's report (`/tuike/v1/report?by=spot`). */
export async function clicksBySpot(api: UnionApi): Promise<Map<string, number>> {
  const res = await api.get('/tuike/v1/report', { by: 'spot' })
  return new Map((res.rows as { key: string; clicks: number }[]).map((r) => [r.key, r.clicks]))
}
