/**
 * The 机构 callbacks (消息推送) of the successor API (store-promoter-api.md §9): the events' plaintext
 * JSON, the three message modes and what a receiver must answer. The signature and AES scheme
 * itself is in wechat-crypto.ts.
 * @module
 */
import { z } from 'zod'
import { CommissionOrderStatus, StoreOrderStatus } from './endpoints/store-order.ts'
import { UnixSeconds } from './wire.ts'

/** 明文 (plaintext), 兼容 (plaintext fields plus Encrypt) and 安全 (Encrypt only) modes, §9.1. */
export const CALLBACK_MODES = ['plaintext', 'compatible', 'secure'] as const
export const CallbackMode = z.enum(CALLBACK_MODES)
export type CallbackMode = z.infer<typeof CallbackMode>

/** The events Tuike pushes to a 机构. */
export const STORE_EVENTS = [
  'head_supplier_commission_order_update',
  'promoter_bind_result',
] as const
export const StoreEvent = z.enum(STORE_EVENTS)
export type StoreEvent = z.infer<typeof StoreEvent>

/** The common envelope (§9.8). */
const Envelope = {
  /** The 机构's original id, `gh_…`. */
  ToUserName: z.string(),
  /** A fixed WeChat-team openid. */
  FromUserName: z.string(),
  CreateTime: UnixSeconds,
  MsgType: z.literal('event'),
}

/**
 * head_supplier_commission_order_update (§9.9): a commission order was created or changed.
 * `version` is a decimal string, strictly increasing per (order_id, sku_id): keep the highest
 * seen and drop older or equal ones, comparing as integers (BigInt), never as strings.
 */
export const CommissionOrderUpdateEvent = z.object({
  ...Envelope,
  Event: z.literal('head_supplier_commission_order_update'),
  order_info: z.object({
    order_id: z.string(),
    sku_id: z.string(),
    commission_order_status: CommissionOrderStatus,
    order_status: StoreOrderStatus,
    version: z.string().regex(/^\d+$/),
  }),
})
export type CommissionOrderUpdateEvent = z.infer<typeof CommissionOrderUpdateEvent>

/**
 * promoter_bind_result (§9.10): bind_status 1 bound, 2 unbound (get_promoter_register_and_bind_status
 * uses 0/1). sharer_openid and sharer_unionid are the sharer's ids under the 机构, not under
 * its mini program.
 */
export const PromoterBindEvent = z.object({
  ...Envelope,
  Event: z.literal('promoter_bind_result'),
  bind_status: z.literal([1, 2]),
  sharer_appid: z.string(),
  sharer_openid: z.string(),
  sharer_unionid: z.string(),
})
export type PromoterBindEvent = z.infer<typeof PromoterBindEvent>

export const StoreCallbackEvent = z.discriminatedUnion('Event', [
  CommissionOrderUpdateEvent,
  PromoterBindEvent,
])
export type StoreCallbackEvent = z.infer<typeof StoreCallbackEvent>

/** The secure-mode POST body: `{ToUserName, Encrypt}` (§9.4). */
export const SecureCallbackBody = z.object({ ToUserName: z.string(), Encrypt: z.string() })

/** A receiver's success answer: HTTP 2xx with `success` or an empty body (whitespace ignored). */
export function isCallbackSuccess(status: number, body: string): boolean {
  const text = body.trim()
  return status >= 200 && status < 300 && (text === '' || text === 'success')
}
