/**
 * order/info and order/search (union-api.md §12–§13), order/search_normal_order (§14.8).
 * @module
 */
import { Encoded, RawJson, type UnionHandlers } from '../http/union-route.ts'
import type { Services } from '../services/index.ts'

export function orderHandlers(
  s: Services,
): Pick<UnionHandlers, 'order/info' | 'order/search' | 'order/search_normal_order'> {
  return {
    // The order lists come pre-serialised (services/order-json.ts): spliced in as is; the
    // answers as the bytes they are sent as, kept for repeated requests (order-pages.ts).
    'order/info': async ({ appid, input, base, encode }) =>
      new Encoded(
        await s.orders.infoAnswer(
          appid,
          input.orderIdList,
          base,
          ({ orderList }) => encode({ orderList: new RawJson(orderList) }).bytes,
        ),
      ),
    'order/search': async ({ appid, input, base, encode }) =>
      new Encoded(
        await s.orders.searchAnswer(
          appid,
          input,
          base,
          (r) => encode({ ...r, orderList: new RawJson(r.orderList) }).bytes,
        ),
      ),
    'order/search_normal_order': async ({ appid, input, base }) =>
      s.normalOrders.search(appid, input, base),
  }
}
