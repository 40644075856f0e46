/**
 * Operator endpoints for the successor API's 机构 (institutions): create one (its appid and
 * appsecret work on the same token endpoints), set its callback, add a registered and bound
 * sharer, and read and replay its callback deliveries. Account operations (disable, enable,
 * rotate-secret, quotas) are those of /admin/v1/promoters/{appid}, which take a 机构's appid too.
 * @module
 */
import { z } from 'zod'
import { Delivery } from '../endpoints/tuike.ts'
import { CallbackMode, StoreEvent } from '../store-callbacks.ts'
import { STORE_RATIO_SCALE } from '../store-wire.ts'
import { adminTable } from './endpoint.ts'

/** A 机构 as the operator sees it; the callback Token and EncodingAESKey are never shown. */
export const InstitutionView = z.object({
  appid: z.string(),
  name: z.string(),
  status: z.enum(['active', 'disabled']),
  /** Original id, `gh_…` (the callbacks' ToUserName). */
  username: z.string(),
  /** The bound mini program: sharer_openid values are openids under it. */
  miniprogramAppid: z.string(),
  createdAt: z.number().int(),
  callback: z.object({ url: z.string(), mode: CallbackMode, webhookId: z.string() }).nullable(),
})
export type InstitutionView = z.infer<typeof InstitutionView>

/** One push to the 机构's callback URL, with every attempt. */
export const CallbackDelivery = Delivery.extend({
  event: StoreEvent,
  /** The ordering key: `<order_id>:<sku_id>` or `sharer:<sharer_appid>`. */
  orderId: z.string(),
  /** The callback version (order events) or the binding's event number. */
  seq: z.number().int(),
})

export const ADMIN_INSTITUTION_ENDPOINTS = adminTable({
  'institutions/create': {
    route: 'POST /institutions',
    zh: '创建推客带货 API 的机构；返回其 appsecret，只显示一次',
    summary: 'Create a 机构 of the 推客带货 API; the answer carries its appsecret, shown once',
    body: z.object({ name: z.string().trim().min(1).max(64) }),
    response: z.object({
      appid: z.string(),
      secret: z.string(),
      name: z.string(),
      username: z.string(),
      miniprogramAppid: z.string(),
    }),
    status: 201,
  },
  'institutions/list': {
    route: 'GET /institutions',
    zh: '全部机构，含回调地址和模式',
    summary: 'Every 机构, with its callback URL and mode',
    response: z.object({ institutions: z.array(InstitutionView) }),
  },
  'institutions/get': {
    route: 'GET /institutions/:appid',
    zh: '单个机构',
    summary: 'One 机构',
    response: InstitutionView,
  },
  'institutions/update': {
    route: 'PATCH /institutions/:appid',
    zh: '回调设置（部分更新）：新的 URL 或 Token 除非 verifyUrl 为 false，否则用微信的 GET echostr 握手校验；callbackUrl 为 null 时删除回调',
    summary:
      "The callback settings (partial): a new URL or Token is checked with WeChat's GET echostr handshake unless verifyUrl is false; callbackUrl null removes them",
    body: z
      .object({
        callbackUrl: z.string().min(1).max(2048).nullable().optional(),
        /** WeChat's Token rule: 3–32 letters and digits. */
        callbackToken: z
          .string()
          .regex(/^[A-Za-z0-9]{3,32}$/, 'must be 3–32 letters and digits')
          .optional(),
        /** 43 letters and digits. */
        encodingAesKey: z
          .string()
          .regex(/^[A-Za-z0-9]{43}$/, 'must be 43 letters and digits')
          .optional(),
        /** Defaults to secure with an EncodingAESKey, else plaintext. */
        callbackMode: CallbackMode.optional(),
        verifyUrl: z.boolean().optional(),
      })
      .strict(),
    response: InstitutionView,
  },
  'institutions/add-sharer': {
    route: 'POST /institutions/:appid/sharers',
    zh: '为机构绑定一个已注册的推客（即 wx.openBusinessView 替身流程的结果）；推送 promoter_bind_result',
    summary:
      'A registered sharer bound to the 机构 (what the wx.openBusinessView stand-in ends in); pushes promoter_bind_result',
    body: z
      .object({
        /** Simple registration: no 商户号, so only commissionType 1 (机构自己分佣). */
        simpleRegister: z.boolean().optional(),
        nickname: z.string().trim().min(1).max(32).optional(),
        /** 0 平台分佣 (default for a full registration), 1 机构自己分佣. */
        commissionType: z.literal([0, 1]).optional(),
        /** 1/1,000,000 of the 机构 service fee; default 500000. */
        commissionRatio: z.number().int().min(0).max(STORE_RATIO_SCALE).optional(),
      })
      .strict(),
    response: z.object({ sharer_appid: z.string(), sharer_openid: z.string() }),
    status: 201,
  },
  'institutions/callbacks': {
    route: 'GET /institutions/:appid/callbacks',
    zh: '机构最近 100 次回调投递，最新在前，含每次尝试',
    summary: "The 机构's latest 100 callback deliveries, newest first, each with its attempts",
    response: z.object({ deliveryList: z.array(CallbackDelivery) }),
  },
  'institutions/redeliver': {
    route: 'POST /institutions/:appid/callbacks/:deliveryId/redeliver',
    zh: '立即重新投递一次回调，并重置重试计划',
    summary: 'Send one callback delivery again, now, with a fresh retry schedule',
    response: z.object({}),
  },
})
