/**
 * order/info and order/search (union-api.md §12–§13), order/search_normal_order (§14.8).
 * @module
 */
import type { ENDPOINTS } from '@tuike/contract'
import type { Handler } from '../http/union-route.ts'
import type { Services } from '../services/index.ts'

type E = typeof ENDPOINTS

export function orderHandlers(s: Services) {
  return {
    'order/info': (async ({ appid, input, base }) =>
      s.orders.info(appid, input.orderIdList, base)) as Handler<E['order/info']>,
    'order/search': (async ({ appid, input, base }) =>
      s.orders.search(appid, input, base)) as Handler<E['order/search']>,
    'order/search_normal_order': (async ({ appid, input, base }) =>
      s.normalOrders.search(appid, input, base)) as Handler<E['order/search_normal_order']>,
  }
}
