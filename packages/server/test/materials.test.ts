import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { before, test } from 'node:test'
import {
  ADD,
  ADMIN_KEY,
  adminCall,
  DEL,
  eachDialect,
  GENERATE,
  generateOne,
  INFO,
  openForSuite,
  openLanding,
  orderCount,
  PARSE,
  PUBLIC,
  unionPlatform,
} from './support.ts'

interface Prod {
  id: string
  shop_appid: string
  has_coupon: number
  pk: number
}

eachDialect('materials and attribution', (dialect) => {
  let products: Prod[]
  let plain: Prod
  let withCoupon: Prod
  const p = openForSuite(() => unionPlatform(dialect, { products: 60, seed: 3 }))
  before(async () => {
    products = await p.database.db
      .selectFrom('products')
      .select(['id', 'shop_appid', 'has_coupon', 'pk'])
      .orderBy('pk')
      .execute()
    plain = products.find((x) => x.has_coupon === 0)!
    withCoupon = products.find((x) => x.has_coupon === 1)!
    assert.ok(plain && withCoupon, 'the demo catalogue has products with and without coupons')
  })

  const admin = (method: string, path: string, body?: unknown) =>
    adminCall((u, i) => p.app.request(u, i), ADMIN_KEY, method, path, body)
  const setup = async (name = '朋友圈') => {
    const promoter = await p.promoter()
    const { pid } = await p.post(ADD, promoter.token, { promotionSourceName: name })
    return { ...promoter, pid: pid as string }
  }
  const codeOf = (url: string) => url.slice(`${PUBLIC}/s/`.length)
  /** A material for `prod` (default: the coupon-less product) and its short link's code. */
  const generate = async (
    token: string,
    pid: string,
    prod: { id: string; shop_appid: string } = plain,
  ) => {
    const res = await p.post(GENERATE, token, {
      pid,
      productList: [{ productId: prod.id, appId: prod.shop_appid }],
    })
    return { res, code: codeOf(res.list[0].shareInfo.promotionUrl) as string }
  }
  /** The coupon-less product's first SKU (as it was), its stock then set to `stock`. */
  const firstSkuWithStock = async (stock: number) => {
    const sku = await p.database.db
      .selectFrom('skus')
      .selectAll()
      .where('product_pk', '=', plain.pk)
      .orderBy('seq')
      .executeTakeFirstOrThrow()
    await p.database.db.updateTable('skus').set({ stock }).where('id', '=', sku.id).execute()
    return sku
  }

  test('generate → open the link → buy: the order carries pid, spot name and customizeInfo', async () => {
    const { token, pid } = await setup()
    const { m, code } = await generateOne(p, GENERATE, token, pid, plain, 'user-42')
    assert.equal(m.productInfo.pluginResult, 1)
    assert.equal(m.shareInfo.wxaCode, undefined)
    assert.equal(m.shareInfo.couponPromotionUrl, undefined)
    assert.match(
      m.shareInfo.path,
      /^plugin-private:\/\/wx34345ae5855f892d\/pages\/productDetail\/productDetail\?productId=\d+&ticket=/,
    )
    assert.equal(code, codeOf(m.shareInfo.promotionUrl))
    assert.ok(m.shareInfo.promotionTag.startsWith('#小程序://'))

    const page = await p.app.request(`/s/${code}`)
    assert.equal(page.status, 200)
    const html = await page.text()
    assert.match(html, /立即购买/)
    assert.equal(await p.services.materials.clicks(pid), 1)
    await p.app.request(`/s/${code}`, { headers: { 'user-agent': 'another browser' } })
    assert.equal(await p.services.materials.clicks(pid), 2, 'each visitor counts')

    const landing = await openLanding(p.app, `/s/${code}`)
    const stockBefore = await p.database.db
      .selectFrom('skus')
      .select(['id', 'stock'])
      .where('product_pk', '=', plain.pk)
      .orderBy('seq')
      .execute()
    const sku = stockBefore.find((s) => Number(s.stock) >= 2)!
    const buy = await landing.buy(code, { skuId: sku.id, quantity: '2' })
    assert.equal(buy.status, 200)
    const orderId = /Order (\d+) is paid/.exec(await buy.text())![1]!
    const info = await p.post(INFO, token, { orderIdList: [orderId] })
    const line = info.orderList[0].productList[0]
    assert.deepEqual(line.promotionInfo, {
      promotionSourcePid: pid,
      promotionSourceName: '朋友圈',
    })
    assert.equal(line.customizeInfo, 'user-42')
    assert.equal(line.productId, plain.id)
    assert.equal(line.skuId, sku.id)
    assert.equal(line.productCnt, 2)
    assert.equal(line.commissionStatus, 'SETTLEMENT_PENDING')
    const after = await p.database.db
      .selectFrom('skus')
      .select('stock')
      .where('id', '=', sku.id)
      .executeTakeFirstOrThrow()
    assert.equal(Number(after.stock), Number(sku.stock) - 2)
  })

  test('the price and ratio are snapshotted; buying beyond the stock fails cleanly', async () => {
    const { token, pid } = await setup()
    const { code } = await generate(token, pid)
    const sku = await firstSkuWithStock(3)
    const bought = await admin('POST', '/admin/v1/purchases', {
      code,
      skuId: sku.id,
      quantity: 3,
    })
    assert.equal(bought.status, 201)
    const product = await p.database.db
      .selectFrom('products')
      .selectAll()
      .where('pk', '=', plain.pk)
      .executeTakeFirstOrThrow()
    await p.database.db
      .updateTable('products')
      .set({ commission_ratio: 1 })
      .where('pk', '=', plain.pk)
      .execute()
    await p.database.db
      .updateTable('skus')
      .set({ sale_price: 1 })
      .where('id', '=', sku.id)
      .execute()
    const line = (await p.post(INFO, token, { orderIdList: [bought.body.orderId] })).orderList[0]
      .productList[0]
    assert.equal(line.ratio, product.commission_ratio)
    assert.equal(
      line.price,
      `¥${Math.floor((Number(sku.sale_price) * 3) / 100)}.${String((Number(sku.sale_price) * 3) % 100).padStart(2, '0')}`,
    )
    await p.database.db
      .updateTable('products')
      .set({ commission_ratio: product.commission_ratio })
      .where('pk', '=', plain.pk)
      .execute()
    const none = await admin('POST', '/admin/v1/purchases', { code, skuId: sku.id, quantity: 1 })
    assert.equal(none.status, 409)
    assert.match(none.body.errmsg, /out of stock/)
    const left = await p.database.db
      .selectFrom('skus')
      .select('stock')
      .where('id', '=', sku.id)
      .executeTakeFirstOrThrow()
    assert.equal(Number(left.stock), 0)
  })

  test('product/list shows stock, sold and order counts as they are after a purchase', async () => {
    const { token, pid } = await setup()
    const list = async () =>
      (
        await p.get('/union/promoter/product/list', token, {
          from: 0,
          limit: 1,
          productId: withCoupon.id,
        })
      ).productList[0]
    const before = await list()
    const { code } = await generate(token, pid, withCoupon)
    const skuId = before.product.skus[0].skuId
    const bought = await admin('POST', '/admin/v1/purchases', {
      code,
      skuId,
      quantity: 2,
    })
    assert.equal(bought.status, 201)
    const now = await list()
    assert.equal(now.product.info.totalStockNum, before.product.info.totalStockNum - 2)
    assert.equal(now.product.info.totalSoldNum, before.product.info.totalSoldNum + 2)
    assert.equal(now.product.info.totalOrderNum, before.product.info.totalOrderNum + 1)
    assert.equal(
      now.product.skus[0].productSkuInfo.stockInfo.stockNum,
      before.product.skus[0].productSkuInfo.stockInfo.stockNum - 2,
    )
  })

  test('the sales sorts (sortType 7/8) reflect a purchase made after the first listing', async () => {
    const { token, pid } = await setup()
    const db = p.database.db
    const rows = await db.selectFrom('products').select(['id', 'pk', 'sold']).execute()
    const skus = await db.selectFrom('skus').select(['id', 'product_pk', 'stock']).execute()
    // Two products whose sales order a purchase of the less sold one can swap.
    let found:
      | { hi: (typeof rows)[number]; lo: (typeof rows)[number]; sku: string; n: number }
      | undefined
    for (const hi of rows) {
      for (const lo of rows) {
        const n = Number(hi.sold) - Number(lo.sold) + 1
        if (n < 2 || (found && n >= found.n)) continue
        const sku = skus.find((s) => Number(s.product_pk) === Number(lo.pk) && s.stock >= n)
        if (sku) found = { hi, lo, sku: sku.id, n }
      }
    }
    assert.ok(found, 'the demo catalogue has two products a purchase can reorder')
    const best = found
    const order = async (sortType: number) =>
      (
        await p.get('/union/promoter/product/list', token, {
          from: 0,
          limit: 2,
          productId: `${best.hi.id},${best.lo.id}`,
          sortType,
        })
      ).productList.map((x: { productId: string }) => x.productId)
    assert.deepEqual(await order(8), [best.hi.id, best.lo.id])
    const lo = await db
      .selectFrom('products')
      .select('shop_appid')
      .where('id', '=', best.lo.id)
      .executeTakeFirstOrThrow()
    const { code } = await generate(token, pid, { id: best.lo.id, shop_appid: lo.shop_appid })
    const bought = await admin('POST', '/admin/v1/purchases', {
      code,
      skuId: best.sku,
      quantity: best.n,
    })
    assert.equal(bought.status, 201)
    assert.deepEqual(await order(8), [best.lo.id, best.hi.id])
    assert.deepEqual(await order(7), [best.hi.id, best.lo.id])
  })

  test('concurrent purchases never oversell', async () => {
    const { token, pid } = await setup()
    const { code } = await generate(token, pid)
    const sku = await firstSkuWithStock(5)
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        admin('POST', '/admin/v1/purchases', { code, skuId: sku.id }),
      ),
    )
    assert.equal(results.filter((r) => r.status === 201).length, 5)
    assert.equal(results.filter((r) => r.status === 409).length, 7)
  })

  test('a spot deleted after the material was made still earns the order', async () => {
    const { token, pid } = await setup('社群')
    const { code } = await generate(token, pid)
    assert.equal(
      (await p.post(DEL, token, { promotionSourcePid: pid, promotionSourceName: '社群' })).errcode,
      0,
    )
    assert.equal((await p.app.request(`/s/${code}`)).status, 200)
    const bought = await admin('POST', '/admin/v1/purchases', { code })
    assert.equal(bought.status, 201)
    const line = (await p.post(INFO, token, { orderIdList: [bought.body.orderId] })).orderList[0]
      .productList[0]
    assert.deepEqual(line.promotionInfo, { promotionSourcePid: pid, promotionSourceName: '社群' })
    // ...but no new material can be made for it.
    const again = await p.post(GENERATE, token, {
      pid,
      productList: [{ productId: plain.id, appId: plain.shop_appid }],
    })
    assert.equal(again.errcode, 200002)
  })

  test('a tampered ticket or code attributes nothing', async () => {
    const { token, pid } = await setup()
    const { res, code } = await generate(token, pid)
    const ticket = /ticket=([^&]+)/.exec(res.list[0].shareInfo.path)![1]!
    const count = () => orderCount(p)
    const before = await count()
    const flip = (s: string, i: number) =>
      s.slice(0, i) + (s[i] === 'a' ? 'b' : 'a') + s.slice(i + 1)
    for (const bad of [
      flip(ticket, ticket.length - 1),
      flip(ticket, 0),
      `${code}.forged`,
      'nonsense',
      '',
    ]) {
      const r = await p.app.request(`/s/${code}/buy`, {
        method: 'POST',
        body: new URLSearchParams({ ticket: bad }),
      })
      assert.equal(r.status, 400, bad)
    }
    // A valid ticket of another link does not buy through this one.
    const other = await p.post(GENERATE, token, {
      pid,
      productList: [{ productId: products[5]!.id, appId: products[5]!.shop_appid }],
    })
    const otherTicket = /ticket=([^&]+)/.exec(other.list[0].shareInfo.path)![1]!
    assert.equal(
      (
        await p.app.request(`/s/${code}/buy`, {
          method: 'POST',
          body: new URLSearchParams({ ticket: otherTicket }),
        })
      ).status,
      400,
    )
    const badCode = flip(code, 3)
    assert.equal((await p.app.request(`/s/${badCode}`)).status, 404)
    assert.equal((await admin('POST', '/admin/v1/purchases', { code: badCode })).status, 404)
    assert.equal(await count(), before)
    assert.equal(await p.services.materials.clicks(pid), 0)
  })

  test('the same request twice gives the same codes; customizeInfo and coupon change them', async () => {
    const { token, pid } = await setup()
    const body = {
      pid,
      productList: [
        { productId: plain.id, appId: plain.shop_appid },
        { productId: withCoupon.id, appId: withCoupon.shop_appid, customizeInfo: 'x' },
      ],
    }
    const a = await p.post(GENERATE, token, body)
    const b = await p.post(GENERATE, token, body)
    assert.equal(a.errcode, 0)
    assert.deepEqual(a.list, b.list)
    const c = a.list[1].shareInfo
    assert.ok(
      c.couponPromotionUrl && c.couponPath && c.couponPromotionWording && c.couponPromotionTag,
    )
    assert.notEqual(c.couponPromotionUrl, c.promotionUrl)
    assert.ok(a.list[1].productInfo.discount > 0)
    const d = await p.post(GENERATE, token, {
      pid,
      productList: [{ productId: withCoupon.id, appId: withCoupon.shop_appid, customizeInfo: 'y' }],
    })
    assert.notEqual(d.list[0].shareInfo.promotionUrl, c.promotionUrl)
    // The coupon link buys at the coupon price.
    const bought = await admin('POST', '/admin/v1/purchases', {
      code: codeOf(c.couponPromotionUrl),
    })
    assert.equal(bought.status, 201)
  })

  test('documented errors: 200002 pid, 200001 wrong shop or numeric customizeInfo, 200002 long customizeInfo or too many', async () => {
    const { token, pid } = await setup()
    const other = await setup()
    const item = { productId: plain.id, appId: plain.shop_appid }
    const wrongShop = products.find((x) => x.shop_appid !== plain.shop_appid)!
    const generateItem = (one: object) => p.post(GENERATE, token, { pid, productList: [one] })
    const noPid = await p.post(GENERATE, token, { productList: [item] })
    assert.equal(noPid.errcode, 200002)
    assert.match(noPid.errmsg, /^pid cannot be empty/)
    assert.equal(
      (await p.post(GENERATE, token, { pid: other.pid, productList: [item] })).errcode,
      200002,
      "another account's pid",
    )
    assert.equal(
      (await p.post(GENERATE, token, { pid: 'nope_1', productList: [item] })).errcode,
      200002,
    )
    assert.equal(
      (await generateItem({ productId: plain.id, appId: wrongShop.shop_appid })).errcode,
      200001,
    )
    assert.equal(
      (await generateItem({ productId: '999999999', appId: plain.shop_appid })).errcode,
      200001,
    )
    assert.equal((await generateItem({ ...item, customizeInfo: 123 })).errcode, 200001)
    assert.equal((await generateItem({ ...item, customizeInfo: '字'.repeat(81) })).errcode, 200002)
    assert.equal((await generateItem({ ...item, customizeInfo: '字'.repeat(80) })).errcode, 0)
    assert.equal(
      (await p.post(GENERATE, token, { pid, productList: Array(51).fill(item) })).errcode,
      200002,
    )
    assert.equal(
      (await p.post(GENERATE, token, { pid, productList: Array(50).fill(item) })).errcode,
      0,
    )
    // A numeric productId is read as a string (§16 #24).
    const safe = products.find((x) => Number(x.id) <= Number.MAX_SAFE_INTEGER)!
    const numericId = await p.post(GENERATE, token, {
      pid,
      productList: [{ productId: Number(safe.id), appId: safe.shop_appid }],
    })
    assert.equal(numericId.errcode, 0)
    assert.equal(numericId.list[0].productId, safe.id)
  })

  test('parse_tag decodes generated tags, 37027 per unknown tag, 201001 beyond 10', async () => {
    const { token, pid } = await setup()
    const { res } = await generate(token, pid)
    const tag = res.list[0].shareInfo.promotionTag
    const parsed = await p.post(PARSE, token, {
      tagList: [tag, '#小程序://x/y/unknown', 'not a tag'],
    })
    assert.deepEqual(parsed, {
      errcode: 0,
      errmsg: 'ok',
      tagList: [
        { productId: plain.id, source: 1, productAppid: plain.shop_appid },
        { errcode: 37027, errmsg: 'tag not exist' },
        { errcode: 37027, errmsg: 'tag not exist' },
      ],
    })
    assert.equal((await p.post(PARSE, token, { tagList: Array(10).fill(tag) })).errcode, 0)
    assert.equal((await p.post(PARSE, token, { tagList: Array(11).fill(tag) })).errcode, 201001)
  })

  test('the Buy form takes a quantity of decimal digits only and refuses control characters', async () => {
    const { token, pid } = await setup('数量')
    const { code } = await generate(token, pid)
    const landing = await openLanding(p.app, `/s/${code}`)
    const buy = (form: Record<string, string>) => landing.buy(code, form)
    const orders = () => orderCount(p)
    const before = await orders()
    for (const quantity of ['0x2', '1e1', '  3', '3 ', '+3', '3.0', '0', '10001', '', '٣']) {
      const r = await buy({ quantity })
      assert.equal(r.status, 400, JSON.stringify(quantity))
      assert.match(await r.text(), /数量无效/)
    }
    for (const form of [{ unionid: 'u\u0000' }, { skuId: 'x\u0001' }] as Record<string, string>[]) {
      const r = await buy({ quantity: '1', ...form })
      assert.equal(r.status, 400, JSON.stringify(form))
    }
    assert.equal(await orders(), before, 'no order from a refused form')
    assert.equal((await buy({ quantity: '2' })).status, 200)
    assert.equal((await buy({})).status, 200, 'no quantity is one')
    assert.equal(await orders(), before + 2)
  })

  test('the landing page loads nothing from elsewhere and escapes; the QR code is a cacheable PNG', async () => {
    const { token, pid } = await setup()
    await p.database.db
      .updateTable('products')
      .set({
        title: '<script>alert(1)</script>"x"',
        head_img: JSON.stringify([
          'https://evil.example/a.jpg',
          '/img/product/1.svg',
          '/\\evil.example/b.png',
          '/\t/evil.example/c.png',
          '//evil.example/d.png',
        ]),
      })
      .where('pk', '=', plain.pk)
      .execute()
    const { code } = await generate(token, pid)
    const landing = await p.app.request(`/s/${code}`)
    // The console's headers: no framing, no sniffing, nothing loaded from elsewhere.
    const csp = landing.headers.get('content-security-policy') ?? ''
    assert.match(csp, /default-src 'self'/)
    assert.match(csp, /frame-ancestors 'none'/)
    assert.match(csp, /form-action 'self'/)
    assert.equal(landing.headers.get('x-frame-options'), 'DENY')
    assert.equal(landing.headers.get('x-content-type-options'), 'nosniff')
    const html = await landing.text()
    assert.doesNotMatch(html, /evil\.example/)
    assert.match(html, /<img src="\/img\/product\/1\.svg"/)
    // The inline stylesheet is allowed by its hash, nothing else inline is.
    const style = /<style>([^<]*)<\/style>/.exec(html)![1]!
    const hash = createHash('sha256').update(style).digest('base64')
    assert.match(csp, new RegExp(`style-src 'sha256-${hash.replace(/[+/]/g, '\\$&')}'`))
    assert.doesNotMatch(csp, /unsafe-inline/)
    const missing = await p.app.request('/s/zzzzzzzzzzzz')
    assert.equal(missing.status, 404)
    assert.equal(missing.headers.get('x-frame-options'), 'DENY')
    assert.doesNotMatch(html, /<script/i)
    assert.match(html, /&lt;script&gt;/)
    const urls = [...html.matchAll(/(?:src|href|action)\s*=\s*"([^"]*)"/g)].map((m) => m[1]!)
    assert.ok(urls.length > 0)
    for (const u of urls) assert.ok(u.startsWith('/') && !u.startsWith('//'), u)
    assert.doesNotMatch(html, /url\(|@import|https?:\/\//)
    const qr = await p.app.request(`/s/${code}/qr.png`)
    assert.equal(qr.status, 200)
    assert.equal(qr.headers.get('content-type'), 'image/png')
    assert.match(qr.headers.get('cache-control')!, /max-age=\d+/)
    const png = Buffer.from(await qr.arrayBuffer())
    assert.equal(png.subarray(1, 4).toString(), 'PNG')
    assert.equal((await p.app.request('/s/zzzzzzzzzzzz/qr.png')).status, 404)
  })
})
