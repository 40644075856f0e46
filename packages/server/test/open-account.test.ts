import assert from 'node:assert/strict'
import { test } from 'node:test'
import { TestClock } from '../src/clock.ts'
import {
  ADD,
  ADMIN_KEY,
  adminCall,
  createTestPlatform,
  eachDialect,
  GENERATE,
  INFO,
  openForSuite,
  openLanding,
  PUBLIC,
  unionPlatform,
} from './support.ts'

const BIND = '/union/promoter/open_account/bind'
const GET = '/union/promoter/open_account/get'
const ADD_CI = '/union/promoter/open_account/add_customize_info'
const DEL_CI = '/union/promoter/open_account/del_customize_info'
const GET_CI = '/union/promoter/open_account/get_customize_info'

const appid = (n: number) => `wx${n.toString(16).padStart(16, '0')}`

eachDialect('open_account', (dialect) => {
  const clock = new TestClock(Date.UTC(2026, 2, 1))
  const p = openForSuite(() => unionPlatform(dialect, { products: 30, seed: 2 }, { clock }))

  const admin = (method: string, path: string, body?: unknown) =>
    adminCall((u, i) => p.app.request(u, i), ADMIN_KEY, method, path, body)

  test('bind and get; re-binding twice per calendar year, the third is 25510', async () => {
    const promoter = await p.promoter()
    let token = promoter.token
    assert.deepEqual(await p.get(GET, token), { errcode: 0, errmsg: 'ok', openAccount: '' })
    assert.deepEqual(await p.post(BIND, token, { openAccount: appid(1) }), {
      errcode: 0,
      errmsg: 'ok',
    })
    assert.equal((await p.get(GET, token)).openAccount, appid(1))
    // Binding the bound account again is not a re-bind.
    assert.equal((await p.post(BIND, token, { openAccount: appid(1) })).errcode, 0)
    assert.equal((await p.post(BIND, token, { openAccount: appid(2) })).errcode, 0)
    assert.equal((await p.post(BIND, token, { openAccount: appid(3) })).errcode, 0)
    const third = await p.post(BIND, token, { openAccount: appid(4) })
    assert.equal(third.errcode, 25510)
    assert.equal((await p.get(GET, token)).openAccount, appid(3))
    // A new calendar year allows two more.
    clock.advance(366 * 24 * 3600)
    const minted = await p.app.request(
      `/cgi-bin/token?grant_type=client_credential&appid=${promoter.appid}&secret=${promoter.secret}`,
    )
    token = ((await minted.json()) as { access_token: string }).access_token
    const fresh = await p.promoter()
    assert.equal((await p.post(BIND, token, { openAccount: appid(4) })).errcode, 0)
    assert.equal((await p.get(GET, token)).openAccount, appid(4))
    assert.equal((await p.get(GET, fresh.token)).openAccount, '')
  })

  test('bind errors: entity fixtures (25504, 25505), malformed or missing appid (200002)', async () => {
    const { token } = await p.promoter()
    const other = await admin('PUT', `/admin/v1/open-accounts/${appid(100)}`, {
      state: 'other-entity',
    })
    assert.equal(other.status, 200)
    await admin('PUT', `/admin/v1/open-accounts/${appid(101)}`, { state: 'missing' })
    assert.equal((await p.post(BIND, token, { openAccount: appid(100) })).errcode, 25504)
    assert.equal((await p.post(BIND, token, { openAccount: appid(101) })).errcode, 25505)
    assert.equal((await p.post(BIND, token, { openAccount: 'not-an-appid' })).errcode, 200002)
    const missing = await p.post(BIND, token, {})
    assert.equal(missing.errcode, 200002)
    assert.match(missing.errmsg, /openAccount/)
    assert.equal((await p.get(GET, token)).openAccount, '', 'nothing was bound')
    // Clearing the mark lets it bind.
    await admin('PUT', `/admin/v1/open-accounts/${appid(100)}`, { state: null })
    assert.equal((await p.post(BIND, token, { openAccount: appid(100) })).errcode, 0)
  })

  test('customize info: one value per unionid, overwrite, delete, "" when none', async () => {
    const { token } = await p.promoter()
    const early = await p.post(ADD_CI, token, { unionid: 'u1', customizeInfo: 'v' })
    assert.equal(early.errcode, 25505, 'no open account bound yet')
    await p.post(BIND, token, { openAccount: appid(7) })
    assert.deepEqual(await p.get(GET_CI, token, { unionid: 'u1' }), {
      errcode: 0,
      errmsg: 'ok',
      customizeInfo: '',
    })
    assert.deepEqual(await p.post(ADD_CI, token, { unionid: 'u1', customizeInfo: 'v1' }), {
      errcode: 0,
      errmsg: 'ok',
    })
    assert.equal((await p.get(GET_CI, token, { unionid: 'u1' })).customizeInfo, 'v1')
    await p.post(ADD_CI, token, { unionid: 'u1', customizeInfo: 'v2' })
    assert.equal((await p.get(GET_CI, token, { unionid: 'u1' })).customizeInfo, 'v2')
    await p.post(ADD_CI, token, { unionid: 'u2', customizeInfo: 'w' })
    assert.deepEqual(await p.post(DEL_CI, token, { unionid: 'u1' }), { errcode: 0, errmsg: 'ok' })
    assert.equal((await p.get(GET_CI, token, { unionid: 'u1' })).customizeInfo, '')
    assert.equal((await p.get(GET_CI, token, { unionid: 'u2' })).customizeInfo, 'w')
    assert.equal((await p.post(DEL_CI, token, { unionid: 'nobody' })).errcode, 0)
    // Values belong to the promoter.
    const other = await p.promoter()
    assert.equal((await p.get(GET_CI, other.token, { unionid: 'u2' })).customizeInfo, '')
    // Missing fields are 200002 naming them.
    const noInfo = await p.post(ADD_CI, token, { unionid: 'u3' })
    assert.equal(noInfo.errcode, 200002)
    assert.match(noInfo.errmsg, /customizeInfo/)
    assert.equal((await p.post(DEL_CI, token, {})).errcode, 200002)
    assert.equal((await p.get(GET_CI, token, {})).errcode, 200002)
  })

  test('a bound value reaches customUserId of that buyer orders', async () => {
    const { token, appid: mine } = await p.promoter()
    await p.post(BIND, token, { openAccount: appid(9) })
    await p.post(ADD_CI, token, { unionid: 'buyer-1', customizeInfo: 'member-42' })
    const rival = await p.promoter()
    await p.post(BIND, rival.token, { openAccount: appid(10) })
    await p.post(ADD_CI, rival.token, { unionid: 'buyer-2', customizeInfo: 'rival-value' })
    assert.ok(mine)
    const { pid } = await p.post(ADD, token, { promotionSourceName: '社群' })
    const product = await p.firstProduct()
    const gen = await p.post(GENERATE, token, {
      pid,
      productList: [{ productId: product.id, appId: product.shop_appid }],
    })
    const url = gen.list[0].shareInfo.promotionUrl as string
    const code = url.slice(`${PUBLIC}/s/`.length)
    const customUserId = async (unionid?: string) => {
      const bought = await admin('POST', '/admin/v1/purchases', { code, unionid })
      assert.equal(bought.status, 201, JSON.stringify(bought.body))
      const info = await p.post(INFO, token, { orderIdList: [bought.body.orderId] })
      return info.orderList[0].customUserId as string
    }
    assert.equal(await customUserId('buyer-1'), 'member-42')
    assert.equal(await customUserId('buyer-9'), '', 'no value for that unionid')
    assert.equal(await customUserId(), '', 'no unionid')
    assert.equal(await customUserId('buyer-2'), '', "another promoter's value does not leak")

    // The landing page's Buy form takes the unionid too.
    const landing = await openLanding(p.app, `/s/${code}`)
    assert.match(landing.html, /name="unionid"/)
    const buy = await landing.buy(code, { quantity: '1', unionid: 'buyer-1' })
    assert.equal(buy.status, 200)
    const orderId = /Order (\d+) is paid/.exec(await buy.text())![1]!
    const info = await p.post(INFO, token, { orderIdList: [orderId] })
    assert.equal(info.orderList[0].customUserId, 'member-42')

    // Deleting the value stops it reaching later orders.
    await p.post(DEL_CI, token, { unionid: 'buyer-1' })
    assert.equal(await customUserId('buyer-1'), '')
  })

  test('25509 only when a cap is configured', async () => {
    const capped = await createTestPlatform(dialect, { config: { customizeInfoMaxCnt: 2 } })
    try {
      const { token } = await capped.promoter()
      await capped.post(BIND, token, { openAccount: appid(11) })
      for (const u of ['a', 'b']) {
        assert.equal(
          (await capped.post(ADD_CI, token, { unionid: u, customizeInfo: u })).errcode,
          0,
        )
      }
      const over = await capped.post(ADD_CI, token, { unionid: 'c', customizeInfo: 'c' })
      assert.equal(over.errcode, 25509)
      // Overwriting an existing unionid is not a new value.
      assert.equal(
        (await capped.post(ADD_CI, token, { unionid: 'a', customizeInfo: 'z' })).errcode,
        0,
      )
    } finally {
      await capped.close()
    }
    // The default platform has no cap.
    const { token } = await p.promoter()
    await p.post(BIND, token, { openAccount: appid(12) })
    for (let i = 0; i < 5; i++) {
      assert.equal(
        (await p.post(ADD_CI, token, { unionid: `x${i}`, customizeInfo: 'v' })).errcode,
        0,
      )
    }
  })
})
