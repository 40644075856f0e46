/**
 * The operator API for the order ledger: commission transitions, and moving the clock of a
 * server started with a TestClock (`tuike serve --test-clock`).
 * @module
 */
import type { Hono } from 'hono'
import { z } from 'zod'
import { type Clock, TestClock } from '../clock.ts'
import { WechatError } from '../http/wechat-error.ts'
import type { Services } from '../services/index.ts'
import { adminBody } from './admin.ts'

const Purchase = z.object({
  code: z.string().min(1),
  skuId: z.string().min(1).optional(),
  quantity: z.number().int().min(1).max(10_000).optional(),
  /** Unix seconds (not milliseconds); defaults to now. */
  payTime: z.number().int().min(0).max(4_102_444_800).optional(),
  /** The buyer's unionid: its customize value (open_account) becomes the order's customUserId. */
  unionid: z.string().min(1).max(128).optional(),
})

const Advance = z.object({
  seconds: z
    .number()
    .int()
    .min(0)
    .max(10 * 365 * 24 * 3600),
})

/** Register after registerAdmin, whose /admin/v1/* middleware checks the admin key. */
export function registerAdminOrders(app: Hono, s: Services, clock: Clock): void {
  app.get('/admin/v1/orders/:orderId', async (c) =>
    c.json(await s.orders.get(c.req.param('orderId'))),
  )
  app.post('/admin/v1/orders/:orderId/confirm-receipt', async (c) =>
    c.json(await s.orders.confirmReceipt(c.req.param('orderId'))),
  )
  app.post('/admin/v1/orders/:orderId/refund', async (c) =>
    c.json(await s.orders.refund(c.req.param('orderId'))),
  )
  app.post('/admin/v1/orders/:orderId/settle', async (c) =>
    c.json(await s.orders.settle(c.req.param('orderId'))),
  )

  // What a buyer's Buy does, for simulations and tests: 201 once the order is stored.
  app.post('/admin/v1/purchases', async (c) =>
    c.json(await s.materials.purchase(await adminBody(c, Purchase)), 201),
  )

  app.post('/admin/v1/clock/advance', async (c) => {
    if (!(clock instanceof TestClock)) {
      throw new WechatError(
        48001,
        'the clock only moves on a server started with --test-clock',
        403,
      )
    }
    const { seconds } = await adminBody(c, Advance)
    clock.advance(seconds)
    // Settle what fell due at once, so a demo sees the effect without waiting for the sweep.
    const settled = await s.orders.settleDue()
    return c.json({ now: Math.floor(clock.now() / 1000), settled })
  })
}
