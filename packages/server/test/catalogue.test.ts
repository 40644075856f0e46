import assert from 'node:assert/strict'
import { before, test } from 'node:test'
import { demoCategories, demoProduct, demoShops } from '../src/seed/catalogue.ts'
import { foldAscii } from '../src/services/catalogue.ts'
import type { ProductImport } from '../src/services/catalogue-write.ts'
import { productRows, ShopImport } from '../src/services/catalogue-write.ts'
import { CATEGORY, createTestPlatform, eachDialect, openForSuite } from './support.ts'

const LIST = '/union/promoter/product/list'
const SELECT = '/union/promoter/product/select'
const KEY = 'tka_catalogue-admin-key-000000000000'
const SEED = 42
const N = 600

// The same fixture the server is seeded with, rebuilt in memory for brute-force answers.
const { rows: categoryRows, leaves } = demoCategories()
const shops = demoShops(SEED, N).map((s) => ShopImport.parse(s))
const shopOf = new Map(shops.map((s) => [s.appId, s]))
const fixture = Array.from({ length: N }, (_, i) => {
  const { product, path } = demoProduct(SEED, i, shops, leaves)
  const { row } = productRows(product, i + 1, path)
  return {
    ...row,
    selected: row.selected ?? 0,
    path: path as string[],
    shop: shopOf.get(row.shop_appid)!,
  }
})
type Fx = (typeof fixture)[number]
type Q = Record<string, string | number>

const SORT_COL: Record<number, keyof Fx | undefined> = {
  1: 'min_price',
  2: 'min_price',
  3: 'commission_ratio',
  4: 'commission_ratio',
  5: 'commission_value',
  6: 'commission_value',
  7: 'sold',
  8: 'sold',
}

/** The brute-force answer: filter the fixture, then sort with the documented tie-breaker. */
function expected(q: Q, selectedOnly = false): string[] {
  const list = (v: string | number | undefined) =>
    v === undefined ? undefined : String(v).split(',')
  const known = new Set(categoryRows.map((c) => c.id))
  const wanted = q.categoryId !== undefined ? [String(q.categoryId)] : list(q.category)
  const no = list(q.noCategory)
  const ids = list(q.productId)
  const shopIds =
    q.shopAppIds === undefined
      ? undefined
      : String(q.shopAppIds).startsWith('[')
        ? (JSON.parse(String(q.shopAppIds)) as string[])
        : list(q.shopAppIds)
  const sm = q.shippingMethods ? JSON.parse(String(q.shippingMethods)) : undefined
  const addr = q.addressList ? (JSON.parse(String(q.addressList)) as any[]) : undefined
  const kw = !selectedOnly && q.query !== undefined ? foldAscii(String(q.query).trim()) : ''
  const out = fixture.filter((p) => {
    if (selectedOnly && p.selected !== 1) return false
    if (kw) {
      const type = Number(q.queryType ?? 0)
      if (type === 0 && !foldAscii(p.title).includes(kw)) return false
      if (type === 1 && !foldAscii(p.shop.name).includes(kw)) return false
      if (type === 2 && p.id !== String(q.query).trim()) return false
    }
    if (q.minPrice !== undefined && p.min_price < Number(q.minPrice)) return false
    if (q.maxPrice !== undefined && p.min_price > Number(q.maxPrice)) return false
    if (q.minCommissionValue !== undefined && p.commission_value < Number(q.minCommissionValue))
      return false
    if (q.minCommissionRatio !== undefined && p.commission_ratio < Number(q.minCommissionRatio))
      return false
    if (Number(q.hasCoupon ?? 0) === 1 && p.has_coupon !== 1) return false
    if (wanted && !wanted.some((c) => known.has(c) && p.path.includes(c))) return false
    if (no?.some((c) => p.path.includes(c))) return false
    if (ids && !ids.includes(p.id)) return false
    if (shopIds && !shopIds.includes(p.shop_appid)) return false
    const m = p.shop.shippingMethods
    if (sm?.express === 1 && m.express !== 1) return false
    if (sm?.sameCity === 1 && m.sameCity !== 1) return false
    if (sm?.pickup === 1 && m.pickup !== 1) return false
    if (addr && addr.length > 0) {
      const ok = addr.some((e) =>
        (p.shop.addressList ?? []).some(
          (a) =>
            (!e.addressInfo.provinceName ||
              a.addressInfo.provinceName === e.addressInfo.provinceName) &&
            (!e.addressInfo.cityName || a.addressInfo.cityName === e.addressInfo.cityName) &&
            (!e.addressInfo.countyName || a.addressInfo.countyName === e.addressInfo.countyName) &&
            (e.addressType?.express !== 1 || a.addressType.express === 1) &&
            (e.addressType?.sameCity !== 1 || a.addressType.sameCity === 1) &&
            (e.addressType?.pickup !== 1 || a.addressType.pickup === 1),
        ),
      )
      if (!ok) return false
    }
    return true
  })
  const sortType = Number(q.sortType ?? 0)
  const col = SORT_COL[sortType]
  const desc = col !== undefined && sortType % 2 === 0
  out.sort((a, b) => {
    const d = col ? (a[col] as number) - (b[col] as number) : 0
    return (d !== 0 ? d : a.pk - b.pk) * (desc ? -1 : 1)
  })
  return out.map((p) => p.id)
}

