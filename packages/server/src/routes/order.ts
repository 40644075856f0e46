/**
 * order/info and order/search (union-api.md §12–§13), order/search_normal_order (§14.8).
 * @module
 */
import { RawJson, type UnionHandlers } from '../http/union-route.ts'
import type { Services } from '../services/index.ts'

export function orderHandlers(
  s: Services,
): Pick<UnionHandlers, 'order/info' | 'order/search' | 'order/search_normal_order'> {
  return {
    // The order lists come pre-serialised (services/order-json.ts): spliced in as is.
    'order/info': async ({ appid, input, base }) => {
      const { orderList } = await s.orders.infoJson(appid, input.orderIdList, base)
      return { orderList: new RawJson(orderList) }
    },
    'order/search': async ({ appid, input, base }) => {
      const r = await s.orders.searchJson(appid, input, base)
      return { ...r, orderList: new RawJson(r.orderList) }
    },
    'order/search_normal_order': async ({ appid, input, base }) =>
      s.normalOrders.search(appid, input, base),
  }
}
