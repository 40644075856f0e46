/**
 * Targeted plans (定向计划, union-api.md §14.1–§14.3). A merchant (through the operator) creates
 * a plan for one shop: a window, some of the shop's products with a plan-specific commission
 * ratio, and an invitation URL. Promoters read the plan from the URL (target/plan_info), apply
 * (apply_target) and follow their application (apply_status); the operator approves, rejects or
 * later removes them. While a promoter is joined, its purchases of a plan product paid inside the
 * plan window take the plan's ratio (Materials.purchase snapshots it through planRatio).
 *
 * Application states and the opaque promoterStatus emitted for them (§16 #42): applied 1,
 * joined 2, rejected 3, removed 4. Clients read the state from the time fields.
 * @module
 */
import { randomBytes, randomInt } from 'node:crypto'
import type {
  AdminPlan as AdminPlanSchema,
  AdminPlanSummary,
  PlanApplication,
  PlanProduct,
  TargetPlanInfo,
} from '@tuike/contract'
import { PLAN_INFO_MAX_PRODUCTS } from '@tuike/contract'
import type { Kysely, Selectable, Transaction } from 'kysely'
import type { z } from 'zod'
import { type Clock, nowSeconds } from '../clock.ts'
import type { Database, TargetPlanApplicationsTable, TargetPlansTable } from '../db/schema.ts'
import { type Catalogue, commissionValue } from './catalogue.ts'
import { skuPrices } from './catalogue-wire.ts'
import { WechatError } from './errors.ts'
import { imageUrl } from './images.ts'

type PlanRow = Selectable<TargetPlansTable>
type ApplicationRow = Selectable<TargetPlanApplicationsTable>
type AppState = TargetPlanApplicationsTable['state']

const PROMOTER_STATUS: Record<AppState, number> = {
  applied: 1,
  joined: 2,
  rejected: 3,
  removed: 4,
}

export interface NewPlan {
  shopAppid: string
  name: string
  description: string
  startTime: number
  endTime: number
  products: { productId: string; commissionRatio: number }[]
}

/** A plan as the operator API shows it. */
export type AdminPlan = z.input<typeof AdminPlanSchema>

/** A plan id like WeChat's: 19 digits, so always above 2^53. */
function newPlanId(now: number): string {
  return `${now}${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`
}

/** 0 not effective yet, 1 active, 2 expired, at `now`. */
export function planStatus(p: Pick<PlanRow, 'start_time' | 'end_time'>, now: number): 0 | 1 | 2 {
  if (now < Number(p.start_time)) return 0
  if (now > Number(p.end_time)) return 2
  return 1
}

/** The fields every operator view of a plan starts with (the list and one plan). */
function planHead(
  plan: Pick<
    PlanRow,
    'plan_id' | 'shop_appid' | 'name' | 'description' | 'start_time' | 'end_time' | 'invite_code'
  >,
  now: number,
  base: string,
) {
  return {
    planId: plan.plan_id,
    shopAppid: plan.shop_appid,
    name: plan.name,
    description: plan.description,
    startTime: Number(plan.start_time),
    endTime: Number(plan.end_time),
    planStatus: planStatus(plan, now),
    invitationUrl: `${base}/plan/${plan.invite_code}`,
  }
}