const catWithChildren = leaves[4]!.path
const sameCityShop = shops.find((s) => s.addressList && s.addressList.length > 0)!
const region = sameCityShop.addressList![0]!.addressInfo

/** Each filter alone, each sort alone, and combinations. */
const CASES: [string, Q][] = [
  ['no filter', {}],
  ...[0, 1, 2, 3, 4, 5, 6, 7, 8].map((s): [string, Q] => [`sortType ${s}`, { sortType: s }]),
  ['keyword, 1 character', { query: '洗' }],
  ['keyword, 2 characters', { query: '女装' }],
  ['keyword, 2 characters (in titles)', { query: '包邮' }],
  ['keyword, 3+ characters', { query: '洗衣液' }],
  ['keyword, ASCII folded', { query: 'NIKE' }],
  ['keyword, no match', { query: '不存在的词' }],
  ['shop name keyword', { query: '小商店', queryType: 1 }],
  ['shop name keyword, 1 character', { query: '店', queryType: 1 }],
  ['SPU id', { query: fixture[97]!.id, queryType: 2 }],
  ['minPrice', { minPrice: 5000 }],
  ['maxPrice', { maxPrice: 3000 }],
  ['minCommissionValue', { minCommissionValue: 1000 }],
  ['minCommissionRatio', { minCommissionRatio: 2000 }],
  ['categoryId (level 1)', { categoryId: catWithChildren[0]! }],
  ['categoryId (level 3)', { categoryId: catWithChildren[2]! }],
  ['category list', { category: `${leaves[0]!.path[0]},${leaves[20]!.path[1]}` }],
  [
    'categoryId wins over category',
    { categoryId: leaves[0]!.path[0], category: leaves[30]!.path[0] },
  ],
  ['noCategory', { noCategory: `${leaves[0]!.path[0]},${leaves[40]!.path[1]}` }],
  [
    'productId list',
    {
      productId: fixture
        .slice(0, 5)
        .map((p) => p.id)
        .join(','),
    },
  ],
  ['shopAppIds comma list', { shopAppIds: `${shops[0]!.appId},${shops[1]!.appId}` }],
  ['shopAppIds JSON array', { shopAppIds: JSON.stringify([shops[2]!.appId]) }],
  ['hasCoupon', { hasCoupon: 1 }],
  ['hasCoupon 0 means all', { hasCoupon: 0 }],
  ['shippingMethods sameCity', { shippingMethods: '{"express":0,"sameCity":1,"pickup":0}' }],
  ['shippingMethods pickup', { shippingMethods: '{"pickup":1}' }],
  ['addressList', { addressList: JSON.stringify([{ addressInfo: region }]) }],
  [
    'addressList by province with a method',
    {
      addressList: JSON.stringify([
        { addressInfo: { provinceName: region.provinceName }, addressType: { sameCity: 1 } },
      ]),
    },
  ],
  ['keyword + price + sortType 4', { query: '装', minPrice: 1000, maxPrice: 30000, sortType: 4 }],
  [
    'category + hasCoupon + minCommissionRatio + sortType 6',
    { category: leaves[9]!.path[0], hasCoupon: 1, minCommissionRatio: 500, sortType: 6 },
  ],
  [
    'everything at once',
    {
      query: '新款',
      minPrice: 500,
      maxPrice: 200000,
      minCommissionValue: 10,
      minCommissionRatio: 100,
      sortType: 8,
      noCategory: leaves[0]!.path[0],
      shippingMethods: '{"express":1}',
    },
  ],
]

