/**
 * The operator API for targeted plans, open_account fixtures and trade-component shops.
 * Registered after routes/admin.ts, whose `/admin/v1/*` middleware (adminAuth) guards it.
 *
 * - `POST /admin/v1/plans {shopAppid, name, description?, startTime, endTime, products:
 *   [{productId, commissionRatio}]}` creates a plan of the shop (201); the answer carries the
 *   `invitationUrl` promoters pass to target/plan_info. `GET /admin/v1/plans/:planId` shows it
 *   with its applications.
 * - `POST /admin/v1/plans/:planId/applications/:appid/{approve|reject|remove}` decides on a
 *   promoter's application (409 from the wrong state).
 * - `PUT /admin/v1/open-accounts/:openAccount {state: 'other-entity'|'missing'|null}` marks an
 *   Open Platform appid for open_account/bind's entity checks (25504 / 25505).
 * - `PATCH /admin/v1/shops/:appid {shopStatus: 0|1}` sets the shopStatus open_product/generate
 *   reports (1: balance too low, no shareInfo).
 * @module
 */
import type { Hono } from 'hono'
import { z } from 'zod'
import { WechatError } from '../http/wechat-error.ts'
import type { Services } from '../services/index.ts'
import { adminBody } from './admin.ts'

const Seconds = z.number().int().min(0).max(4_102_444_800)
const Id = z.union([z.string().min(1), z.number().int().transform(String)])

const CreatePlan = z.object({
  shopAppid: z.string().min(1),
  name: z.string().trim().min(1).max(64),
  description: z.string().max(1000).default(''),
  startTime: Seconds,
  endTime: Seconds,
  products: z
    .array(z.object({ productId: Id, commissionRatio: z.number().int().min(0).max(10000) }))
    .min(1)
    .max(1000),
})

const Fixture = z.object({ state: z.enum(['other-entity', 'missing']).nullable() })
const ShopStatus = z.object({ shopStatus: z.literal([0, 1]) })
const DECISIONS = ['approve', 'reject', 'remove'] as const

export function registerAdminPlans(app: Hono, s: Services): void {
  app.post('/admin/v1/plans', async (c) => {
    const plan = await adminBody(c, CreatePlan)
    return c.json(await s.plans.create(plan, s.materials.baseUrl(c.req.url)), 201)
  })
  app.get('/admin/v1/plans/:planId', async (c) =>
    c.json(await s.plans.get(c.req.param('planId'), s.materials.baseUrl(c.req.url))),
  )
  app.post('/admin/v1/plans/:planId/applications/:appid/:decision', async (c) => {
    const decision = c.req.param('decision') as (typeof DECISIONS)[number]
    if (!DECISIONS.includes(decision)) {
      throw new WechatError(
        40066,
        `invalid url: the decision must be one of ${DECISIONS.join(', ')}`,
        404,
      )
    }
    return c.json(await s.plans.decide(c.req.param('planId'), c.req.param('appid'), decision))
  })

  app.put('/admin/v1/open-accounts/:openAccount', async (c) => {
    const { state } = await adminBody(c, Fixture)
    const openAccount = c.req.param('openAccount')
    await s.openAccounts.setFixture(openAccount, state)
    return c.json({ openAccount, state })
  })

  app.patch('/admin/v1/shops/:appid', async (c) => {
    const { shopStatus } = await adminBody(c, ShopStatus)
    const appid = c.req.param('appid')
    const shop = await s.catalogue.db
      .selectFrom('shops')
      .select('appid')
      .where('appid', '=', appid)
      .executeTakeFirst()
    if (!shop) throw new WechatError(200002, `no shop ${appid}`, 404)
    await s.catalogue.db
      .insertInto('shop_states')
      .values({ shop_appid: appid, shop_status: shopStatus })
      .onConflict((oc) => oc.column('shop_appid').doUpdateSet({ shop_status: shopStatus }))
      .execute()
    return c.json({ appid, shopStatus })
  })
}
