/**
 * Issue 15 items 1 and 2: rotating a secret ends every token of the account at once, and a
 * disabled account earns nothing. On every dialect.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { TestClock } from '../src/index.ts'
import {
  ADD,
  ADMIN_KEY,
  adminCall,
  eachDialect,
  GENERATE,
  LIST,
  openForSuite,
  openLanding,
  PUBLIC,
  unionPlatform,
} from './support.ts'

eachDialect('revocation', (dialect) => {
  const clock = new TestClock(Date.UTC(2026, 10, 1, 8, 0, 0))
  const p = openForSuite(() => unionPlatform(dialect, { products: 5, seed: 7 }, { clock }))

  const json = async (res: Response | Promise<Response>) => (await res).json() as Promise<any>
  const admin = (method: string, path: string, body?: unknown) =>
    adminCall((u, i) => p.app.request(u, i), ADMIN_KEY, method, path, body)
  const classic = (appid: string, secret: string) =>
    json(
      p.app.request(`/cgi-bin/token?grant_type=client_credential&appid=${appid}&secret=${secret}`),
    )
  const stable = (appid: string, secret: string) =>
    json(
      p.app.request('/cgi-bin/stable_token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'client_credential', appid, secret }),
      }),
    )
  const listCode = async (token: string) => (await p.get(LIST, token)).errcode as number

  for (const kind of ['promoter', 'institution'] as const) {
    test(`rotate-secret ends every classic and stable token of a ${kind} at once`, async () => {
      const who = kind === 'promoter' ? await p.promoter() : await p.institution()
      const stableBefore = (await stable(who.appid, who.secret)).access_token as string
      const classicBefore = who.token
      const path = kind === 'promoter' ? LIST : undefined
      if (path) {
        assert.equal(await listCode(classicBefore), 0)
        assert.equal(await listCode(stableBefore), 0)
      }
      const rotated = await admin('POST', `/admin/v1/promoters/${who.appid}/rotate-secret`)
      assert.equal(rotated.status, 200, JSON.stringify(rotated.body))
      const secret = rotated.body.secret as string
      assert.notEqual(secret, who.secret)

      // Not even the classic token's 5-minute grace survives a rotation.
      const check = await p.services.tokens.caller(classicBefore).then(
        () => 0,
        (e) => e.errcode,
      )
      assert.equal(check, 40001)
      const checkStable = await p.services.tokens.caller(stableBefore).then(
        () => 0,
        (e) => e.errcode,
      )
      assert.equal(checkStable, 40001)
      if (path) {
        assert.equal(await listCode(classicBefore), 40001)
        assert.equal(await listCode(stableBefore), 40001)
      }
      assert.equal((await classic(who.appid, who.secret)).errcode, 40001, 'the old secret')
      const stableAfter = await stable(who.appid, secret)
      assert.ok(stableAfter.access_token, JSON.stringify(stableAfter))
      assert.notEqual(stableAfter.access_token, stableBefore, 'a new stable token')
      assert.equal((await p.services.tokens.caller(stableAfter.access_token)).appid, who.appid)
      const classicAfter = await classic(who.appid, secret)
      assert.equal((await p.services.tokens.caller(classicAfter.access_token)).appid, who.appid)
    })
  }

  test('a disabled promoter earns nothing: its link answers 410 and purchases create no order', async () => {
    const who = await p.promoter()
    const { pid } = await p.post(ADD, who.token, { promotionSourceName: 'disabled' })
    const product = await p.firstProduct()
    const gen = await p.post(GENERATE, who.token, {
      pid,
      productList: [{ productId: product.id, appId: product.shop_appid }],
    })
    assert.equal(gen.errcode, 0, JSON.stringify(gen))
    const code = (gen.list[0].shareInfo.promotionUrl as string).slice(`${PUBLIC}/s/`.length)
    const ordersOf = async () =>
      (
        await p.database.db
          .selectFrom('orders')
          .select('order_id')
          .where('appid', '=', who.appid)
          .execute()
      ).length

    // A buyer who opened the page before the disable holds a valid ticket and CSRF token.
    const opened = await openLanding(p.app, `/s/${code}`)
    await p.database.db.deleteFrom('material_clicks').where('code', '=', code).execute()
    assert.equal((await admin('POST', `/admin/v1/promoters/${who.appid}/disable`)).status, 200)
    const page = await p.app.request(`/s/${code}`)
    assert.equal(page.status, 410)
    assert.doesNotMatch(await page.text(), /<form/, 'no Buy form')
    const clicks = await p.database.db
      .selectFrom('material_clicks')
      .select('code')
      .where('code', '=', code)
      .execute()
    assert.equal(clicks.length, 0, 'no click counted')
    const bought = await admin('POST', '/admin/v1/purchases', { code, quantity: 1 })
    assert.equal(bought.status, 409, JSON.stringify(bought.body))
    assert.equal(bought.body.errcode, 200002)
    assert.match(bought.body.errmsg, /disabled/)
    const buy = await opened.buy(code, { quantity: '1' })
    assert.equal(buy.status, 409)
    assert.equal(await ordersOf(), 0)

    assert.equal((await admin('POST', `/admin/v1/promoters/${who.appid}/enable`)).status, 200)
    assert.equal((await p.app.request(`/s/${code}`)).status, 200)
    const again = await admin('POST', '/admin/v1/purchases', { code, quantity: 1 })
    assert.equal(again.status, 201, JSON.stringify(again.body))
    assert.equal(await ordersOf(), 1)
  })

  test('a call reads the revocation counter once (token check and fault draw share it)', async () => {
    const who = await p.promoter()
    const fault = await admin('POST', '/admin/v1/faults', {
      kind: 'errcode',
      errcode: 45009,
      appid: who.appid,
      endpoint: 'promotion/list',
      rate: 1,
      times: 1,
      seed: 1,
    })
    assert.equal(fault.status, 201, JSON.stringify(fault.body))
    const epoch = p.services.authEpoch
    const before = epoch.reads
    assert.equal(await listCode(who.token), 45009, 'the rule read under that epoch fires')
    assert.equal(epoch.reads - before, 1)
    // The next call reads again: a revocation between two calls is seen by the second.
    assert.equal(await listCode(who.token), 0)
    assert.equal(epoch.reads - before, 2)
    await admin('POST', `/admin/v1/promoters/${who.appid}/disable`)
    assert.equal(await listCode(who.token), 48001)
  })
})
