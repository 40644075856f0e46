import assert from 'node:assert/strict'
import { before, test } from 'node:test'
import {
  ADD,
  ADMIN_KEY,
  eachDialect,
  generateOne,
  INFO,
  openForSuite,
  PARSE,
  PUBLIC,
  unionPlatform,
} from './support.ts'

const LIST = '/union/promoter/open_product/list'
const GENERATE = '/union/promoter/open_product/generate'

interface Row {
  id: string
  pk: number
  shop_appid: string
  min_price: number
  commission_ratio: number
  trade_component: number
}

eachDialect('trade-component products', (dialect) => {
  let rows: Row[]
  let trade: Row[]
  const p = openForSuite(() => unionPlatform(dialect, { products: 400, seed: 4 }))
  before(async () => {
    rows = (
      await p.database.db
        .selectFrom('products')
        .select(['id', 'pk', 'shop_appid', 'min_price', 'commission_ratio', 'trade_component'])
        .orderBy('pk')
        .execute()
    ).map((r) => ({
      ...r,
      pk: Number(r.pk),
      min_price: Number(r.min_price),
      trade_component: Number(r.trade_component),
    }))
    trade = rows.filter((r) => r.trade_component === 1)
    assert.equal(trade.length, 20, 'the demo seed marks one product in 20')
  })

  const admin = async (method: string, path: string, body?: unknown, raw?: string) => {
    const res = await p.app.request(path, {
      method,
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    })
    return { status: res.status, body: (await res.json()) as any }
  }
  const ids = (res: any) => res.productList.map((x: any) => x.product.productId)

  test('open_product/list: only flagged products, its own fields, limit ≤ 30', async () => {
    const { token } = await p.promoter()
    const res = await p.get(LIST, token, { from: 0, limit: 30 })
    assert.equal(res.errcode, 0, JSON.stringify(res))
    assert.equal(res.total, trade.length)
    assert.deepEqual(
      ids(res),
      trade.map((r) => r.id),
    )
    const first = res.productList[0]
    assert.deepEqual(Object.keys(first).sort(), ['leagueExInfo', 'product', 'shopInfo'])
    assert.deepEqual(Object.keys(first.product).sort(), ['info', 'productId', 'skus'])
    assert.deepEqual(Object.keys(first.product.info).sort(), [
      'brandId',
      'category',
      'detail',
      'headImg',
      'minPrice',
      'path',
      'title',
      'totalStockNum',
    ])
    assert.equal(first.product.info.path, `pages/product/detail?id=${first.product.productId}`)
    assert.equal(typeof first.product.info.totalStockNum, 'number')
    for (const sku of first.product.skus) assert.match(sku.productSkuInfo.stockNum, /^\d+$/)
    assert.deepEqual(Object.keys(first.shopInfo).sort(), [
      'appId',
      'headImgUrl',
      'name',
      'username',
    ])
    assert.deepEqual(Object.keys(first.leagueExInfo).sort(), [
      'commissionRatio',
      'commissionValue',
      'hasCommission',
    ])
    // Paging from 0 to total returns each product once.
    const page1 = await p.get(LIST, token, { from: 0, limit: 7 })
    const page2 = await p.get(LIST, token, { from: 7, limit: 7 })
    const page3 = await p.get(LIST, token, { from: 14, limit: 7 })
    assert.deepEqual(
      [...ids(page1), ...ids(page2), ...ids(page3)],
      trade.map((r) => r.id),
    )
  })

  test('open_product/list filters and sorts as product/list, against a brute-force filter', async () => {
    const { token } = await p.promoter()
    const prices = trade.map((r) => r.min_price).sort((a, b) => a - b)
    const mid = prices[Math.floor(prices.length / 2)]!
    const cheap = await p.get(LIST, token, { from: 0, limit: 30, maxPrice: mid })
    assert.deepEqual(
      ids(cheap),
      trade.filter((r) => r.min_price <= mid).map((r) => r.id),
    )
    const shop = trade[0]!.shop_appid
    const byShop = await p.get(LIST, token, { from: 0, limit: 30, shopAppIds: shop })
    assert.deepEqual(
      ids(byShop),
      trade.filter((r) => r.shop_appid === shop).map((r) => r.id),
    )
    const sorted = await p.get(LIST, token, { from: 0, limit: 30, sortType: 2 })
    assert.deepEqual(
      ids(sorted),
      [...trade].sort((a, b) => b.min_price - a.min_price || b.pk - a.pk).map((r) => r.id),
    )
    const spu = await p.get(LIST, token, { from: 0, limit: 30, productId: trade[3]!.id })
    assert.deepEqual(ids(spu), [trade[3]!.id])
    const notTrade = rows.find((r) => r.trade_component === 0)!
    const none = await p.get(LIST, token, { from: 0, limit: 30, productId: notTrade.id })
    assert.equal(none.total, 0)
  })

  test('open_product/list errors: limit above 30, missing from', async () => {
    const { token } = await p.promoter()
    const big = await p.get(LIST, token, { from: 0, limit: 31 })
    assert.equal(big.errcode, 200002)
    assert.match(big.errmsg, /limit/)
    const noFrom = await p.get(LIST, token, { limit: 10 })
    assert.equal(noFrom.errcode, 200002)
    assert.match(noFrom.errmsg, /from/)
  })

  test('the product import takes tradeComponent; absent keeps the mark', async () => {
    const { token } = await p.promoter()
    const cat = await p.database.db
      .selectFrom('categories')
      .select('id')
      .where('level', '=', 3)
      .executeTakeFirstOrThrow()
    const line = (extra: object) =>
      JSON.stringify({
        productId: '9007199254749999',
        shopAppId: trade[0]!.shop_appid,
        title: '交易组件保温杯',
        categoryId: cat.id,
        minPrice: 5900,
        commissionRatio: 1000,
        skus: [{ skuId: '9007199254759999', salePrice: 5900, marketPrice: 7900, stockNum: 5 }],
        ...extra,
      })
    const listed = async () =>
      (await p.get(LIST, token, { from: 0, limit: 30, productId: '9007199254749999' })).total
    let res = await admin(
      'POST',
      '/admin/v1/import/products',
      undefined,
      line({ tradeComponent: 1 }),
    )
    assert.equal(res.body.applied, 1, JSON.stringify(res.body))
    assert.equal(await listed(), 1)
    res = await admin('POST', '/admin/v1/import/products', undefined, line({ title: '改名' }))
    assert.equal(res.body.applied, 1)
    assert.equal(await listed(), 1, 'absent keeps the mark')
    res = await admin('POST', '/admin/v1/import/products', undefined, line({ tradeComponent: 0 }))
    assert.equal(await listed(), 0)
    res = await admin('POST', '/admin/v1/import/products', undefined, line({ tradeComponent: 2 }))
    assert.equal(res.body.applied, 0)
    assert.match(res.body.errors[0].reason, /tradeComponent/)
  })

  test('open_product/generate: materials that open the landing page and attribute the order', async () => {
    const { token } = await p.promoter()
    const { pid } = await p.post(ADD, token, { promotionSourceName: '组件' })
    const prod = trade[1]!
    const { m, code } = await generateOne(p, GENERATE, token, pid, prod, 'user-7')
    assert.equal(m.productInfo.minPrice, prod.min_price)
    assert.equal(m.productInfo.shopStatus, 0)
    assert.equal(typeof m.productInfo.totalStockNum, 'number')
    assert.ok(m.shareInfo.path.startsWith(`pages/product/detail?id=${prod.id}&ticket=`))
    const parsed = await p.post(PARSE, token, { tagList: [m.shareInfo.promotionTag] })
    assert.equal(parsed.tagList[0].productId, prod.id)
    // Same request, same code.
    const again = await p.post(GENERATE, token, {
      pid,
      productList: [{ productId: prod.id, appId: prod.shop_appid, customizeInfo: 'user-7' }],
    })
    assert.equal(again.list[0].shareInfo.promotionUrl, m.shareInfo.promotionUrl)
    // getShortUrl false: the long form of the same link.
    const long = await p.post(GENERATE, token, {
      pid,
      getShortUrl: false,
      getInfo: true,
      productList: [{ productId: prod.id, appId: prod.shop_appid, customizeInfo: 'user-7' }],
    })
    assert.ok(long.list[0].shareInfo.promotionUrl.startsWith(`${PUBLIC}/s/${code}?`))
    assert.equal(
      (
        await p.app.request(
          new URL(long.list[0].shareInfo.promotionUrl).pathname +
            new URL(long.list[0].shareInfo.promotionUrl).search,
        )
      ).status,
      200,
    )

    const page = await p.app.request(`/s/${code}`)
    assert.equal(page.status, 200)
    const bought = await admin('POST', '/admin/v1/purchases', { code })
    assert.equal(bought.status, 201)
    const info = await p.post(INFO, token, { orderIdList: [bought.body.orderId] })
    const lineOut = info.orderList[0].productList[0]
    assert.equal(lineOut.productId, prod.id)
    assert.equal(lineOut.customizeInfo, 'user-7')
    assert.equal(lineOut.promotionInfo.promotionSourcePid, pid)
  })

  test('shopStatus 1: productInfo says so and shareInfo is absent', async () => {
    const { token } = await p.promoter()
    const { pid } = await p.post(ADD, token, { promotionSourceName: '余额' })
    const prod = trade[2]!
    const other = trade.find((r) => r.shop_appid !== prod.shop_appid)!
    const set = await admin('PATCH', `/admin/v1/shops/${prod.shop_appid}`, { shopStatus: 1 })
    assert.equal(set.status, 200)
    try {
      const res = await p.post(GENERATE, token, {
        pid,
        productList: [
          { productId: prod.id, appId: prod.shop_appid },
          { productId: other.id, appId: other.shop_appid },
        ],
      })
      assert.equal(res.errcode, 0)
      assert.equal(res.list[0].productInfo.shopStatus, 1)
      assert.equal(res.list[0].shareInfo, undefined)
      assert.equal(res.list[1].productInfo.shopStatus, 0)
      assert.ok(res.list[1].shareInfo)
    } finally {
      await admin('PATCH', `/admin/v1/shops/${prod.shop_appid}`, { shopStatus: 0 })
    }
    assert.equal(
      (await admin('PATCH', '/admin/v1/shops/wx0000000000000000', { shopStatus: 1 })).status,
      404,
    )
  })

  test('open_product/generate errors', async () => {
    const { token } = await p.promoter()
    const { pid } = await p.post(ADD, token, { promotionSourceName: '错误' })
    const prod = trade[0]!
    const plain = rows.find((r) => r.trade_component === 0)!
    const notTrade = await p.post(GENERATE, token, {
      pid,
      productList: [{ productId: plain.id, appId: plain.shop_appid }],
    })
    assert.equal(notTrade.errcode, 200001, 'not a trade-component product')
    const wrongShop = await p.post(GENERATE, token, {
      pid,
      productList: [{ productId: prod.id, appId: 'wx0000000000000000' }],
    })
    assert.equal(wrongShop.errcode, 200001)
    const noPid = await p.post(GENERATE, token, {
      productList: [{ productId: prod.id, appId: prod.shop_appid }],
    })
    assert.equal(noPid.errcode, 200002)
    assert.match(noPid.errmsg, /pid cannot be empty/)
    const foreignPid = await p.post(GENERATE, token, {
      pid: 'oUnIc49zinb1mtlfB5K-NfGJxxNE_341161518',
      productList: [{ productId: prod.id, appId: prod.shop_appid }],
    })
    assert.equal(foreignPid.errcode, 200002)
    const longInfo = await p.post(GENERATE, token, {
      pid,
      productList: [{ productId: prod.id, appId: prod.shop_appid, customizeInfo: 'x'.repeat(81) }],
    })
    assert.notEqual(longInfo.errcode, 0, 'customizeInfo is at most 80 characters')
    const empty = await p.post(GENERATE, token, { pid, productList: [] })
    assert.equal(empty.errcode, 200002)
  })
})
