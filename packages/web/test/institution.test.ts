/**
 * The 机构 console through app.request: sign-in with the 机构's appid and secret, its sharers
 * with their bind state and a bind-status lookup, products, and a sharer's commission order;
 * a promoter's session does not open it.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { TuikeClient } from '@tuike/sdk'
import { type OpenDatabase, seedCatalogue } from '@tuike/server'
import type { Hono } from 'hono'
import { browser, consoleOver } from './support.ts'

const ADMIN_KEY = 'tka_console_institution_test_0123456789abcdef'

describe('web console: the 机构 view', () => {
  let database: OpenDatabase
  let app: Hono
  let inst: { appid: string; secret: string }
  let sharer: { sharer_appid: string; sharer_openid: string }
  let orderId: string
  let b: ReturnType<typeof browser>

  before(async () => {
    const { tuike, ...over } = await consoleOver(ADMIN_KEY)
    ;({ database, app } = over)
    b = browser(app)
    await seedCatalogue(database.db, { products: 6, seed: 2 })
    const admin = new TuikeClient({
      baseURL: 'http://localhost',
      adminKey: ADMIN_KEY,
      fetch: (u, i) => tuike.app.request(u, i),
    })
    inst = await admin.admin.institutions.create({ name: '网页机构' })
    sharer = await admin.admin.institutions.addSharer(inst.appid, {
      nickname: '小张',
      commissionRatio: 400000,
    })
    const api = new TuikeClient({
      appId: inst.appid,
      appSecret: inst.secret,
      baseURL: 'http://localhost',
      fetch: (u, i) => tuike.app.request(u, i),
    })
    const [key] = (await api.store.products.list({ plan_type: 2, page_size: 1 })).product_list
    const { product } = await api.store.products.retrieve({ ...key!, plan_type: 2 })
    const link = await api.store.materials.link({ ...key!, sharer_appid: sharer.sharer_appid })
    ;({ orderId } = await admin.admin.purchases.create({
      link: link.http_short_link,
      skuId: product.product_info.skus[0]!.sku_id,
    }))
  })
  after(() => database.close())

  test('signed out, /inst goes to the 机构 sign-in', async () => {
    const res = await b.request('/inst/orders')
    assert.equal(res.status, 303)
    assert.equal(res.headers.get('location'), '/inst/login?next=%2Finst%2Forders')
  })

  test('sign in, then sharers, bind lookup, products and orders render', async () => {
    const form = await (await b.request('/inst/login')).text()
    const signed = await b.post('/inst/login', {
      _csrf: b.csrfOf(form),
      appid: inst.appid,
      secret: inst.secret,
      next: '/inst',
    })
    assert.equal(signed.status, 303, await signed.text())
    assert.ok(b.jar.has('tuike_inst_session'))
    assert.equal(b.jar.has('tuike_session'), false, 'not a promoter session')

    const sharers = await (await b.request('/inst')).text()
    assert.match(sharers, /Tuike 机构控制台/)
    assert.match(sharers, /小张[\s\S]*已绑定[\s\S]*平台分佣[\s\S]*40%/)
    const lookup = await (await b.request(`/inst?openid=${sharer.sharer_openid}`)).text()
    assert.match(lookup, new RegExp(`已绑定（${sharer.sharer_appid}）`))

    const products = await (await b.request('/inst/products')).text()
    assert.equal((products.match(/<tr>/g) ?? []).length, 7, 'a head row and six products')

    const orders = await (await b.request('/inst/orders')).text()
    assert.match(orders, new RegExp(`${orderId}[\\s\\S]*待结算[\\s\\S]*小张`))
    // The promoter pages are not opened by a 机构 session.
    assert.equal((await b.request('/orders')).headers.get('location'), '/login?next=%2Forders')
  })
})