eachDialect('union catalogue', (dialect) => {
  let token: string
  const p = openForSuite(() =>
    createTestPlatform(dialect, { adminKey: KEY, catalogue: { products: N, seed: SEED } }),
  )
  before(async () => {
    token = (await p.promoter()).token
  })

  /** Page through `path` with limit 50 from 0 to total; each page must agree on total. */
  async function all(path: string, q: Q): Promise<string[]> {
    const ids: string[] = []
    let total = -1
    for (let from = 0; ; from += 50) {
      const r = await p.get(path, token, { ...q, from, limit: 50 })
      assert.equal(r.errcode, 0, JSON.stringify(r))
      assert.equal(r.errmsg, '')
      if (total === -1) total = r.total
      assert.equal(r.total, total)
      ids.push(...r.productList.map((x: { productId: string }) => x.productId))
      if (r.productList.length < 50) break
    }
    assert.equal(ids.length, total, 'paging from 0 to total returns total products')
    assert.equal(new Set(ids).size, ids.length, 'no product twice')
    return ids
  }

  for (const [name, q] of CASES) {
    test(`product/list: ${name} matches the brute-force answer`, async () => {
      assert.deepEqual(await all(LIST, q), expected(q))
    })
  }

  test('product/select returns only 精选 products, with the list filters', async () => {
    const chosen = expected({}, true)
    assert.ok(chosen.length > 5)
    assert.deepEqual(await all(SELECT, {}), chosen)
    const q = { sortType: 2, minCommissionRatio: 500 }
    assert.deepEqual(await all(SELECT, q), expected(q, true))
    // query/queryType are accepted and ignored on select (§16 #18).
    assert.deepEqual(await all(SELECT, { query: '不存在的词' }), chosen)
  })

  test('product/category lists the top-level categories, catId as a string, errmsg omitted', async () => {
    const r = await p.get(CATEGORY, token)
    assert.equal(r.errcode, 0)
    assert.equal('errmsg' in r, false)
    assert.ok(r.productCats.length >= 12)
    assert.deepEqual(
      r.productCats,
      categoryRows.filter((c) => c.level === 1).map((c) => ({ catId: c.id, name: c.name })),
    )
  })

  test('the response element has the documented shape: string ids, fen, ratio in 1/10000', async () => {
    const big = fixture.find((x) => BigInt(x.id) > 2n ** 53n)!
    const r = await p.get(LIST, token, { from: 0, limit: 1, productId: big.id })
    const item = r.productList[0]
    assert.equal(item.productId, big.id)
    assert.equal(item.product.productId, big.id)
    assert.equal(item.product.status, 5)
    assert.equal(item.product.info.minPrice, big.min_price)
    assert.equal(item.leagueExInfo.commissionRatio, big.commission_ratio)
    assert.equal(
      item.leagueExInfo.commissionValue,
      Math.round((big.min_price * big.commission_ratio) / 10000),
    )
    assert.equal(item.product.info.category.length, 3)
    assert.equal(typeof item.product.info.category[0].catId, 'string')
    assert.equal(item.shopInfo.appId, big.shop_appid)
    assert.match(item.shopInfo.username, /^gh_/)
    assert.equal(typeof item.product.skus[0].skuId, 'string')
    // Images this server renders are emitted absolute, on the origin the request came to.
    assert.match(item.product.info.headImg[0], /^http:\/\/localhost\/img\/head\/\d+\.svg$/)
    assert.match(item.shopInfo.headImgUrl, /^http:\/\/localhost\/img\/shop\//)
    const svg = await p.app.request(item.product.info.headImg[0])
    assert.equal(svg.headers.get('content-type'), 'image/svg+xml')
    assert.match(await svg.text(), /^<svg /)
    const coupon = fixture.find((x) => x.has_coupon === 1)!
    const c = (await p.get(LIST, token, { from: 0, limit: 1, productId: coupon.id })).productList[0]
    assert.equal(c.couponInfo.hasCoupon, 1)
    assert.equal(typeof c.couponInfo.couponId, 'string')
    assert.ok(c.product.info.discountPrice < c.product.info.minPrice)
  })

  test('invalid values answer 200002 naming the field, never a 500', async () => {
    const bad: [Q, RegExp][] = [
      [{ from: 0, limit: 51 }, /^limit must be <= 50/],
      [{ from: -1, limit: 10 }, /^from /],
      [{ limit: 10 }, /^from cannot be empty/],
      [{ from: 0, limit: 10, shippingMethods: '{"express":1' }, /^shippingMethods /],
      [{ from: 0, limit: 10, addressList: '[{' }, /^addressList /],
      [{ from: 0, limit: 10, minPrice: 'abc' }, /^minPrice /],
      [{ from: 0, limit: 10, maxPrice: '1.5' }, /^maxPrice /],
      [{ from: 0, limit: 10, queryType: 7, query: 'x' }, /^queryType /],
      [{ from: 0, limit: 10, shopAppIds: '[1,' }, /^shopAppIds /],
    ]
    for (const [q, msg] of bad) {
      const r = await p.get(LIST, token, q)
      assert.equal(r.errcode, 200002, JSON.stringify(q))
      assert.match(r.errmsg, msg)
    }
    const sel = await p.get(SELECT, token, { from: 0, limit: 51 })
    assert.equal(sel.errcode, 200002)
  })

  test('sortType 99 falls back to 0; an unknown category is an empty result', async () => {
    assert.deepEqual(await all(LIST, { sortType: 99 }), expected({}))
    const r = await p.get(LIST, token, { from: 0, limit: 10, categoryId: '999999' })
    assert.deepEqual(
      { errcode: r.errcode, total: r.total, productList: r.productList },
      {
        errcode: 0,
        total: 0,
        productList: [],
      },
    )
    const beyond = await p.get(LIST, token, { from: N + 10, limit: 10 })
    assert.equal(beyond.total, N)
    assert.deepEqual(beyond.productList, [])
  })

  test('a raw 2-character Chinese keyword finds exactly the titles that contain it', async () => {
    for (const word of ['洗衣', '女装', '儿童', '礼盒']) {
      const got = await all(LIST, { query: word })
      const want = fixture.filter((x) => x.title.includes(word)).map((x) => x.id)
      assert.deepEqual(new Set(got), new Set(want), word)
    }
  })

  test('import applies exactly the good lines, reports each bad one, and is idempotent', async () => {
    const admin = (method: string, path: string, body: string) =>
      p.app.request(path, {
        method,
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/x-ndjson' },
        body,
      })
    const cats = [
      { catId: '9001', name: '测试一级' },
      { catId: '90011', name: '测试二级', parentId: '9001' },
      { catId: '900111', name: '测试三级', parentId: '90011' },
      { catId: '9001111', name: '第四级', parentId: '900111' },
      { catId: '9002', name: '孤儿', parentId: 'nope' },
    ]
    let r = (await (
      await admin(
        'POST',
        '/admin/v1/import/categories',
        cats.map((c) => JSON.stringify(c)).join('\n'),
      )
    ).json()) as any
    assert.equal(r.applied, 3)
    assert.deepEqual(
      r.errors.map((e: { line: number }) => e.line),
      [4, 5],
    )

    const shop = {
      name: '导入测试小商店',
      appId: 'wximport0000000001',
      username: 'gh_import00001',
      headImgUrl: '/img/shop/x.svg',
      shippingMethods: { express: 1, sameCity: 0, pickup: 0 },
    }
    r = await (
      await admin('POST', '/admin/v1/import/shops', `${JSON.stringify(shop)}\n{"name":1}\n`)
    ).json()
    assert.deepEqual(r.applied, 1)
    assert.deepEqual(
      r.errors.map((e: { line: number }) => e.line),
      [2],
    )

    const product = (id: string, title: string): ProductImport => ({
      productId: id,
      shopAppId: shop.appId,
      title,
      categoryId: '900111',
      minPrice: 1990,
      commissionRatio: 1500,
      skus: [{ skuId: `${id}01`, salePrice: 1990, marketPrice: 2990, stockNum: 3 }],
    })
    const lines = [
      JSON.stringify(product('18446744073709551615', '导入测试洗碗机')),
      '{not json',
      JSON.stringify({ ...product('777', '缺类目'), categoryId: 'none' }),
      JSON.stringify(product('778', '导入测试烤箱')),
      JSON.stringify({ ...product('779', '坏价格'), minPrice: 'abc' }),
      JSON.stringify({ ...product('780', '未知店铺'), shopAppId: 'wxnope' }),
      JSON.stringify({ ...product('781', '比例过大'), commissionRatio: 10001 }),
      '',
    ]
    r = await (await admin('POST', '/admin/v1/import/products', lines.join('\n'))).json()
    assert.equal(r.applied, 2)
    assert.deepEqual(
      r.errors.map((e: { line: number }) => e.line),
      [2, 3, 5, 6, 7],
    )
    for (const e of r.errors) assert.equal(typeof e.reason, 'string')
    const imported = await all(LIST, { categoryId: '9001' })
    assert.deepEqual(imported, ['18446744073709551615', '778'])
    assert.deepEqual(await all(LIST, { query: '洗碗' }), ['18446744073709551615'])
    for (const id of ['777', '779', '780', '781'])
      assert.deepEqual(await all(LIST, { productId: id }), [])

    // Again, with a new title: same products (upsert by id), grams follow the new title.
    const again = [
      JSON.stringify(product('18446744073709551615', '导入测试洗衣机')),
      JSON.stringify(product('778', '导入测试烤箱')),
    ]
    r = await (await admin('POST', '/admin/v1/import/products', again.join('\n'))).json()
    assert.deepEqual(r, { applied: 2, errors: [] })
    assert.deepEqual(await all(LIST, { categoryId: '9001' }), ['18446744073709551615', '778'])
    assert.deepEqual(await all(LIST, { query: '洗碗' }), [])
    assert.deepEqual(await all(LIST, { query: '导入测试洗衣' }), ['18446744073709551615'])
    const item = (await p.get(LIST, token, { from: 0, limit: 1, productId: '778' })).productList[0]
    assert.equal(item.leagueExInfo.commissionValue, 299)
    assert.deepEqual(
      item.product.info.category.map((c: { name: string }) => c.name),
      ['测试一级', '测试二级', '测试三级'],
    )
    assert.equal(item.product.skus.length, 1)

    // The 精选 pool.
    const add = await (
      await p.app.request('/admin/v1/selection', {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ productIds: ['778', 'nope'] }),
      })
    ).json()
    assert.deepEqual(add, { updated: 1, unknown: ['nope'] })
    assert.deepEqual(await all(SELECT, { categoryId: '9001' }), ['778'])
    await p.app.request('/admin/v1/selection', {
      method: 'DELETE',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ productIds: ['778'] }),
    })
    assert.deepEqual(await all(SELECT, { categoryId: '9001' }), [])

    const noKey = await p.app.request('/admin/v1/import/products', {
      method: 'POST',
      body: lines[0],
    })
    assert.equal(noKey.status, 401)
  })
})
