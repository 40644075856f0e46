/**
 * Operator endpoints for promoter (推客) accounts: create, list, show, enable/disable, rotate
 * the appsecret, spot cap and union quotas.
 * @module
 */
import { z } from 'zod'
import { adminTable } from './endpoint.ts'

export const PromoterView = z.object({
  appid: z.string(),
  name: z.string(),
  status: z.enum(['active', 'disabled']),
  promotionMaxCnt: z.number().int(),
  /** Union calls per endpoint per minute / per day; null: the server default; 0: none. */
  minuteQuota: z.number().int().nullable(),
  dailyQuota: z.number().int().nullable(),
  createdAt: z.number().int(),
})
export type PromoterView = z.infer<typeof PromoterView>

/** New credentials: the appsecret is shown once. */
export const PromoterSecret = z.object({ appid: z.string(), secret: z.string() })

const Quota = z.number().int().min(0).max(1_000_000_000).nullable()

export const ADMIN_PROMOTER_ENDPOINTS = adminTable({
  'promoters/create': {
    route: 'POST /promoters',
    zh: '创建推客账号；返回其 appsecret，只显示一次',
    summary: 'Create a promoter account; the answer carries its appsecret, shown once',
    body: z.object({ name: z.string().trim().min(1).max(64) }),
    response: PromoterSecret.extend({ name: z.string() }),
    status: 201,
  },
  'promoters/list': {
    route: 'GET /promoters',
    zh: '全部推客账号',
    summary: 'Every promoter account',
    response: z.object({ promoters: z.array(PromoterView) }),
  },
  'promoters/get': {
    route: 'GET /promoters/:appid',
    zh: '单个推客账号',
    summary: 'One promoter account',
    response: PromoterView,
  },
  'promoters/disable': {
    route: 'POST /promoters/:appid/disable',
    zh: '停用账号：其联盟接口调用返回 48001',
    summary: 'Disable an account: its union calls answer 48001',
    response: PromoterView,
  },
  'promoters/enable': {
    route: 'POST /promoters/:appid/enable',
    zh: '启用已停用的账号',
    summary: 'Enable a disabled account',
    response: PromoterView,
  },
  'promoters/rotate-secret': {
    route: 'POST /promoters/:appid/rotate-secret',
    zh: '重新生成 appsecret；旧的立即失效',
    summary: 'Issue a new appsecret; the old one stops working at once',
    response: PromoterSecret,
  },
  'promoters/update': {
    route: 'PATCH /promoters/:appid',
    zh: '推广位上限和接口配额（null：恢复服务器默认值；0：不限）',
    summary: 'Spot cap and union quotas (null: back to the server default; 0: no quota)',
    body: z
      .object({
        promotionMaxCnt: z.number().int().min(0).max(100_000).optional(),
        minuteQuota: Quota.optional(),
        dailyQuota: Quota.optional(),
      })
      .strict()
      .refine((b) => Object.keys(b).length > 0, {
        message: 'give promotionMaxCnt, minuteQuota or dailyQuota',
      }),
    response: PromoterView,
  },
})
