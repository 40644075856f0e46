import assert from 'node:assert/strict'
import { before, test } from 'node:test'
import {
  ADD,
  ADMIN_KEY,
  adminCall,
  eachDialect,
  GENERATE,
  INFO,
  openForSuite,
  PUBLIC,
  unionPlatform,
} from './support.ts'

const PLAN_INFO = '/union/promoter/target/plan_info'
const APPLY = '/union/promoter/target/apply_target'
const STATUS = '/union/promoter/target/apply_status'

eachDialect('targeted plans', (dialect) => {
  let shop: string
  let shopProducts: { id: string; commission_ratio: number }[]
  let otherShopProduct: string
  const now = Math.floor(Date.now() / 1000)

  const p = openForSuite(() => unionPlatform(dialect, { products: 300, seed: 5 }))
  before(async () => {
    const counts = await p.database.db
      .selectFrom('products')
      .select(['shop_appid', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('shop_appid')
      .execute()
    counts.sort((a, b) => Number(b.n) - Number(a.n))
    shop = counts[0]!.shop_appid
    shopProducts = await p.database.db
      .selectFrom('products')
      .select(['id', 'commission_ratio'])
      .where('shop_appid', '=', shop)
      .orderBy('pk')
      .execute()
    assert.ok(shopProducts.length >= 12, 'a shop with more than 10 products')
    otherShopProduct = (await p.database.db
      .selectFrom('products')
      .select('id')
      .where('shop_appid', '!=', shop)
      .executeTakeFirstOrThrow())!.id
  })

  const admin = (method: string, path: string, body?: unknown) =>
    adminCall((u, i) => p.app.request(u, i), ADMIN_KEY, method, path, body)
  /** The operator's decision on `appid`'s application to `planId`. */
  const decide = (planId: string, appid: string, decision: 'approve' | 'reject' | 'remove') =>
    admin('POST', `/admin/v1/plans/${planId}/applications/${appid}/${decision}`)
  /** A ratio that differs from the product's own. */
  const planRatioFor = (ratio: number) => (ratio === 4321 ? 4322 : 4321)
  const createPlan = async (startTime: number, endTime: number, n = 12) => {
    const res = await admin('POST', '/admin/v1/plans', {
      shopAppid: shop,
      name: '双十一定向',
      description: '高佣定向计划',
      startTime,
      endTime,
      products: shopProducts.slice(0, n).map((x) => ({
        productId: x.id,
        commissionRatio: planRatioFor(x.commission_ratio),
      })),
    })
    assert.equal(res.status, 201, JSON.stringify(res.body))
    return res.body as { planId: string; invitationUrl: string }
  }

  test('the operator creates a plan; plan_info shows it and at most 10 products', async () => {
    const plan = await createPlan(now - 3600, now + 86400)
    assert.match(plan.planId, /^\d{19}$/)
    assert.ok(BigInt(plan.planId) > 2n ** 53n, 'planId above 2^53')
    assert.ok(plan.invitationUrl.startsWith(`${PUBLIC}/plan/`))
    const { token } = await p.promoter()
    const res = await p.get(PLAN_INFO, token, { planInvitationUrl: plan.invitationUrl })
    assert.equal(res.errcode, 0, JSON.stringify(res))
    assert.equal(res.errmsg, 'ok')
    const info = res.targetPlanInfo
    assert.equal(info.planId, plan.planId)
    assert.equal(typeof info.planId, 'string')
    assert.equal(info.planStatus, 1)
    assert.equal(info.planName, '双十一定向')
    assert.equal(info.planDesc, '高佣定向计划')
    assert.equal(info.planStartTime, now - 3600)
    assert.equal(info.planEndTime, now + 86400)
    assert.equal(typeof info.extInfo, 'object')
    assert.equal(info.extInfo.bizBasicInfo.appid, shop)
    assert.deepEqual(info.extInfo.data, {})
    assert.equal(res.productListInfo.length, 10, 'capped at 10 products')
    for (const [i, item] of res.productListInfo.entries()) {
      const own = shopProducts[i]!
      assert.equal(item.planId, plan.planId)
      assert.equal(item.productId, own.id)
      assert.equal(item.productStatus, 5)
      assert.equal(item.commissionRatio, planRatioFor(own.commission_ratio))
      assert.equal(item.leagueExInfo.commissionRatio, item.commissionRatio)
      assert.equal(
        item.leagueExInfo.commissionValue,
        Math.floor((item.productDetailInfo.minPrice * item.commissionRatio + 5000) / 10000),
      )
      assert.equal(item.leagueExInfo.banBizuin, 0)
      assert.match(item.productDetailInfo.totalStockNum, /^\d+$/)
      // A string, as in the sample response SKIT copied from WeChat's page ("totalSoldNum":"2").
      assert.match(item.productDetailInfo.totalSoldNum, /^\d+$/)
      assert.equal(typeof item.couponInfo.couponId, 'string')
      assert.match(item.couponInfo.discount, /^\d+$/)
      assert.ok(item.productDetailInfo.skus.length > 0)
    }
  })

  test('planStatus: 0 before the window, 2 after it', async () => {
    const { token } = await p.promoter()
    const future = await createPlan(now + 3600, now + 7200, 1)
    const past = await createPlan(now - 7200, now - 3600, 1)
    const f = await p.get(PLAN_INFO, token, { planInvitationUrl: future.invitationUrl })
    const x = await p.get(PLAN_INFO, token, { planInvitationUrl: past.invitationUrl })
    assert.equal(f.targetPlanInfo.planStatus, 0)
    assert.equal(x.targetPlanInfo.planStatus, 2)
    // Applying to an expired plan is refused.
    const late = await p.post(APPLY, token, { planId: past.planId, applyReason: 'late' })
    assert.equal(late.errcode, 200002)
  })

  test('plan_info errors: an unknown link and a missing parameter are 200002', async () => {
    const { token } = await p.promoter()
    const bad = await p.get(PLAN_INFO, token, {
      planInvitationUrl: `${PUBLIC}/plan/AAAAAAAAAAAAAAAA`,
    })
    assert.equal(bad.errcode, 200002)
    const junk = await p.get(PLAN_INFO, token, { planInvitationUrl: 'not a url' })
    assert.equal(junk.errcode, 200002)
    const missing = await p.get(PLAN_INFO, token, {})
    assert.equal(missing.errcode, 200002)
    assert.match(missing.errmsg, /planInvitationUrl/)
  })

  test('apply_target, apply_status, and the operator approving, rejecting, removing', async () => {
    const plan = await createPlan(now - 60, now + 86400, 2)
    const a = await p.promoter('a')
    const b = await p.promoter('b')
    const none = await p.get(STATUS, a.token, { planId: plan.planId })
    assert.equal(none.errcode, 0)
    assert.deepEqual(none.data, {
      planId: plan.planId,
      promoterStatus: 0,
      applyReason: '',
      applyTime: 0,
      joinTime: 0,
      rejectTime: 0,
      removeTime: 0,
    })
    const applied = await p.post(APPLY, a.token, { planId: plan.planId, applyReason: '粉丝匹配' })
    assert.deepEqual(applied, { errcode: 0, errmsg: 'ok' })
    const s1 = await p.get(STATUS, a.token, { planId: plan.planId })
    assert.equal(s1.data.promoterStatus, 1)
    assert.equal(s1.data.applyReason, '粉丝匹配')
    assert.ok(s1.data.applyTime >= now - 5)
    assert.equal(s1.data.joinTime, 0)
    assert.equal(s1.data.rejectTime, 0)
    assert.equal(s1.data.removeTime, 0)
    const again = await p.post(APPLY, a.token, { planId: plan.planId, applyReason: 'again' })
    assert.equal(again.errcode, 200002)
    // A numeric planId is read as a string.
    await p.post(APPLY, b.token, { planId: plan.planId, applyReason: 'b' })

    const approve = await decide(plan.planId, a.appid, 'approve')
    assert.equal(approve.status, 200, JSON.stringify(approve.body))
    const s2 = await p.get(STATUS, a.token, { planId: plan.planId })
    assert.ok(s2.data.joinTime > 0)
    assert.notEqual(s2.data.promoterStatus, 1)
    const reject = await decide(plan.planId, b.appid, 'reject')
    assert.equal(reject.status, 200)
    const sb = await p.get(STATUS, b.token, { planId: plan.planId })
    assert.ok(sb.data.rejectTime > 0)
    assert.equal(sb.data.joinTime, 0)
    // Wrong-state decisions are 409; a promoter who did not apply is 404.
    assert.equal((await decide(plan.planId, a.appid, 'reject')).status, 409)
    const c = await p.promoter('c')
    assert.equal((await decide(plan.planId, c.appid, 'approve')).status, 404)
    const removed = await decide(plan.planId, a.appid, 'remove')
    assert.equal(removed.status, 200)
    const s3 = await p.get(STATUS, a.token, { planId: plan.planId })
    assert.ok(s3.data.removeTime > 0)
    // After a rejection the promoter may apply again: the application starts over.
    const reapply = await p.post(APPLY, b.token, { planId: plan.planId, applyReason: 'b2' })
    assert.equal(reapply.errcode, 0)
    const sb2 = await p.get(STATUS, b.token, { planId: plan.planId })
    assert.equal(sb2.data.promoterStatus, 1)
    assert.equal(sb2.data.rejectTime, 0)

    const view = await admin('GET', `/admin/v1/plans/${plan.planId}`)
    assert.equal(view.body.applications.length, 2)
  })

  test('apply errors: unknown plan, missing fields', async () => {
    const { token } = await p.promoter()
    const unknown = await p.post(APPLY, token, {
      planId: '1964112935262240768',
      applyReason: 'x',
    })
    assert.equal(unknown.errcode, 200002)
    const noReason = await p.post(APPLY, token, { planId: '1964112935262240768' })
    assert.equal(noReason.errcode, 200002)
    assert.match(noReason.errmsg, /applyReason/)
    const status = await p.get(STATUS, token, { planId: '1964112935262240768' })
    assert.equal(status.errcode, 200002)
    const noId = await p.get(STATUS, token, {})
    assert.equal(noId.errcode, 200002)
  })

  test('admin plan validation: foreign products, reversed window, unknown shop', async () => {
    const foreign = await admin('POST', '/admin/v1/plans', {
      shopAppid: shop,
      name: 'x',
      startTime: now,
      endTime: now + 10,
      products: [{ productId: otherShopProduct, commissionRatio: 100 }],
    })
    assert.equal(foreign.status, 400)
    assert.equal(foreign.body.errcode, 200002)
    const reversed = await admin('POST', '/admin/v1/plans', {
      shopAppid: shop,
      name: 'x',
      startTime: now + 10,
      endTime: now,
      products: [{ productId: shopProducts[0]!.id, commissionRatio: 100 }],
    })
    assert.equal(reversed.status, 400)
    const noShop = await admin('POST', '/admin/v1/plans', {
      shopAppid: 'wx0000000000000000',
      name: 'x',
      startTime: now,
      endTime: now + 10,
      products: [{ productId: shopProducts[0]!.id, commissionRatio: 100 }],
    })
    assert.equal(noShop.status, 400)
    const ratio = await admin('POST', '/admin/v1/plans', {
      shopAppid: shop,
      name: 'x',
      startTime: now,
      endTime: now + 10,
      products: [{ productId: shopProducts[0]!.id, commissionRatio: 10001 }],
    })
    assert.equal(ratio.status, 400)
    assert.equal((await admin('GET', '/admin/v1/plans/1')).status, 404)
  })

  test('an approved plan sets the ratio of orders paid inside its window, not outside', async () => {
    const start = now - 3600
    const end = now + 3600
    const plan = await createPlan(start, end, 3)
    const target = shopProducts[1]!
    const planRatio = planRatioFor(target.commission_ratio)
    const joined = await p.promoter('joined')
    const applicant = await p.promoter('applicant')
    for (const x of [joined, applicant]) {
      await p.post(APPLY, x.token, { planId: plan.planId, applyReason: 'r' })
    }
    await decide(plan.planId, joined.appid, 'approve')

    let spots = 0
    const codeOf = async (token: string, productId: string) => {
      const { pid } = await p.post(ADD, token, { promotionSourceName: `计划${++spots}` })
      const res = await p.post(GENERATE, token, {
        pid,
        productList: [{ productId, appId: shop }],
      })
      assert.equal(res.errcode, 0, JSON.stringify(res))
      return (res.list[0].shareInfo.promotionUrl as string).slice(`${PUBLIC}/s/`.length)
    }
    const ratioOf = async (token: string, code: string, payTime?: number) => {
      const bought = await admin('POST', '/admin/v1/purchases', { code, payTime })
      assert.equal(bought.status, 201, JSON.stringify(bought.body))
      const info = await p.post(INFO, token, { orderIdList: [bought.body.orderId] })
      return info.orderList[0].productList[0].ratio as number
    }
    const code = await codeOf(joined.token, target.id)
    assert.equal(await ratioOf(joined.token, code), planRatio, 'now, inside the window')
    assert.equal(await ratioOf(joined.token, code, start), planRatio, 'window start')
    assert.equal(await ratioOf(joined.token, code, end), planRatio, 'window end')
    assert.equal(await ratioOf(joined.token, code, start - 1), target.commission_ratio)
    assert.equal(await ratioOf(joined.token, code, end + 1), target.commission_ratio)
    // Not approved: the product's own ratio.
    const other = await codeOf(applicant.token, target.id)
    assert.equal(await ratioOf(applicant.token, other), target.commission_ratio)
    // A product outside the plan keeps its ratio.
    const outside = shopProducts[5]!
    const outsideCode = await codeOf(joined.token, outside.id)
    assert.equal(await ratioOf(joined.token, outsideCode), outside.commission_ratio)
    // The ratio was snapshotted: orders keep it after the promoter is removed.
    const before = await admin('POST', '/admin/v1/purchases', { code })
    await decide(plan.planId, joined.appid, 'remove')
    assert.equal(await ratioOf(joined.token, code), target.commission_ratio, 'removed')
    const kept = await p.post(INFO, joined.token, { orderIdList: [before.body.orderId] })
    assert.equal(kept.orderList[0].productList[0].ratio, planRatio)
  })

  test('the operator lists plans newest first with counts, and the recent orders of everyone', async () => {
    const plan = await createPlan(now - 60, now + 30 * 86400, 4)
    const applicant = await p.promoter('lister')
    const applied = await p.post(APPLY, applicant.token, {
      planId: plan.planId,
      applyReason: 'r',
    })
    assert.equal(applied.errcode, 0, JSON.stringify(applied))
    const list = await admin('GET', '/admin/v1/plans')
    assert.equal(list.status, 200, JSON.stringify(list.body))
    // Newest first: a plan id starts with its creation second, so ids descend. Plans made in
    // the same second (earlier tests) have random suffixes: find this one by its id.
    const ids: string[] = list.body.plans.map((x: { planId: string }) => x.planId)
    assert.deepEqual(ids, [...ids].sort().reverse())
    const first = list.body.plans.find((x: { planId: string }) => x.planId === plan.planId)
    assert.ok(first, 'the new plan is listed')
    assert.equal(first.productCount, 4)
    assert.equal(first.pendingCount, 1)
    assert.equal(first.planStatus, 1, 'running')
    assert.equal(first.invitationUrl, plan.invitationUrl)
    assert.equal(first.applications, undefined)
    const orders = await admin('GET', '/admin/v1/orders')
    assert.equal(orders.status, 200)
    const times = orders.body.orders.map((o: { payTime: number }) => o.payTime)
    assert.ok(times.length > 0 && times.length <= 50)
    assert.deepEqual(
      times,
      [...times].sort((a: number, b: number) => b - a),
      'newest first',
    )
    assert.match(orders.body.orders[0].appid, /^wx/)
  })
})
