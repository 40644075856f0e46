/**
 * Operator handlers for the order ledger: commission transitions, simulated purchases, and
 * moving the clock of a server started with a TestClock (`tuike serve --test-clock`).
 * @module
 */

import type { Order } from '@tuike/contract'
import { type Clock, TestClock } from '../clock.ts'
import type { AdminHandlers } from '../http/admin-route.ts'
import type { AppContext } from '../http/env.ts'
import { WechatError } from '../services/errors.ts'
import type { Services } from '../services/index.ts'
import { withImageUrls } from '../services/orders.ts'

type OrderHandlers = Pick<
  AdminHandlers,
  (`orders/${string}` | 'purchases/create' | 'clock/advance') & keyof AdminHandlers
>

export function adminOrderHandlers(
  s: Services,
  clock: Clock,
  publicUrl: (c: AppContext) => string,
): OrderHandlers {
  // Orders keep image paths; answers carry URLs, as the union API's do (docs/security.md).
  const urls = <O extends Order>(c: AppContext, order: O): O =>
    withImageUrls([order], publicUrl(c))[0] as O
  return {
    'orders/list': async ({ c }) => {
      const { orders } = await s.orders.recent()
      return { orders: orders.map((o) => urls(c, o)) }
    },
    'orders/get': async ({ c, input }) => urls(c, await s.orders.get(input.params.orderId)),
    'orders/confirm-receipt': async ({ c, input }) =>
      urls(c, await s.orders.confirmReceipt(input.params.orderId)),
    'orders/refund': async ({ c, input }) => urls(c, await s.orders.refund(input.params.orderId)),
    'orders/settle': async ({ c, input }) => urls(c, await s.orders.settle(input.params.orderId)),
    'purchases/create': async ({ input }) => {
      const { link, code, ...rest } = input.body
      const resolved = code ?? s.storeMaterials.codeOf(link ?? '')
      if (!resolved) {
        throw new WechatError(
          200002,
          `link is not a material of get_product_promotion_link_info or get_promoter_single_product_promotion_info: ${link}`,
          'not_found',
        )
      }
      return s.materials.purchase({ ...rest, code: resolved })
    },
    'clock/advance': async ({ input }) => {
      if (!(clock instanceof TestClock)) {
        throw new WechatError(
          48001,
          'the clock only moves on a server started with --test-clock',
          'forbidden',
        )
      }
      await clock.advance(input.body.seconds)
      // Settle what fell due at once, so a demo sees the effect without waiting for the sweep.
      const settled = await s.orders.settleDue()
      return { now: Math.floor(clock.now() / 1000), settled }
    },
  }
}
