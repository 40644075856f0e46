/**
 * order/info and order/search (union-api.md §12–§13), order/search_normal_order (§14.8).
 * @module
 */
import type { UnionHandlers } from '../http/union-route.ts'
import type { Services } from '../services/index.ts'

export function orderHandlers(
  s: Services,
): Pick<UnionHandlers, 'order/info' | 'order/search' | 'order/search_normal_order'> {
  return {
    'order/info': async ({ appid, input, base }) => s.orders.info(appid, input.orderIdList, base),
    'order/search': async ({ appid, input, base }) => s.orders.search(appid, input, base),
    'order/search_normal_order': async ({ appid, input, base }) =>
      s.normalOrders.search(appid, input, base),
  }
}
