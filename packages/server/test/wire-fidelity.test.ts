/**
 * Request shapes real clients send (issue 14): numeric ids beyond 2^53 read from their digits,
 * the literal `null` in a query, `same_city` and the `name[]` / `name[i]` list forms, unknown
 * keys in filter objects, a teaching errmsg for a bare array body, and the wire types of
 * target/plan_info's totalSoldNum and the union coupon.
 */
import assert from 'node:assert/strict'
import { before, test } from 'node:test'
import { up } from '../src/db/migrations/012-coupon-wire-types.ts'
import { importNdjson } from '../src/services/catalogue-import.ts'
import { expandKeys } from '../src/services/catalogue-wire.ts'
import {
  createTestPlatform,
  eachDialect,
  oneLineOrder,
  openForSuite,
  withWireBefore025,
} from './support.ts'

const U = '/union/promoter'
const BIG_PRODUCT = '9007199254740993'

eachDialect('wire fidelity', (dialect) => {
  let token: string
  let appid: string
  let pid: string
  const p = openForSuite(() =>
    createTestPlatform(dialect, { catalogue: { products: 40, seed: 5 } }),
  )
  before(async () => {
    // Also sold through a trade-component mini-program, for open_product/generate.
    await p.database.db
      .updateTable('products')
      .set({ trade_component: 1 })
      .where('id', '=', BIG_PRODUCT)
      .execute()
    ;({ token, appid } = await p.promoter())
    ;({ pid } = await p.post(`${U}/promotion/add`, token, { promotionSourceName: '首页' }))
  })

  const raw = async (path: string, body: string) => {
    const res = await p.app.request(`${path}?access_token=${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    })
    return (await res.json()) as any
  }
  const query = async (path: string, qs: string) =>
    (await (await p.app.request(`${path}?access_token=${token}&${qs}`)).json()) as any
  const shopOf = async (productId: string) =>
    (
      await p.database.db
        .selectFrom('products')
        .select('shop_appid')
        .where('id', '=', productId)
        .executeTakeFirstOrThrow()
    ).shop_appid

  test('order/info reads JSON-number ids beyond 2^53 from their digits', async () => {
    const id = await p.services.orders.create(oneLineOrder(appid, { pid, spotName: '首页' }))
    assert.ok(BigInt(id) > 2n ** 53n)
    const res = await raw(`${U}/order/info`, `{"orderIdList":[${id}]}`)
    assert.equal(res.errcode, 0, res.errmsg)
    assert.deepEqual(
      res.orderList.map((o: { orderId: string }) => o.orderId),
      [id],
    )
  })

  test('generate and open_product/generate read a numeric productId beyond 2^53 exactly', async () => {
    const appId = await shopOf(BIG_PRODUCT)
    for (const path of [`${U}/product/generate`, `${U}/open_product/generate`]) {
      const body = `{"pid":"${pid}","productList":[{"productId":${BIG_PRODUCT},"appId":"${appId}"}]}`
      const res = await raw(path, body)
      assert.equal(res.errcode, 0, `${path}: ${res.errmsg}`)
      assert.equal(res.list[0].productId, BIG_PRODUCT)
    }
  })

  test('apply_target reads a numeric planId beyond 2^53 (unknown plan: a 200002 naming it)', async () => {
    const res = await raw(
      `${U}/target/apply_target`,
      '{"planId":1964112935262240768,"applyReason":"x"}',
    )
    assert.equal(res.errcode, 200002)
    assert.match(res.errmsg, /1964112935262240768/)
  })

  test('the product import reads a JSON-number productId beyond 2^53 from its digits', async () => {
    const shop = await shopOf(BIG_PRODUCT)
    const cat = (
      await p.database.db
        .selectFrom('categories')
        .select('id')
        .where('level', '=', 3)
        .executeTakeFirstOrThrow()
    ).id
    const line = `{"productId":9007199254741999,"shopAppId":"${shop}","title":"大数","categoryId":${cat},"minPrice":100,"commissionRatio":1000}`
    const result = await importNdjson(p.database.db, 'products', line)
    assert.deepEqual(result.errors, [])
    assert.equal(await shopOf('9007199254741999'), shop)
  })

  test('a numeric id that is not a non-negative integer stays 200002', async () => {
    for (const id of ['-1796194434000000299', '-5', '1.5', '1796194434000000299.0', '1e20']) {
      const res = await raw(`${U}/order/info`, `{"orderIdList":[${id}]}`)
      assert.equal(res.errcode, 200002, id)
      assert.match(res.errmsg, /^orderIdList\[0\] must be/, id)
    }
    // Beyond 2^53 only the digits are refused, not the size: the answer must not say "<= 2^53"
    // to a client whose plain-digit ids of that size are accepted.
    for (const id of ['1796194434000000299.0', '1e20']) {
      const res = await raw(`${U}/order/info`, `{"orderIdList":[${id}]}`)
      assert.doesNotMatch(res.errmsg, /<= 9007199254740991/, id)
      assert.match(res.errmsg, /plain digits/, id)
    }
    const huge = await raw(`${U}/promotion/add`, '{"promotionSourceName":12345678901234567890}')
    assert.equal(huge.errcode, 200002)
    assert.match(huge.errmsg, /^promotionSourceName must be a string/)
  })

  test('the literal null in a query is an absent parameter', async () => {
    const res = await query(
      `${U}/product/select`,
      'from=0&limit=5&shippingMethods=null&addressList=null&hasCoupon=null&minPrice=null',
    )
    assert.equal(res.errcode, 0, res.errmsg)
    const required = await query(`${U}/product/list`, 'from=null&limit=5')
    assert.equal(required.errcode, 200002)
    assert.match(required.errmsg, /^from cannot be empty/)
  })

  test('same_city filters like sameCity; unknown filter keys are refused by name', async () => {
    const total = async (shipping: string) =>
      (
        await query(
          `${U}/product/list`,
          `from=0&limit=1&shippingMethods=${encodeURIComponent(shipping)}`,
        )
      ).total as number
    const all = (await query(`${U}/product/list`, 'from=0&limit=1')).total as number
    const camel = await total('{"express":0,"sameCity":1,"pickup":0}')
    assert.ok(camel < all, 'the sameCity filter narrows the catalogue')
    assert.equal(await total('{"express":0,"same_city":1,"pickup":0}'), camel)
    const unknown = await query(
      `${U}/product/list`,
      `from=0&limit=1&shippingMethods=${encodeURIComponent('{"express":1,"sameCty":1}')}`,
    )
    assert.equal(unknown.errcode, 200002)
    assert.match(unknown.errmsg, /^shippingMethods has unknown key sameCty/)
    const county = await query(
      `${U}/product/list`,
      `from=0&limit=1&addressList=${encodeURIComponent('[{"addressInfo":{"countryName":"x"}}]')}`,
    )
    assert.equal(county.errcode, 200002)
    assert.match(county.errmsg, /^addressList\[0\]\.addressInfo has unknown key countryName/)
  })

  test('name[] and name[i] query forms are read as the list', async () => {
    const first = (await query(`${U}/product/list`, 'from=0&limit=1')).productList[0]
    const shop = first.shopInfo.appId as string
    const comma = (await query(`${U}/product/list`, `from=0&limit=1&shopAppIds=${shop}`)).total
    const all = (await query(`${U}/product/list`, 'from=0&limit=1')).total
    assert.ok(comma < all, 'the shop filter narrows the catalogue')
    for (const qs of [`shopAppIds[]=${shop}`, `shopAppIds%5B0%5D=${shop}`]) {
      const res = await query(`${U}/product/list`, `from=0&limit=1&${qs}`)
      assert.equal(res.errcode, 0, res.errmsg)
      assert.equal(res.total, comma, qs)
    }
    const two = (await query(`${U}/product/list`, 'from=1&limit=2')).productList
    const ids = two.map((x: { productId: string }) => x.productId)
    const byIds = await query(
      `${U}/product/list`,
      `from=0&limit=5&productId[0]=${ids[0]}&productId[1]=${ids[1]}`,
    )
    assert.deepEqual(
      byIds.productList.map((x: { productId: string }) => x.productId),
      ids,
    )
  })

  test('coupon terms carry WeChat documented wire types (strings for times and amounts)', async () => {
    const res = await query(`${U}/product/list`, 'from=0&limit=50&hasCoupon=1')
    assert.equal(res.errcode, 0, res.errmsg)
    assert.ok(res.productList.length > 0)
    const TIME = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/
    for (const item of res.productList) {
      const d = item.couponInfo.couponDetail
      const cond = d.discountInfo.discountCondition
      assert.match(cond.productCnt, /^\d+$/)
      assert.match(cond.productPrice, /^\d+$/)
      assert.ok(cond.productIds.every((id: unknown) => typeof id === 'string'))
      if ('discountFee' in d.discountInfo) assert.match(d.discountInfo.discountFee, /^\d+$/)
      if ('discountNum' in d.discountInfo) assert.equal(typeof d.discountInfo.discountNum, 'number')
      assert.equal(typeof d.validInfo.validType, 'number')
      for (const t of [d.validInfo.startTime, d.validInfo.endTime]) assert.match(t, /^$|^\d{4}-/)
      // The demo coupons open for claims at Unix 1700000000, 2023-11-15 06:13:20 in Beijing.
      assert.equal(d.receiveInfo.startTime, '2023-11-15 06:13:20')
      assert.match(d.receiveInfo.endTime, TIME)
    }
  })

  test('migration 012 re-serialises coupon products stored with the old wire types', async () => {
    const db = p.database.db
    const coupon = await db
      .selectFrom('products as p')
      .innerJoin('product_wire as w', 'w.pk', 'p.pk')
      .select(['p.id', 'p.pk', 'w.wire'])
      .where('p.has_coupon', '=', 1)
      .executeTakeFirstOrThrow()
    // What 010 left: Unix-second numbers and numeric amounts in the serialised coupon (keys
    // written out: 022, which stores them as codes, came later).
    const old = expandKeys(coupon.wire)
      .replace(/"productCnt":"(\d+)"/, '"productCnt":$1')
      .replace(/"receiveInfo":\{"startTime":"[^"]*"/, '"receiveInfo":{"startTime":1700000000')
    assert.notEqual(old, coupon.wire)
    await db.updateTable('product_wire').set({ wire: old }).where('pk', '=', coupon.pk).execute()
    await withWireBefore025(db, () => up(db as never))
    p.services.catalogue.invalidate()
    const res = await query(`${U}/product/list`, `from=0&limit=1&productId=${coupon.id}`)
    const d = res.productList[0].couponInfo.couponDetail
    assert.equal(d.discountInfo.discountCondition.productCnt, '1')
    assert.equal(d.receiveInfo.startTime, '2023-11-15 06:13:20')
  })

  test('a bare JSON array body teaches the expected shape on every POST endpoint', async () => {
    const info = await raw(`${U}/order/info`, '["1796194434000000299"]')
    assert.equal(info.errcode, 200002)
    assert.match(info.errmsg, /^body must be \{"orderIdList": \[\.\.\.\]\} rid: /)
    const add = await raw(`${U}/promotion/add`, '[]')
    assert.match(add.errmsg, /^body must be \{"promotionSourceName": "\.\.\."\} rid: /)
    const generate = await raw(`${U}/product/generate`, '42')
    assert.match(
      generate.errmsg,
      /^body must be \{"pid": "\.\.\.", "productList": \[\.\.\.\]\} rid: /,
    )
  })
})
