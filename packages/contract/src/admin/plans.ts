/**
 * Operator endpoints for targeted plans and open_account fixtures.
 * @module
 */
import { z } from 'zod'
import { PlanApplication, PlanStatus } from '../endpoints/target.ts'
import { MAX_UNIX_SECONDS } from '../wire.ts'
import { adminTable } from './endpoint.ts'

const Seconds = z.number().int().min(0).max(MAX_UNIX_SECONDS)
const Id = z.union([z.string().min(1), z.number().int().transform(String)])

export const APPLICATION_STATES = ['applied', 'joined', 'rejected', 'removed'] as const
export const PLAN_DECISIONS = ['approve', 'reject', 'remove'] as const

export const AdminApplication = PlanApplication.extend({
  appid: z.string(),
  state: z.enum(APPLICATION_STATES),
})

const PlanProductRatio = z.object({ productId: z.string(), commissionRatio: z.number().int() })

export const AdminPlan = z.object({
  planId: z.string(),
  shopAppid: z.string(),
  name: z.string(),
  description: z.string(),
  startTime: z.number().int(),
  endTime: z.number().int(),
  planStatus: PlanStatus,
  /** What promoters pass to target/plan_info. */
  invitationUrl: z.string(),
  products: z.array(PlanProductRatio),
  applications: z.array(AdminApplication),
})
export type AdminPlan = z.infer<typeof AdminPlan>

/** A plan in the operator's list: no products or applications, their counts. */
export const AdminPlanSummary = AdminPlan.omit({ products: true, applications: true }).extend({
  productCount: z.number().int(),
  /** Applications waiting for a decision. */
  pendingCount: z.number().int(),
})
export type AdminPlanSummary = z.infer<typeof AdminPlanSummary>

export const ADMIN_PLAN_ENDPOINTS = adminTable({
  'plans/create': {
    route: 'POST /plans',
    zh: '为店铺创建定向计划，按商品设置佣金比例',
    summary: 'Create a targeted plan of a shop with per-product ratios',
    body: z.object({
      shopAppid: z.string().min(1),
      name: z.string().trim().min(1).max(64),
      description: z.string().max(1000).default(''),
      startTime: Seconds,
      endTime: Seconds,
      products: z
        .array(z.object({ productId: Id, commissionRatio: z.number().int().min(0).max(10000) }))
        .min(1)
        .max(1000),
    }),
    response: AdminPlan,
    status: 201,
  },
  'plans/list': {
    route: 'GET /plans',
    zh: '最新的 200 个定向计划，最新在前',
    summary: 'The 200 newest targeted plans, newest first',
    response: z.object({ plans: z.array(AdminPlanSummary) }),
  },
  'plans/get': {
    route: 'GET /plans/:planId',
    zh: '定向计划及其申请',
    summary: 'A plan with its applications',
    response: AdminPlan,
  },
  'plans/decide': {
    route: 'POST /plans/:planId/applications/:appid/:decision',
    zh: '审核推客的申请（状态不对时返回 409）',
    summary: "Decide on a promoter's application (409 from the wrong state)",
    params: { decision: z.enum(PLAN_DECISIONS).describe('the decision') },
    response: AdminApplication,
  },
  'open-accounts/set': {
    route: 'PUT /open-accounts/:openAccount',
    zh: '为开放平台 appid 设置 open_account/bind 的主体校验结果（25504 / 25505）',
    summary: "Mark an Open Platform appid for open_account/bind's entity checks (25504 / 25505)",
    body: z.object({ state: z.enum(['other-entity', 'missing']).nullable() }),
    response: z.object({
      openAccount: z.string(),
      state: z.enum(['other-entity', 'missing']).nullable(),
    }),
  },
})
