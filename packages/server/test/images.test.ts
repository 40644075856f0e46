/**
 * This server's own images (`/img/…`, the demo catalogue's placeholders) are emitted absolute on
 * the public URL by the code that produces each response, and text that merely looks like an
 * image path (a spot named `a"/img/b`) comes back exactly as it was stored.
 */
import assert from 'node:assert/strict'
import { before, test } from 'node:test'
import { up as markWireImages } from '../src/db/migrations/011-wire-image-paths.ts'
import {
  ADMIN_KEY,
  eachDialect,
  openForSuite,
  unionPlatform,
  withWireBefore025,
} from './support.ts'

const PUBLIC = 'https://img.example'
const U = '/union/promoter'

/** Every string in `value` under a key named like an image field. */
function imageValues(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) imageValues(v, out)
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (/img/i.test(k))
        out.push(...(Array.isArray(v) ? v : [v]).filter((x) => typeof x === 'string'))
      else imageValues(v, out)
    }
  }
  return out
}

eachDialect('image URLs', (dialect) => {
  let token: string
  let pid: string
  let orderId: string
  const p = openForSuite(() =>
    unionPlatform(dialect, { products: 12, seed: 9 }, { config: { publicUrl: PUBLIC } }),
  )
  before(async () => {
    token = (await p.promoter()).token
    pid = (await p.post(`${U}/promotion/add`, token, { promotionSourceName: '图片' })).pid
    const product = await p.firstProduct()
    const generated = await p.post(`${U}/product/generate`, token, {
      pid,
      productList: [{ productId: product.id, appId: product.shop_appid }],
    })
    const code = generated.list[0].shareInfo.promotionUrl.split('/s/')[1]
    orderId = (await p.services.materials.purchase({ code })).orderId
  })

  test('a spot name that contains or starts with an image path round-trips exactly', async () => {
    for (const name of ['a"/img/b', '/img/x', '"/img/"']) {
      const added = await p.post(`${U}/promotion/add`, token, { promotionSourceName: name })
      assert.equal(added.errcode, 0, JSON.stringify(added))
      const list = await p.get(`${U}/promotion/list`, token, { start: 0, limit: 100 })
      const listed = list.promotionSourceList.map(
        (s: { promotionSourceName: string }) => s.promotionSourceName,
      )
      assert.ok(listed.includes(name), `${name} listed as ${JSON.stringify(listed)}`)
      const del = await p.post(`${U}/promotion/del`, token, {
        promotionSourcePid: added.pid,
        promotionSourceName: name,
      })
      assert.equal(del.errcode, 0, JSON.stringify(del))
    }
  })

  test('product text that looks like an image path is listed as imported', async () => {
    const admin = (path: string, body: string) =>
      p.app.request(path, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/x-ndjson' },
        body,
      })
    const cat = await p.database.db
      .selectFrom('categories')
      .select('id')
      .where('level', '=', 3)
      .executeTakeFirstOrThrow()
    const shop = await p.database.db.selectFrom('shops').select('appid').executeTakeFirstOrThrow()
    const line = {
      productId: '770001',
      shopAppId: shop.appid,
      title: '标题"/img/x',
      subTitle: '/img/not-an-image',
      categoryId: cat.id,
      headImg: ['https://cdn.example/a.jpg', '/img/head/770001.svg'],
      param: [{ key: '"/img/', value: 'v' }],
      minPrice: 100,
      commissionRatio: 100,
      skus: [{ skuId: '77000101', salePrice: 100, marketPrice: 200, thumbImg: '/img/sku/x.svg' }],
    }
    assert.deepEqual(
      await (await admin('/admin/v1/import/products', JSON.stringify(line))).json(),
      {
        applied: 1,
        errors: [],
      },
    )
    const res = await p.get(`${U}/product/list`, token, {
      from: 0,
      limit: 1,
      productId: '770001',
    })
    const info = res.productList[0].product.info
    assert.equal(info.title, '标题"/img/x')
    assert.equal(info.subTitle, '/img/not-an-image')
    assert.deepEqual(info.param, [{ key: '"/img/', value: 'v' }])
    assert.deepEqual(info.headImg, ['https://cdn.example/a.jpg', `${PUBLIC}/img/head/770001.svg`])
    assert.equal(
      res.productList[0].product.skus[0].productSkuInfo.thumbImg,
      `${PUBLIC}/img/sku/x.svg`,
    )
  })

  test('migration 011 marks the image paths of product_wire rows stored before it', async () => {
    const db = p.database.db
    const before = await p.get(`${U}/product/list`, token, { from: 0, limit: 5 })
    const rows = await db.selectFrom('product_wire').selectAll().execute()
    assert.ok(rows.some((r) => r.wire.includes('\u0002')))
    // The stored form before 011: the same text without the U+0002 marks.
    for (const r of rows) {
      await db
        .updateTable('product_wire')
        .set({ wire: r.wire.replaceAll('\u0002', '') })
        .where('pk', '=', r.pk)
        .execute()
    }
    // Written behind the catalogue's back (no change logged): its cached pages must go.
    p.services.catalogue.invalidate()
    const legacy = await p.get(`${U}/product/list`, token, { from: 0, limit: 5 })
    assert.ok(
      imageValues(legacy).some((v) => v.startsWith('/img/')),
      'unmarked paths stay paths',
    )
    await withWireBefore025(db, () => markWireImages(db as never))
    p.services.catalogue.invalidate()
    const after = await p.get(`${U}/product/list`, token, { from: 0, limit: 5 })
    assert.deepEqual(after, before)
    assert.deepEqual(
      (await db.selectFrom('product_wire').selectAll().execute()).map((r) => r.wire).sort(),
      rows.map((r) => r.wire).sort(),
    )
  })

  test('every response carrying this server images gives them absolute', async () => {
    const responses = {
      list: await p.get(`${U}/product/list`, token, { from: 0, limit: 10 }),
      select: await p.post(`${U}/product/generate`, token, {
        pid,
        productList: [
          await p.database.db
            .selectFrom('products')
            .select(['id as productId', 'shop_appid as appId'])
            .orderBy('pk')
            .executeTakeFirstOrThrow(),
        ],
      }),
      info: await p.post(`${U}/order/info`, token, { orderIdList: [orderId] }),
      search: await p.get(`${U}/order/search`, token, { page: 1, pageSize: 10 }),
      normal: await p.get(`${U}/order/search_normal_order`, token, { offset: 0, limit: 10 }),
      changes: await p.get('/tuike/v1/order/changes', token, { limit: 10 }),
    }
    const admin = async (method: string, path: string) =>
      (
        await p.app.request(path, { method, headers: { authorization: `Bearer ${ADMIN_KEY}` } })
      ).json()
    const operator = {
      list: await admin('GET', '/admin/v1/orders'),
      get: await admin('GET', `/admin/v1/orders/${orderId}`),
      confirm: await admin('POST', `/admin/v1/orders/${orderId}/confirm-receipt`),
    }
    for (const [name, body] of Object.entries(operator)) {
      const images = imageValues(body).filter((v) => v !== '')
      assert.ok(images.length > 0, `admin ${name} carries images`)
      for (const v of images) assert.ok(v.startsWith(`${PUBLIC}/img/`), `admin ${name}: ${v}`)
    }
    for (const [name, body] of Object.entries(responses)) {
      assert.equal(body.errcode, 0, `${name}: ${JSON.stringify(body)}`)
      const images = imageValues(body).filter((v) => v !== '')
      assert.ok(images.length > 0, `${name} carries images`)
      for (const v of images) assert.ok(v.startsWith(`${PUBLIC}/img/`), `${name}: ${v}`)
    }
  })
})