/** The invitation code inside an invitation URL (`…/plan/<code>` or `…?invite=<code>`). */
export function inviteCodeOf(url: string): string | undefined {
  const m = /\/plan\/([A-Za-z0-9_-]{8,64})(?:[/?#]|$)/.exec(url)
  if (m) return m[1]
  try {
    return new URL(url).searchParams.get('invite') ?? undefined
  } catch {
    return undefined
  }
}

export class Plans {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly catalogue: Catalogue,
  ) {}

  /** Create a plan; every product must be one of the shop's. `base` prefixes the invitation URL. */
  async create(plan: NewPlan, base: string): Promise<AdminPlan> {
    if (plan.endTime < plan.startTime) {
      throw new WechatError(200002, 'endTime must not be before startTime', 'invalid')
    }
    const ids = plan.products.map((p) => p.productId)
    if (new Set(ids).size !== ids.length) {
      throw new WechatError(200002, 'products: a product is listed twice', 'invalid')
    }
    const shop = await this.db
      .selectFrom('shops')
      .select('appid')
      .where('appid', '=', plan.shopAppid)
      .executeTakeFirst()
    if (!shop) throw new WechatError(200002, `shopAppid: unknown shop ${plan.shopAppid}`, 'invalid')
    const owned = await this.db
      .selectFrom('products')
      .select(['id', 'shop_appid'])
      .where('id', 'in', ids)
      .execute()
    const shopOf = new Map(owned.map((r) => [r.id, r.shop_appid]))
    for (const id of ids) {
      if (shopOf.get(id) !== plan.shopAppid) {
        throw new WechatError(
          200002,
          `products: product ${id} is not a product of shop ${plan.shopAppid}`,
          'invalid',
        )
      }
    }
    const now = nowSeconds(this.clock)
    const planId = await this.db.transaction().execute(async (trx) => {
      for (let attempt = 0; ; attempt++) {
        const id = newPlanId(now)
        const inserted = await trx
          .insertInto('target_plans')
          .values({
            plan_id: id,
            shop_appid: plan.shopAppid,
            name: plan.name,
            description: plan.description,
            start_time: plan.startTime,
            end_time: plan.endTime,
            invite_code: randomBytes(12).toString('base64url'),
            created_at: now,
          })
          .onConflict((oc) => oc.doNothing())
          .returning('plan_id')
          .executeTakeFirst()
        if (!inserted) {
          if (attempt >= 5) throw new Error('could not draw a free plan id')
          continue
        }
        await trx
          .insertInto('target_plan_products')
          .values(
            plan.products.map((p, seq) => ({
              plan_id: id,
              product_id: p.productId,
              seq,
              ratio: p.commissionRatio,
            })),
          )
          .execute()
        return id
      }
    })
    return this.get(planId, base)
  }

  /** The 200 newest plans with their product and pending-application counts. */
  async list(base: string): Promise<{ plans: AdminPlanSummary[] }> {
    const rows = await this.db
      .selectFrom('target_plans')
      .selectAll('target_plans')
      .select((eb) => [
        eb
          .selectFrom('target_plan_products as p')
          .whereRef('p.plan_id', '=', 'target_plans.plan_id')
          .select((e) => e.fn.countAll<number>().as('n'))
          .as('product_count'),
        eb
          .selectFrom('target_plan_applications as a')
          .whereRef('a.plan_id', '=', 'target_plans.plan_id')
          .where('a.state', '=', 'applied')
          .select((e) => e.fn.countAll<number>().as('n'))
          .as('pending_count'),
      ])
      .orderBy('created_at', 'desc')
      .orderBy('plan_id', 'desc')
      .limit(200)
      .execute()
    const now = nowSeconds(this.clock)
    return {
      plans: rows.map((plan) => ({
        ...planHead(plan, now, base),
        productCount: Number(plan.product_count ?? 0),
        pendingCount: Number(plan.pending_count ?? 0),
      })),
    }
  }

  /** A plan with its products and applications, for the operator; 404 when unknown. */
  async get(planId: string, base: string): Promise<AdminPlan> {
    const plan = await this.#plan(planId)
    if (!plan) throw new WechatError(200002, `no plan ${planId}`, 'not_found')
    const [products, apps] = await Promise.all([
      this.db
        .selectFrom('target_plan_products')
        .select(['product_id', 'ratio'])
        .where('plan_id', '=', planId)
        .orderBy('seq')
        .execute(),
      this.db
        .selectFrom('target_plan_applications')
        .selectAll()
        .where('plan_id', '=', planId)
        .orderBy('apply_time')
        .orderBy('appid')
        .execute(),
    ])
    return {
      ...planHead(plan, nowSeconds(this.clock), base),
      products: products.map((p) => ({ productId: p.product_id, commissionRatio: p.ratio })),
      applications: apps.map((a) => ({ appid: a.appid, state: a.state, ...applicationView(a) })),
    }
  }

  /**
   * target/plan_info: the plan behind an invitation URL and at most 10 of its products; this
   * server's images on `base`.
   */
  async info(
    url: string,
    base: string,
  ): Promise<{
    targetPlanInfo: z.input<typeof TargetPlanInfo>
    productListInfo: z.input<typeof PlanProduct>[]
  }> {
    const code = inviteCodeOf(url)
    const plan = code
      ? await this.db
          .selectFrom('target_plans')
          .selectAll()
          .where('invite_code', '=', code)
          .executeTakeFirst()
      : undefined
    if (!plan) {
      throw new WechatError(200002, 'planInvitationUrl is not the invitation link of a plan')
    }
    const [shop, planProducts] = await Promise.all([
      this.db
        .selectFrom('shops')
        .select(['appid', 'name', 'head_img_url'])
        .where('appid', '=', plan.shop_appid)
        .executeTakeFirst(),
      this.db
        .selectFrom('target_plan_products as pp')
        .innerJoin('products as p', 'p.id', 'pp.product_id')
        .select(['pp.product_id', 'pp.ratio', 'p.pk'])
        .where('pp.plan_id', '=', plan.plan_id)
        .orderBy('pp.seq')
        .limit(PLAN_INFO_MAX_PRODUCTS)
        .execute(),
    ])
    const wire = await this.catalogue.products(
      planProducts.map((r) => Number(r.pk)),
      base,
    )
    const ratioOf = new Map(planProducts.map((r) => [r.product_id, r.ratio]))
    return {
      targetPlanInfo: {
        planId: plan.plan_id,
        planStatus: planStatus(plan, nowSeconds(this.clock)),
        planName: plan.name,
        planDesc: plan.description,
        planStartTime: Number(plan.start_time),
        planEndTime: Number(plan.end_time),
        extInfo: {
          bizBasicInfo: {
            headimgurl: imageUrl(shop?.head_img_url ?? '', base),
            nickname: shop?.name ?? '',
            appid: plan.shop_appid,
          },
          data: {},
        },
      },
      productListInfo: wire.map((w) => {
        const ratio = ratioOf.get(w.productId) ?? 0
        const info = w.product.info
        const discount = w.couponInfo.hasCoupon === 1 ? info.minPrice - info.discountPrice : 0
        return {
          planId: plan.plan_id,
          productId: w.productId,
          productStatus: w.product.status ?? 5,
          commissionRatio: ratio,
          productDetailInfo: {
            title: info.title,
            subTitle: info.subTitle,
            headImg: info.headImg,
            category: info.category,
            brand: info.brand,
            brandId: info.brandId,
            model: info.model,
            detail: info.detail,
            param: info.param,
            minPrice: info.minPrice,
            totalStockNum: String(info.totalStockNum),
            totalSoldNum: String(info.totalSoldNum),
            skus: w.product.skus.map((s) => ({
              skuId: s.skuId,
              productSkuInfo: {
                ...skuPrices(s.productSkuInfo),
                stockInfo: { stockNum: s.productSkuInfo.stockInfo.stockNum },
              },
            })),
          },
          leagueExInfo: {
            hasCommission: ratio > 0 ? 1 : 0,
            commissionRatio: ratio,
            commissionValue: commissionValue(info.minPrice, ratio),
            banBizuin: 0,
            banCategory: 0,
            banProduct: 0,
          },
          couponInfo: {
            couponId: w.couponInfo.hasCoupon === 1 ? w.couponInfo.couponId || '0' : '0',
            discount: String(Math.max(0, discount)),
          },
        }
      }),
    }
  }

  /**
   * target/apply_target. An expired plan, or an application already pending or joined, is
   * refused with 200002; after a rejection or removal the promoter may apply again (the
   * application starts over).
   */
  async apply(appid: string, planId: string, reason: string): Promise<void> {
    const now = nowSeconds(this.clock)
    await this.db.transaction().execute(async (trx) => {
      const plan = await this.#plan(planId, trx)
      if (!plan) throw new WechatError(200002, `planId ${planId} is not a plan`)
      if (planStatus(plan, now) === 2) {
        throw new WechatError(200002, `plan ${planId} has expired`)
      }
      const current = await this.#application(planId, appid, trx)
      if (current?.state === 'applied' || current?.state === 'joined') {
        throw new WechatError(
          200002,
          `already ${current.state === 'applied' ? 'applied to' : 'joined'} plan ${planId}`,
        )
      }
      const row = {
        state: 'applied' as const,
        apply_reason: reason,
        apply_time: now,
        join_time: 0,
        reject_time: 0,
        remove_time: 0,
      }
      if (current) {
        await trx
          .updateTable('target_plan_applications')
          .set(row)
          .where('plan_id', '=', planId)
          .where('appid', '=', appid)
          .execute()
      } else {
        await trx
          .insertInto('target_plan_applications')
          .values({ plan_id: planId, appid, ...row })
          .execute()
      }
    })
  }

  /**
   * target/apply_status. An unknown plan is 200002; a plan the promoter has not applied to
   * answers promoterStatus 0 with every time 0.
   */
  async status(appid: string, planId: string): Promise<{ data: z.input<typeof PlanApplication> }> {
    const plan = await this.#plan(planId)
    if (!plan) throw new WechatError(200002, `planId ${planId} is not a plan`)
    const a = await this.#application(planId, appid)
    if (!a) {
      return {
        data: {
          planId,
          promoterStatus: 0,
          applyReason: '',
          applyTime: 0,
          joinTime: 0,
          rejectTime: 0,
          removeTime: 0,
        },
      }
    }
    return { data: applicationView(a) }
  }

  /**
   * The operator's decision on an application: approve (applied → joined), reject (applied →
   * rejected) or remove (joined → removed). Anything else is 409.
   */
  async decide(
    planId: string,
    appid: string,
    decision: 'approve' | 'reject' | 'remove',
  ): Promise<z.input<typeof PlanApplication> & { appid: string; state: AppState }> {
    const now = nowSeconds(this.clock)
    const from: AppState = decision === 'remove' ? 'joined' : 'applied'
    const set =
      decision === 'approve'
        ? { state: 'joined' as const, join_time: now }
        : decision === 'reject'
          ? { state: 'rejected' as const, reject_time: now }
          : { state: 'removed' as const, remove_time: now }
    const res = await this.db
      .updateTable('target_plan_applications')
      .set(set)
      .where('plan_id', '=', planId)
      .where('appid', '=', appid)
      .where('state', '=', from)
      .executeTakeFirst()
    const row = await this.#application(planId, appid)
    if (!row)
      throw new WechatError(200002, `${appid} has not applied to plan ${planId}`, 'not_found')
    if (Number(res.numUpdatedRows) === 0) {
      throw new WechatError(
        200002,
        `cannot ${decision} the application of ${appid}: it is ${row.state}`,
        'conflict',
      )
    }
    return { appid: row.appid, state: row.state, ...applicationView(row) }
  }

  async #application(
    planId: string,
    appid: string,
    db: Kysely<Database> = this.db,
  ): Promise<ApplicationRow | undefined> {
    return db
      .selectFrom('target_plan_applications')
      .selectAll()
      .where('plan_id', '=', planId)
      .where('appid', '=', appid)
      .executeTakeFirst()
  }

  async #plan(planId: string, db: Kysely<Database> = this.db): Promise<PlanRow | undefined> {
    return db
      .selectFrom('target_plans')
      .selectAll()
      .where('plan_id', '=', planId)
      .executeTakeFirst()
  }
}

