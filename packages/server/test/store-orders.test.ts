/**
 * Materials and commission orders of the successor API on every dialect (store-promoter-api.md
 * §6–§8): the three materials and their errors, purchases through each of them attributed to the
 * sharer, the order list's filters, limits and cursor, the order detail with every field, the
 * statuses driven by the union's admin transitions, and the union view of the same purchase.
 */
import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import { yuan } from '@tuike/contract'
import { TestClock } from '../src/index.ts'
import { createStorePlatform, LEAGUE, listedProducts, PROMOTER } from './store-support.ts'
import { eachDialect, openForSuite } from './support.ts'

const LINK = `${PROMOTER}/get_product_promotion_link_info`
const QR = `${PROMOTER}/get_product_promotion_qrcode_info`
const CARD = `${PROMOTER}/get_promoter_single_product_promotion_info`
const SET_PRODUCT = `${PROMOTER}/set_sharer_product_commission_info`
const UNBIND = `${PROMOTER}/headsupplier_unbind_promoter`
const ORDERS = `${LEAGUE}/order/list/get`
const ORDER = `${LEAGUE}/order/get`
const T0 = 1_750_000_000

eachDialect('successor materials and commission orders', (dialect) => {
  const clock = new TestClock(T0 * 1000)
  let sharer: { sharer_appid: string; sharer_openid: string }
  let product: { id: string; shop_appid: string }
  const p = openForSuite(() => createStorePlatform(dialect, { products: 20, clock }))
  before(async () => {
    sharer = await p.services.sharers.createBound(p.inst.appid, {
      nickname: '小王',
      commissionRatio: 400_000,
    })
    product = (await listedProducts(p)).find((x) => x.id.length < 16)!
  })

  const body = () => ({
    sharer_appid: sharer.sharer_appid,
    product_id: Number(product.id),
    shop_appid: product.shop_appid,
  })
  const buy = async (purchase: Record<string, unknown>) =>
    p.admin('POST', '/admin/v1/purchases', purchase)

  test('the three materials: stable per (sharer, product), by appid or openid, any link resolves', async () => {
    const link = await p.store(LINK, body())
    assert.equal(link.errcode, 0)
    assert.match(link.http_short_link, /^http:\/\/localhost\/shop\/a\/[a-km-np-z2-9]{8}$/)
    const code = link.http_short_link.slice(-8)
    assert.equal(link.short_link, `#小店://推客带货/${code}`)
    assert.deepEqual([link.product_id, link.shop_appid], [Number(product.id), product.shop_appid])
    const byOpenid = await p.store(LINK, {
      sharer_openid: sharer.sharer_openid,
      product_id: product.id,
      shop_appid: product.shop_appid,
    })
    assert.equal(byOpenid.http_short_link, link.http_short_link)
    for (const short of [link.short_link, link.http_short_link]) {
      const again = await p.store(LINK, {
        sharer_appid: sharer.sharer_appid,
        product_short_link: short,
      })
      assert.deepEqual(
        [again.http_short_link, again.product_id],
        [link.http_short_link, Number(product.id)],
      )
    }
    const qr = await p.store(QR, body())
    assert.equal(qr.qrcode_url, `http://localhost/qr/${code}.png`)
    const png = await p.app.request(`/qr/${code}.png`)
    assert.equal(png.headers.get('content-type'), 'image/png')
    const landing = await p.app.request(`/shop/a/${code}`)
    assert.equal(landing.status, 200)
    assert.match(await landing.text(), /name="ticket"/)
    const card = await p.store(CARD, body())
    assert.match(card.product_promotion_link, /^v1=[\w-]+$/)
    assert.equal((await p.store(CARD, body())).product_promotion_link, card.product_promotion_link)
  })

  test('material errors: unknown short link 10071003, not listed 10071053, not bound 10071029', async () => {
    assert.equal(
      (
        await p.store(LINK, {
          sharer_appid: sharer.sharer_appid,
          product_short_link: 'https://x/shop/a/zzzzzzzz',
        })
      ).errcode,
      10071003,
    )
    assert.equal((await p.store(QR, { ...body(), head_supplier_appid: 'wxh' })).errcode, 10071053)
    assert.equal((await p.store(CARD, { ...body(), product_id: '42' })).errcode, 10071053)
    const delisted = (await listedProducts(p)).at(-1)!
    await p.database.db
      .updateTable('products')
      .set({ status: 11 })
      .where('id', '=', delisted.id)
      .execute()
    assert.equal(
      (
        await p.store(LINK, {
          ...body(),
          product_id: delisted.id,
          shop_appid: delisted.shop_appid,
        })
      ).errcode,
      10071053,
    )
    const foreign = await p.institution('w')
    const foreignOpenid = 'oForeignMiniProgram000000001'
    await p.store(
      `${PROMOTER}/get_promoter_register_and_bind_status`,
      { sharer_openid: foreignOpenid, is_simple_register: false },
      foreign.token,
    )
    const wrongProgram = await p.store(CARD, {
      ...body(),
      sharer_appid: '',
      sharer_openid: foreignOpenid,
    })
    assert.equal(wrongProgram.errcode, 10071056)
    const stranger = await p.services.sharers.createBound((await p.institution('y')).appid, {})
    assert.equal(
      (await p.store(LINK, { ...body(), sharer_appid: stranger.sharer_appid })).errcode,
      10071029,
    )
    assert.equal(
      (
        await p.store(LINK, {
          ...body(),
          sharer_appid: '',
          sharer_openid: 'oNeverSeen00000000000000001',
        })
      ).errcode,
      10071029,
    )
    assert.equal(
      (await p.store(LINK, { sharer_appid: sharer.sharer_appid, product_id: 1 })).errcode,
      10024000,
    )
  })

  test('a purchase through each material is attributed to the sharer; bad links attribute nothing', async () => {
    const link = await p.store(LINK, body())
    const card = await p.store(CARD, body())
    const orders: string[] = []
    for (const l of [link.http_short_link, link.short_link, card.product_promotion_link]) {
      const r = await buy({ link: l })
      assert.equal(r.status, 201, JSON.stringify(r.body))
      orders.push(r.body.orderId)
    }
    const list = await p.store(ORDERS, { sharer_appid: sharer.sharer_appid, page_size: 30 })
    for (const id of orders) assert.ok(list.list.some((x: any) => x.order_id === id))
    assert.equal((await buy({ link: 'v1=forged' })).status, 404)
    assert.equal((await buy({ link: 'https://elsewhere/shop/a/abcdefgh' })).status, 404)
    assert.equal((await buy({ link: link.http_short_link, code: 'x' })).status, 400)
    assert.equal((await buy({})).status, 400)
    // The landing page's Buy button with a forged ticket orders nothing either.
    const code = link.http_short_link.slice(-8)
    const forged = await p.app.request(`/s/${code}/buy`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `ticket=${code}.forged&quantity=1`,
    })
    assert.equal(forged.status, 400)
  })

  test('order detail: every field, amounts per §8.5, the ratio frozen when the order was created', async () => {
    await p.store(SET_PRODUCT, {
      sharer_appid: sharer.sharer_appid,
      product_id: product.id,
      commission_ratio: 600000,
    })
    const link = await p.store(LINK, body())
    clock.advance(60)
    const { orderId } = (await buy({ link: link.http_short_link, quantity: 2 })).body
    await p.store(SET_PRODUCT, {
      sharer_appid: sharer.sharer_appid,
      product_id: product.id,
      commission_ratio: 100000,
    })
    const union = (await p.admin('GET', `/admin/v1/orders/${orderId}`)).body
    const line = union.productList[0]
    const text = await p.storeText(
      ORDER,
      JSON.stringify({ order_id: orderId, sku_id: Number(line.skuId) }),
    )
    const o = JSON.parse(text).commssion_order
    const actual = Number(line.price.replace('¥', '').replace('.', ''))
    const fee = Math.floor((actual * line.ratio * 100) / 1e6)
    assert.deepEqual(o, {
      order_id: orderId,
      sku_id: line.skuId,
      create_time: union.payTime,
      update_time: union.payTime,
      status: 20,
      order_detail: {
        shop_info: { appid: union.shopAppid, shop_name: union.shopName },
        product_info: {
          product_id: product.id,
          thumb_img: line.thumbImg, // operator answers carry absolute image URLs too
          title: line.title,
          actual_payment: actual,
          product_cnt: 2,
        },
        order_info: {
          order_status: 20,
          pay_time: union.payTime,
          create_time: union.payTime,
          update_time: union.payTime,
        },
        commission_info: {
          service_ratio: line.ratio * 100,
          service_amount: fee - Math.floor((fee * 600000) / 1e6),
          promotion_channel: 1,
          sharer_info: {
            sharer_appid: sharer.sharer_appid,
            nickname: '小王',
            head_img_url: `http://localhost/img/avatar/${sharer.sharer_appid}.svg`,
            opensharerid: o.order_detail.commission_info.sharer_info.opensharerid,
            ratio: Math.floor((line.ratio * 100 * 600000) / 1e6),
            amount: Math.floor((fee * 600000) / 1e6),
          },
        },
        buyer_info: { open_id: o.order_detail.buyer_info.open_id },
      },
    })
    assert.equal(union.payTime, T0 + 60)
    assert.match(o.order_detail.buyer_info.open_id, /^o[\w-]{27}$/)
    assert.match(o.order_detail.commission_info.sharer_info.opensharerid, /^o[\w-]{27}$/)
    // The union and successor views of one purchase agree.
    assert.equal(line.estimatedCommission, fee)
    assert.equal(line.price, yuan(actual))
    assert.equal(line.commissionStatus, 'SETTLEMENT_PENDING')
    const binding = await p.database.db
      .selectFrom('sharer_bindings')
      .select('pid')
      .where('sharer_appid', '=', sharer.sharer_appid)
      .executeTakeFirstOrThrow()
    assert.equal(line.promotionInfo.promotionSourcePid, binding.pid)

    assert.equal((await p.store(ORDER, { order_id: orderId, sku_id: '1' })).errcode, 10024006)
    assert.equal((await p.store(ORDER, { order_id: orderId })).errcode, 10024000)
    const other = await p.institution('z')
    assert.equal(
      (await p.store(ORDER, { order_id: orderId, sku_id: line.skuId }, other.token)).errcode,
      10024006,
    )
  })

  test('statuses follow the admin transitions and the test clock: 20 → 100, and 200 on refund', async () => {
    const link = await p.store(LINK, body())
    const { orderId: kept } = (await buy({ link: link.http_short_link })).body
    const { orderId: refunded } = (await buy({ link: link.http_short_link })).body
    const skuOf = async (id: string) => {
      const r = await p.store(ORDERS, { order_id: id })
      assert.equal(r.errcode, 0, JSON.stringify(r))
      return r.list[0].sku_id
    }
    const get = async (id: string) =>
      (await p.store(ORDER, { order_id: id, sku_id: await skuOf(id) })).commssion_order
    clock.advance(3600)
    await p.admin('POST', `/admin/v1/orders/${kept}/confirm-receipt`)
    let o = await get(kept)
    assert.deepEqual(
      [o.status, o.order_detail.order_info.order_status, o.update_time],
      [20, 100, Math.floor(clock.now() / 1000)],
    )
    clock.advance(3600)
    await p.relogin() // tokens live 7200 s
    await p.admin('POST', `/admin/v1/orders/${refunded}/refund`)
    o = await get(refunded)
    assert.deepEqual([o.status, o.order_detail.order_info.order_status], [200, 200])
    assert.equal('profit_sharding_suc_time' in o.order_detail.commission_info, false)
    const advanced = await p.admin('POST', '/admin/v1/clock/advance', { seconds: 8 * 86400 })
    assert.ok(advanced.body.settled >= 1)
    await p.relogin()
    o = await get(kept)
    const now = Math.floor(clock.now() / 1000)
    assert.deepEqual(
      [o.status, o.order_detail.order_info.order_status, o.update_time],
      [100, 100, now],
    )
    assert.equal(o.order_detail.commission_info.profit_sharding_suc_time, now)
    const recent = await p.store(ORDERS, { update_time_range: { start_time: now } })
    assert.deepEqual(
      recent.list.map((x: any) => x.order_id),
      [kept],
    )
  })

  test('an unbound sharer attributes no new purchase; its old orders stay listed', async () => {
    const leaving = await p.services.sharers.createBound(p.inst.appid, {})
    const link = await p.store(LINK, { ...body(), sharer_appid: leaving.sharer_appid })
    const { orderId } = (await buy({ link: link.http_short_link })).body
    assert.equal((await p.store(UNBIND, { sharer_appid: leaving.sharer_appid })).errcode, 0)
    const refused = await buy({ link: link.http_short_link })
    assert.equal(refused.status, 409)
    assert.match(refused.body.errmsg, /no longer bound/)
    const old = await p.store(ORDERS, { sharer_appid: leaving.sharer_appid })
    assert.deepEqual(
      old.list.map((x: any) => x.order_id),
      [orderId],
    )
  })

  test('order list: one range at most, inclusive, ascending; filters, cap and cursor', async () => {
    const link = await p.store(LINK, body())
    const start = Math.floor(clock.now() / 1000) + 10
    const made: string[] = []
    for (let i = 0; i < 5; i++) {
      clock.advance(10)
      made.push((await buy({ link: link.http_short_link })).body.orderId)
    }
    const range = { start_time: start, end_time: start + 40 }
    const all = await p.store(ORDERS, { create_time_range: range, page_size: 30 })
    assert.deepEqual(
      all.list.map((x: any) => x.order_id),
      made,
    )
    assert.deepEqual([all.has_more, all.next_key], [false, ''])
    const pages: string[] = []
    let next_key = ''
    do {
      const r = await p.store(ORDERS, { create_time_range: range, page_size: 2, next_key })
      pages.push(...r.list.map((x: any) => x.order_id))
      assert.equal(r.has_more, r.next_key !== '')
      next_key = r.next_key
    } while (next_key)
    assert.deepEqual(pages, made)
    const reused = await p.store(ORDERS, { create_time_range: range, page_size: 2 })
    assert.equal(
      (await p.store(ORDERS, { update_time_range: range, next_key: reused.next_key })).errcode,
      10024000,
    )
    const both = await p.store(ORDERS, { create_time_range: range, update_time_range: range })
    assert.equal(both.errcode, 10024000)
    assert.equal((await p.store(ORDERS, { page_size: 31 })).errcode, 10024000)
    assert.equal((await p.store(ORDERS, { finder_id: 'f' })).errcode, 10024001)
    assert.equal((await p.store(ORDERS, { appid: 'wxnoshop' })).errcode, 10024003)
    const byShop = await p.store(ORDERS, { appid: product.shop_appid, create_time_range: range })
    assert.equal(byShop.list.length, 5)
    const other = (await listedProducts(p)).find((x) => x.shop_appid !== product.shop_appid)!
    assert.deepEqual(
      (await p.store(ORDERS, { appid: other.shop_appid, create_time_range: range })).list,
      [],
    )
    const one = await p.store(ORDERS, {
      order_id: made[2],
      create_time_range: { start_time: 1, end_time: 2 },
    })
    assert.deepEqual(
      one.list.map((x: any) => x.order_id),
      [made[2]],
    )
    const lenient = await p.store(ORDERS, { page_size: 30 })
    assert.equal(lenient.errcode, 0)
  })
})

describe('strict order list (storeStrictOrderList)', () => {
  test('neither range nor order_id is 10024000', async () => {
    const p = await createStorePlatform('sqlite', {
      products: 5,
      config: { storeStrictOrderList: true },
    })
    try {
      const r = await p.store(ORDERS, { page_size: 10 })
      assert.equal(r.errcode, 10024000)
      assert.match(r.errmsg, /create_time_range or update_time_range/)
      assert.equal((await p.store(ORDERS, { create_time_range: { start_time: 0 } })).errcode, 0)
    } finally {
      await p.close()
    }
  })
})
