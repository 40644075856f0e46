/**
 * Operator endpoints for the order ledger: commission transitions, simulated purchases, and
 * the test clock of a server started with `--test-clock`.
 * @module
 */
import { z } from 'zod'
import { Order } from '../endpoints/order.ts'
import { MAX_UNIX_SECONDS } from '../wire.ts'
import { adminTable } from './endpoint.ts'

/** An order as order/search shows it, with the promoter it belongs to. */
export const AdminOrder = Order.extend({ appid: z.string() })
export type AdminOrder = z.infer<typeof AdminOrder>

/** A commission transition of one order: `POST /orders/:orderId/<verb>`, answering the order. */
function transition(verb: string, summary: string, zh: string) {
  return { route: `POST /orders/:orderId/${verb}`, summary, zh, response: AdminOrder } as const
}

export const ADMIN_ORDER_ENDPOINTS = adminTable({
  'orders/list': {
    route: 'GET /orders',
    zh: '所有推客最近支付的 50 个订单，最新在前',
    summary: 'The 50 most recently paid orders of every promoter, newest first',
    response: z.object({ orders: z.array(AdminOrder) }),
  },
  'orders/get': {
    route: 'GET /orders/:orderId',
    zh: '任一推客的单个订单',
    summary: 'One order of any promoter',
    response: AdminOrder,
  },
  'orders/confirm-receipt': transition(
    'confirm-receipt',
    'The buyer confirms receipt: the after-sales delay starts (409 from the wrong state)',
    '买家确认收货：开始售后期计时（状态不对时返回 409）',
  ),
  'orders/refund': transition('refund', 'Refund: the commission is cancelled', '退款：佣金取消'),
  'orders/settle': transition('settle', 'Settle the commission now', '立即结算佣金'),
  'purchases/create': {
    route: 'POST /purchases',
    zh: '模拟买家点击「购买」，用于演示和测试：订单保存后返回 201。可通过联盟素材的短码，或任一推客带货素材的链接下单',
    summary:
      "What a buyer's Buy does, for simulations and tests: 201 once the order is stored. Through a union material's code, or any successor material as link",
    body: z
      .object({
        /** A union material's short code. */
        code: z.string().min(1).optional(),
        /** A successor material: http_short_link, short_link or product_promotion_link. */
        link: z.string().min(1).max(2048).optional(),
        skuId: z.string().min(1).optional(),
        quantity: z.number().int().min(1).max(10_000).optional(),
        /** Unix seconds (not milliseconds); defaults to now. */
        payTime: z.number().int().min(0).max(MAX_UNIX_SECONDS).optional(),
        /** The buyer's unionid: its customize value (open_account) becomes the order's customUserId. */
        unionid: z.string().min(1).max(128).optional(),
      })
      .refine((b) => (b.code === undefined) !== (b.link === undefined), {
        message: 'give either code (a union material) or link (a successor material)',
      }),
    response: z.object({ orderId: z.string() }),
    status: 201,
  },
  'clock/advance': {
    route: 'POST /clock/advance',
    zh: '把测试时钟向前拨，并结算到期的订单（真实时钟返回 403）',
    summary: 'Move a test clock forward and settle what fell due (403 on a real clock)',
    body: z.object({
      seconds: z
        .number()
        .int()
        .min(0)
        .max(10 * 365 * 24 * 3600),
    }),
    response: z.object({ now: z.number().int(), settled: z.number().int() }),
  },
})