function applicationView(a: ApplicationRow): z.input<typeof PlanApplication> {
  return {
    planId: a.plan_id,
    promoterStatus: PROMOTER_STATUS[a.state],
    applyReason: a.apply_reason,
    applyTime: Number(a.apply_time),
    joinTime: Number(a.join_time),
    rejectTime: Number(a.reject_time),
    removeTime: Number(a.remove_time),
  }
}

/**
 * The commission ratio of `productId` for promoter `appid` paid at `payTime`: the highest ratio
 * among the plans the promoter is joined to whose window holds `payTime` (both ends inclusive),
 * else the product's own `ratio`. Purchases snapshot it.
 */
export async function planRatio(
  db: Kysely<Database> | Transaction<Database>,
  appid: string,
  productId: string,
  payTime: number,
  ratio: number,
): Promise<number> {
  const row = await db
    .selectFrom('target_plan_products as pp')
    .innerJoin('target_plans as p', 'p.plan_id', 'pp.plan_id')
    .innerJoin('target_plan_applications as a', 'a.plan_id', 'pp.plan_id')
    .select((eb) => eb.fn.max('pp.ratio').as('ratio'))
    .where('pp.product_id', '=', productId)
    .where('a.appid', '=', appid)
    .where('a.state', '=', 'joined')
    .where('p.start_time', '<=', payTime)
    .where('p.end_time', '>=', payTime)
    .executeTakeFirst()
  return row?.ratio === null || row?.ratio === undefined ? ratio : Number(row.ratio)
}
