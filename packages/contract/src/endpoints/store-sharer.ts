/**
 * 推客 (sharer) accounts of the successor API (store-promoter-api.md §4): registration and bind
 * status, the bound-sharer list, unbinding and the sharer's commission setting.
 * @module
 */
import { z } from 'zod'
import {
  NextKey,
  OptString,
  pageSize,
  promoterTable,
  SHARER_RATIO_MIN,
  STORE_PAGE_CAPS,
  STORE_RATIO_SCALE,
  StoreBool,
  StoreInt,
  StoreOk,
} from '../store-wire.ts'
import { OK_EXAMPLE, UnixSeconds } from '../wire.ts'

/** The `businessType` of both steps of wx.openBusinessView (§4.1, as observed). */
export const CREATOR_APPLYMENTS = 'CreatorApplyments'

/** register_status (§4.1): 0 not registered, 1 started, 2 registered, 3 needs real-name payment. */
export const REGISTER_STATUSES = [0, 1, 2, 3] as const
/** commission_type: 0 the platform pays the sharer (平台分佣), 1 the 机构 pays (机构自己分佣). */
export const COMMISSION_TYPES = [0, 1] as const

/** "Give one of the two sharer ids" (an empty string counts as absent). */
function oneSharer(b: { sharer_appid?: string | undefined; sharer_openid?: string | undefined }) {
  return b.sharer_appid !== undefined || b.sharer_openid !== undefined
}
const oneSharerMessage = { message: 'needs sharer_openid or sharer_appid' }

export const RegisterAndBindStatusBody = z
  .object({
    /** The sharer's openid under the mini program bound to the 机构. */
    sharer_openid: OptString,
    /** The sharer's e-commerce appid; wins when both are sent. */
    sharer_appid: OptString,
    /** Simple registration (no 商户号; then only 机构自己分佣 is possible). */
    is_simple_register: StoreBool,
  })
  .refine(oneSharer, oneSharerMessage)

/** One bound sharer of get_bind_sharer_list. */
export const BoundSharer = z.object({
  sharer_appid: z.string(),
  bind_time: UnixSeconds,
  /** 1/1,000,000 (§1.7). */
  commission_ratio: z.number().int(),
  commission_type: z.literal(COMMISSION_TYPES),
  nickname: z.string(),
  head_img_url: z.string(),
})

export const SetSharerCommissionBody = z
  .object({
    sharer_appid: z.string().min(1),
    commission_type: StoreInt.pipe(z.literal(COMMISSION_TYPES)),
    /** 1/1,000,000 of the 机构 service fee; [100000, 1000000] for commission_type 0. */
    commission_ratio: StoreInt.pipe(z.number().min(0).max(STORE_RATIO_SCALE)),
  })
  .refine((b) => b.commission_type === 1 || b.commission_ratio >= SHARER_RATIO_MIN, {
    message: `must be in [${SHARER_RATIO_MIN}, ${STORE_RATIO_SCALE}] (10%–100%) for commission_type 0`,
    path: ['commission_ratio'],
  })

export const SHARER_ENDPOINTS = promoterTable({
  'promoter/get_promoter_register_and_bind_status': {
    zh: '查询推客在本机构的注册和绑定状态，以及待完成步骤的 wx.openBusinessView 参数。',
    summary:
      "A sharer's registration and bind status with this 机构, and the wx.openBusinessView parameters of the pending step.",
    body: RegisterAndBindStatusBody,
    response: z.object({
      ...StoreOk,
      /** 0 not bound, 1 bound. */
      bind_status: z.literal([0, 1]),
      register_status: z.literal(REGISTER_STATUSES),
      /** `CreatorApplyments` while registration is pending, else `""`. */
      register_business_type: z.string(),
      register_query_string: z.string(),
      /** `CreatorApplyments` while binding is pending, else `""`. */
      bind_business_type: z.string(),
      bind_query_string: z.string(),
      /** `""` until bound. */
      sharer_appid: z.string(),
    }),
    errcodes: [10024000, 10071003, 10071056],
    examples: {
      body: { sharer_openid: 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY', is_simple_register: true },
      response: {
        ...OK_EXAMPLE,
        bind_status: 0,
        register_status: 2,
        register_business_type: '',
        register_query_string: '',
        bind_business_type: CREATOR_APPLYMENTS,
        bind_query_string:
          'redirect_url=%2Fauth%2Fpages%2Fauthorization%2Findex&is_simple_register=1&is_from_promoter=1&tuike_ticket=TICKET',
        sharer_appid: '',
      },
    },
  },
  'promoter/get_bind_sharer_list': {
    zh: '本机构绑定的推客列表，绑定早的在前，按 next_key 翻页（page_size ≤ 20）；可按 sharer_appid 或 sharer_openid 筛选。',
    summary:
      'The sharers bound to this 机构, oldest binding first, next_key paged (page_size ≤ 20); filter by sharer_appid or sharer_openid.',
    body: z.object({
      next_key: NextKey,
      page_size: pageSize(STORE_PAGE_CAPS.sharers),
      sharer_appid: OptString,
      sharer_openid: OptString,
    }),
    response: z.object({
      ...StoreOk,
      sharer_info_list: z.array(BoundSharer),
      /** `""` on the last page. */
      next_key: z.string(),
    }),
    errcodes: [10024000, 10071003],
    examples: {
      body: { next_key: '', page_size: 10, sharer_appid: '', sharer_openid: '' },
      response: {
        ...OK_EXAMPLE,
        sharer_info_list: [
          {
            sharer_appid: 'wxfd9109cbb627fbc3',
            bind_time: 1624082155,
            commission_ratio: 500000,
            commission_type: 0,
            nickname: '小王',
            head_img_url: '',
          },
        ],
        next_key: '',
      },
    },
  },
  'promoter/headsupplier_unbind_promoter': {
    zh: '解除推客与本机构的绑定：旧订单照常结算，其素材不再归属，并推送 promoter_bind_result（bind_status 2）。',
    summary:
      'Unbind a sharer from this 机构: its old orders still settle, its materials stop attributing, promoter_bind_result (bind_status 2) is pushed.',
    // The unbind page documents 10071003 (not 10024000) for parameter errors.
    paramErrcode: 10071003,
    body: z.object({ sharer_appid: z.string().min(1) }),
    response: z.object(StoreOk),
    errcodes: [10071003, 10071058],
    examples: {
      body: { sharer_appid: 'wx123123123123' },
      response: OK_EXAMPLE,
    },
  },
  'promoter/set_sharer_commission_info': {
    zh: '设置已绑定推客的分佣类型和比例（机构服务费的百万分之一），对之后创建的订单生效。',
    summary:
      "Set a bound sharer's commission type and ratio (1/1,000,000 of the 机构 service fee) for orders created afterwards.",
    body: SetSharerCommissionBody,
    response: z.object(StoreOk),
    errcodes: [10024000, 10071003, 10071029],
    examples: {
      body: { sharer_appid: 'wxfd9109cbb627fbc3', commission_type: 1, commission_ratio: 100000 },
      response: OK_EXAMPLE,
    },
  },
})
