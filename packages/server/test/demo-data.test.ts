/**
 * The demo data reads as a real promoter's would (issue 18, item 15): titles, units, prices and
 * commission ratios fit their category; clicks per spot and day agree with the orders; order ids
 * are WeChat's 19 digits; and the deliberate edge cases stay (an id above 2^53, products without
 * coupon or image, a sold-out SKU).
 * @module
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { demoCategories, demoProduct, demoShops } from '../src/seed/catalogue.ts'
import { seedDemo } from '../src/seed/demo.ts'
import { createTestPlatform, type TestPlatform } from './support.ts'

const { rows, leaves } = demoCategories()
const shops = demoShops(1, 2000)
const products = Array.from({ length: 2000 }, (_, i) => demoProduct(1, i, shops, leaves))
const nameOf = new Map(rows.map((r) => [r.id, r.name]))
const top = (p: (typeof products)[number]) => nameOf.get(p.path[0])!
const leaf = (p: (typeof products)[number]) => nameOf.get(p.path[2])!

/** What a shopper would believe a product of each top-level category costs, yuan. */
const BELIEVABLE: Record<string, [number, number]> = {
  服饰: [19, 699],
  鞋靴: [59, 1199],
  美妆: [39, 999],
  个护清洁: [9.9, 199],
  食品: [9.9, 399],
  生鲜: [19, 799],
  母婴: [19, 599],
  家纺: [19, 999],
  家具: [199, 9999],
  家用电器: [99, 2999],
  数码: [15, 3999],
  运动户外: [19, 3999],
  宠物: [9.9, 999],
  图书: [19, 299],
}

describe('demo catalogue', () => {
  test('every title names its own category and nothing of another kind', () => {
    for (const p of products) assert.ok(p.product.title.includes(leaf(p)), p.product.title)
    const weighed = /\d(\.\d+)?\s*(kg|g|ml|L|斤)(?![a-z])/
    for (const p of products.filter((x) =>
      ['服饰', '鞋靴', '家纺', '家具', '数码', '图书'].includes(top(x)),
    ))
      assert.doesNotMatch(p.product.title, weighed, `${top(p)}: ${p.product.title}`)
    for (const p of products)
      for (const who of ['男士', '女士', '儿童', '婴儿'])
        if (p.product.title.includes(who)) assert.ok(leaf(p).includes(who), p.product.title)
  })

  test('prices are what such a product costs, ratios what such a shop pays', () => {
    for (const p of products) {
      const [low, high] = BELIEVABLE[top(p)]!
      const yuan = p.product.minPrice / 100
      assert.ok(yuan >= low && yuan <= high, `${p.product.title} ¥${yuan}`)
      for (const s of p.product.skus ?? []) assert.ok(s.salePrice! <= s.marketPrice!, s.skuId)
      const ratio = p.product.commissionRatio
      assert.ok(ratio > 0 && ratio <= 4000, `${p.product.title} ${ratio / 100}%`)
      if (['家用电器', '生鲜'].includes(top(p)) || ['显示器', '蓝牙耳机'].includes(leaf(p)))
        assert.ok(ratio <= 1000, `${p.product.title} ${ratio / 100}%`)
      if (leaf(p) === '数据线') assert.ok(yuan <= 99, `${p.product.title} ¥${yuan}`)
    }
    // Spread, not one price per category: a catalogue a promoter can filter by price.
    const dear = products.filter((p) => p.product.minPrice >= 100_000).length
    const cheap = products.filter((p) => p.product.minPrice <= 5000).length
    assert.ok(dear > 50 && cheap > 300, `${dear} over ¥1,000, ${cheap} up to ¥50`)
  })

  test('the deliberate edge cases are still there', () => {
    const all = products.map((p) => p.product)
    assert.ok(all.some((p) => BigInt(p.productId) > BigInt(Number.MAX_SAFE_INTEGER)))
    assert.ok(all.some((p) => !p.coupon) && all.some((p) => p.coupon))
    const imageless = all.filter(
      (p) => (p.headImg ?? []).length === 0 && (p.skus ?? []).every((s) => !s.thumbImg),
    )
    assert.ok(imageless.length > 0, 'a product without any image')
    assert.ok(
      all.some((p) => p.status === 5 && (p.skus ?? []).some((s) => s.stockNum === 0)),
      'a sold-out SKU of a listed product',
    )
  })
})

describe('demo orders and clicks', () => {
  let t: TestPlatform
  let token: string
  before(async () => {
    t = await createTestPlatform('sqlite')
    const demo = await seedDemo(t.services)
    const res = await t.app.request(
      `/cgi-bin/token?grant_type=client_credential&appid=${demo.appid}&secret=${demo.secret}`,
    )
    token = ((await res.json()) as { access_token: string }).access_token
  })
  after(() => t.close())

  test('the --ship-from example of `tuike products list --help` finds demo products', async () => {
    // $ tuike products list --min-price 9.9 --max-price 99 --shipping express --ship-from 广东省/深圳市
    const r = await t.get('/union/promoter/product/list', token, {
      from: 0,
      limit: 5,
      minPrice: 990,
      maxPrice: 9900,
      shippingMethods: JSON.stringify({ express: 1 }),
      addressList: JSON.stringify([
        { addressInfo: { provinceName: '广东省', cityName: '深圳市' } },
      ]),
    })
    assert.equal(r.errcode, 0, r.errmsg)
    assert.ok(r.productList.length > 0, JSON.stringify(r))
  })

  test('every demo order id has WeChat’s 19 digits', async () => {
    const ids = await t.database.db.selectFrom('orders').select('order_id').execute()
    assert.ok(ids.length >= 300)
    for (const { order_id } of ids) assert.match(order_id, /^\d{19}$/)
  })

  test('clicks per spot and per day agree with the orders, at believable conversion', async () => {
    const since = Math.floor(Date.now() / 1000) - 92 * 86400
    const bySpot = await t.get('/tuike/v1/report', token, { by: 'spot', since })
    assert.equal(bySpot.errcode, 0)
    assert.ok(bySpot.rows.length >= 3)
    for (const r of bySpot.rows) {
      assert.ok(r.clicks >= r.orders * 10, `${r.label}: ${r.clicks} clicks, ${r.orders} orders`)
    }
    const rate = bySpot.funnel.clickToOrder
    assert.ok(rate >= 0.01 && rate <= 0.1, `conversion ${rate}`)
    const byDay = await t.get('/tuike/v1/report', token, { by: 'day', since })
    for (const r of byDay.rows) {
      assert.ok(r.clicks >= r.orders, `${r.key}: ${r.clicks} clicks, ${r.orders} orders`)
    }
    assert.ok(byDay.rows.filter((r: { clicks: number }) => r.clicks > 0).length > 60)
  })
})
