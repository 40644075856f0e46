/**
 * Issue 18 through the console's routes: every form answers a POST with a redirect (a reload
 * never repeats it), the operator's lists of plans and recent orders, the order line's label,
 * the CSV's unit price and empty pending commission, and times printed with their zone.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  CategoryImport,
  CouponImport,
  type OpenDatabase,
  ProductImport,
  ShopImport,
  SkuImport,
  seedCatalogue,
} from '@tuike/server'
import { accessToken } from '@tuike/testkit'
import type { Hono } from 'hono'
import { browser, consoleOver } from './support.ts'

const ADMIN_KEY = 'tka_console_experience_test_0123456789abcdef'

describe('console experience (issue 18)', () => {
  let database: OpenDatabase
  let app: Hono
  let tuikeApp: Hono
  let creds: { appid: string; secret: string }
  let code = ''
  let productId = ''

  before(async () => {
    const { tuike, ...over } = await consoleOver(ADMIN_KEY, { testClock: false })
    ;({ database, app } = over)
    tuikeApp = tuike.app as unknown as Hono
    await seedCatalogue(database.db, { products: 30, seed: 4 })
    creds = await tuike.services.promoters.create('体验测试')
    const spot = await tuike.services.promotions.add(creds.appid, '朋友圈')
    const product = await database.db
      .selectFrom('products')
      .select(['id', 'shop_appid'])
      .orderBy('pk')
      .executeTakeFirstOrThrow()
    productId = product.id
    const token = await accessToken((path, init) => tuikeApp.request(path, init), creds)
    const gen = (await (
      await tuikeApp.request(`/union/promoter/product/generate?access_token=${token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          pid: spot.pid,
          productList: [{ productId: product.id, appId: product.shop_appid }],
        }),
      })
    ).json()) as { list: { shareInfo: { promotionUrl: string } }[] }
    code = gen.list[0]!.shareInfo.promotionUrl.split('/s/')[1]!
  })
  after(() => database.close())

  const operator = async () => {
    const b = browser(app)
    const form = await b.request('/ops/login')
    await b.post('/ops/login', { _csrf: b.csrfOf(await form.text()), key: ADMIN_KEY })
    return b
  }
  const promoter = async () => {
    const b = browser(app)
    const form = await b.request('/login')
    await b.post('/login', { _csrf: b.csrfOf(await form.text()), ...creds })
    return b
  }
  const orderCount = async () =>
    Number(
      (
        await database.db
          .selectFrom('orders')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )

  test('every product card has an image box: a product without an image gets a placeholder', async () => {
    const b = await promoter()
    const cards: string[] = []
    for (const page of [1, 2]) {
      const html = await (await b.request(`/products?page=${page}`)).text()
      cards.push(...html.split('<li class="product">').slice(1))
    }
    assert.equal(cards.length, 30)
    const boxes = cards.map((card) => card.match(/<img |class="noimg"/g) ?? [])
    assert.deepEqual(
      boxes.map((b) => b.length),
      cards.map(() => 1),
      'one image or placeholder a card',
    )
    assert.equal(
      boxes.filter((b) => b[0] === 'class="noimg"').length,
      1,
      'seed 4 has one imageless product',
    )
  })

  test('a simulated purchase redirects; loading the result again places no second order', async () => {
    const b = await operator()
    const csrf = b.csrfOf(await (await b.request('/ops/orders')).text())
    const before = await orderCount()
    const res = await b.post('/ops/orders/purchase', { _csrf: csrf, code, quantity: '2' })
    assert.equal(res.status, 303, 'post/redirect/get')
    const to = res.headers.get('location')!
    assert.match(to, /^\/ops\/orders\?/)
    const first = await (await b.request(to)).text()
    assert.match(first, /已下单/)
    await b.request(to)
    assert.equal(await orderCount(), before + 1, 'the reload only reads')
  })

  test('every console form that changes something answers 303', async () => {
    const b = await operator()
    const csrf = b.csrfOf(await (await b.request('/ops/promoters')).text())
    const checks: [string, Record<string, string>][] = [
      ['/ops/promoters', { name: '新推客' }],
      ['/ops/selection', { ids: productId, op: 'add' }],
      ['/ops/orders/transition', { orderId: '1', action: 'nope' }],
    ]
    for (const [path, form] of checks) {
      const res = await b.post(path, { _csrf: csrf, ...form })
      assert.equal(res.status, 303, path)
    }
    const created = await b.post('/ops/promoters', { _csrf: csrf, name: '再一个' })
    const shown = await (await b.request(created.headers.get('location')!)).text()
    assert.match(shown, /AppSecret 只显示这一次/)
    const again = await (await b.request(created.headers.get('location')!)).text()
    assert.doesNotMatch(again, /AppSecret 只显示这一次/, 'the secret is shown once')
    const p = await promoter()
    const pcsrf = p.csrfOf(await (await p.request('/materials')).text())
    const spots = await (await p.request('/spots')).text()
    const pid = /name="pid" value="([^"]+)"/.exec(spots)?.[1] ?? ''
    const gen = await p.post('/materials', { _csrf: pcsrf, productId, pid })
    assert.equal(gen.status, 303, '/materials')
    assert.match(
      await (await p.request(gen.headers.get('location')!)).text(),
      /已生成 1 个推广素材/,
    )
  })

  test('the operator sees the targeted plans and the recent orders as lists', async () => {
    const b = await operator()
    const product = await database.db
      .selectFrom('products')
      .select(['id', 'shop_appid'])
      .orderBy('pk')
      .executeTakeFirstOrThrow()
    const now = Math.floor(Date.now() / 1000)
    const csrf = b.csrfOf(await (await b.request('/ops/plans')).text())
    const day = new Date((now + 8 * 3600) * 1000).toISOString().slice(0, 10)
    await b.post('/ops/plans', {
      _csrf: csrf,
      shopAppid: product.shop_appid,
      name: '年货节定向',
      start: day,
      end: day,
      products: `${product.id} 20%`,
    })
    const plans = await (await b.request('/ops/plans')).text()
    assert.match(plans, /id="plan-list"/)
    assert.match(plans, /年货节定向/)
    const orders = await (await b.request('/ops/orders')).text()
    assert.match(orders, /id="recent-orders"/)
    const id = (await database.db.selectFrom('orders').select('order_id').executeTakeFirstOrThrow())
      .order_id
    assert.ok(orders.includes(id), 'the recent order is listed')
  })

  test('order detail: 2 × unit price = total; the CSV has the unit price and no defused dash', async () => {
    const p = await promoter()
    const id = (await database.db.selectFrom('orders').select('order_id').executeTakeFirstOrThrow())
      .order_id
    const html = await (await p.request(`/orders/${id}`)).text()
    const line = /<dt>数量 × 单价<\/dt>\s*<dd>([^<]*)<\/dd>/.exec(html)?.[1] ?? ''
    const m = /^2 × ¥(\d+\.\d\d) = ¥(\d+\.\d\d)$/.exec(line)
    assert.ok(m, `the line total reads 2 × unit = total: ${line}`)
    assert.equal(Math.round(Number(m[1]) * 200), Math.round(Number(m[2]) * 100))
    assert.match(html, /\d{4}-\d\d-\d\d \d\d:\d\d \(UTC\+8\)/, 'times carry their zone')
    const bytes = Buffer.from(await (await p.request('/orders.csv')).arrayBuffer())
    const csv = bytes.toString('utf8')
    assert.ok(csv.startsWith('\uFEFF订单号,支付时间（北京时间）'), 'a BOM, then Chinese titles')
    assert.ok(!csv.includes("'-"), 'no literal defused dash')
    assert.ok(csv.includes(`,${m[1]},2,${m[2]},`), 'unit price, count, line total')
  })

  test('the time zone is a setting: another zone shows everywhere with its offset', async () => {
    const p = await promoter()
    const settings = await (await p.request('/settings')).text()
    const res = await p.post('/settings', { _csrf: p.csrfOf(settings), tz: 'UTC' })
    assert.equal(res.status, 303)
    const id = (await database.db.selectFrom('orders').select('order_id').executeTakeFirstOrThrow())
      .order_id
    const html = await (await p.request(`/orders/${id}`)).text()
    assert.match(html, /\d{4}-\d\d-\d\d \d\d:\d\d \(UTC\)/)
    const csv = await (await p.request('/orders.csv')).text()
    assert.ok(csv.includes('支付时间（UTC）'))
    const bad = await p.post('/settings', { _csrf: p.csrfOf(settings), tz: 'Mars/Base' })
    assert.equal(bad.status, 400)
  })

  test('/docs/import documents the NDJSON format, and its sample files import cleanly', async () => {
    const res = await app.request('/docs/import')
    assert.equal(res.status, 200)
    const html = await res.text()
    for (const word of ['minPrice', 'commissionRatio', '单位分', '万分之一', 'products.ndjson']) {
      assert.ok(html.includes(word), word)
    }
    const samples = [...html.matchAll(/<textarea id="s-(\w+)\.ndjson"[^>]*>([^<]*)<\/textarea>/g)]
    assert.deepEqual(
      samples.map((m) => m[1]),
      ['categories', 'shops', 'products'],
    )
    for (const [, kind, text] of samples) {
      const body = text!.replaceAll('&quot;', '"').replaceAll('&amp;', '&')
      const r = await tuikeApp.request(`/admin/v1/import/${kind}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/x-ndjson' },
        body,
      })
      assert.deepEqual(await r.json(), { applied: body.split('\n').length, errors: [] }, kind)
    }
    const ops = await operator()
    assert.match(await (await ops.request('/ops/import')).text(), /href="\/docs\/import"/)
  })

  test('/docs/import has a row for every field the import reads, and serves the samples as files', async () => {
    const html = await (await app.request('/docs/import')).text()
    const rows = new Set(
      [...html.matchAll(/<td class="mono" data-label="字段">([^<]+)<\/td>/g)].map((m) =>
        m[1]!.trim(),
      ),
    )
    // The dot paths of a schema's leaves, through optional and piped wrappers.
    type Schema = {
      shape?: Record<string, Schema>
      _zod: { def: { innerType?: Schema; in?: Schema } }
    }
    const leaves = (schema: Schema, at: string): string[] => {
      let s = schema
      while (!s.shape) {
        const inner = s._zod.def.innerType ?? s._zod.def.in
        if (!inner) return [at]
        s = inner
      }
      return Object.entries(s.shape).flatMap(([k, v]) => leaves(v, `${at}.${k}`))
    }
    const fields = [
      ...Object.keys(CategoryImport.shape),
      ...Object.keys(ShopImport.shape),
      ...Object.keys(ProductImport.shape),
      ...Object.keys(SkuImport.shape),
      'couponId',
      ...leaves(CouponImport as unknown as Schema, 'couponDetail'),
    ]
    assert.deepEqual(
      fields.filter((f) => !rows.has(f)),
      [],
    )
    const res = await app.request('/docs/import/products.ndjson')
    assert.equal(res.status, 200)
    assert.match(res.headers.get('content-type') ?? '', /^application\/x-ndjson/)
    const sample = await res.text()
    assert.ok(html.includes('href="/docs/import/products.ndjson"'))
    assert.equal(JSON.parse(sample.trim()).minPrice, 3990)
    assert.equal((await app.request('/docs/import/nothing.ndjson')).status, 404)
  })
})
