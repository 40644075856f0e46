/**
 * Console routes through app.request (no socket): sign-in failure and success, the session
 * cookie's flags, CSRF refusal, session expiry, sign-out, and every page rendering.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { type createTuike, type OpenDatabase, seedCatalogue } from '@tuike/server'
import { accessToken } from '@tuike/testkit'
import type { Hono } from 'hono'
import type { ConsoleSessionsDb } from '../src/index.ts'
import { browser, consoleOver } from './support.ts'

const ADMIN_KEY = 'tka_console_route_test-0000000000000'

describe('web console routes', () => {
  let database: OpenDatabase
  let app: Hono
  let creds: { appid: string; secret: string }
  let now = Date.now()
  let tuikeApp: Hono
  let services: Awaited<ReturnType<typeof createTuike>>['services']

  before(async () => {
    // A console in front of the platform, with a movable session clock.
    const { tuike, ...over } = await consoleOver(ADMIN_KEY, {
      sessions: { now: () => now, idleSeconds: 600 },
    })
    ;({ database, app } = over)
    services = tuike.services
    tuikeApp = tuike.app as unknown as Hono
    creds = await services.promoters.create('网页测试')
    await services.promotions.add(creds.appid, '首页')
  })
  after(() => database.close())

  const signIn = async (
    b: ReturnType<typeof browser>,
    secret = creds.secret,
    appid = creds.appid,
  ) => {
    const form = await b.request('/login')
    return b.post('/login', {
      _csrf: b.csrfOf(await form.text()),
      appid,
      secret,
    })
  }

  test('a signed-out visitor is sent to the sign-in page', async () => {
    const res = await browser(app).request('/orders')
    assert.equal(res.status, 303)
    assert.equal(res.headers.get('location'), '/login?next=%2Forders')
  })

  test('a wrong secret answers 401 with a message and sets no session', async () => {
    const b = browser(app)
    const res = await signIn(b, 'f'.repeat(32))
    assert.equal(res.status, 401)
    assert.match(await res.text(), /AppSecret 不正确/)
    assert.equal(b.jar.has('tuike_session'), false)
  })

  test('an unknown appid and a missing login CSRF token are refused', async () => {
    const b = browser(app)
    await b.request('/login')
    const res = await b.post('/login', { appid: creds.appid, secret: creds.secret })
    assert.equal(res.status, 403)
    const other = browser(app)
    const page = await other.request('/login')
    const bad = await other.post('/login', {
      _csrf: other.csrfOf(await page.text()),
      appid: 'wx0000000000000000',
      secret: creds.secret,
    })
    assert.equal(bad.status, 401)
    assert.match(await bad.text(), /AppID 不存在/)
  })

  test('sign-in sets an httpOnly SameSite=Strict cookie; the secret is on no page', async () => {
    const b = browser(app)
    const res = await signIn(b)
    assert.equal(res.status, 303)
    const cookie = res.headers
      .getSetCookie()
      .find((c) => c.startsWith('tuike_session=') && !c.startsWith('tuike_session=;'))!
    assert.match(cookie, /HttpOnly/)
    assert.match(cookie, /SameSite=Strict/)
    assert.doesNotMatch(cookie, /Secure/, 'plain http: no Secure flag')
    for (const path of [
      '/',
      '/products',
      '/products?tab=selected',
      '/materials',
      '/spots',
      '/orders',
    ]) {
      const page = await b.request(path)
      assert.equal(page.status, 200, path)
      const html = await page.text()
      assert.match(html, /<html lang="zh-CN">/)
      assert.equal(html.includes(creds.secret), false, path)
      assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'self'/)
    }
    const csv = await b.request('/orders.csv')
    assert.equal(csv.headers.get('content-type'), 'text/csv; charset=utf-8')
  })

  test('the sessions table holds no usable id and no readable credential', async () => {
    const b = browser(app)
    await signIn(b)
    const id = b.jar.get('tuike_session')!
    const rows = await database.db
      .withTables<ConsoleSessionsDb>()
      .selectFrom('console_sessions')
      .selectAll()
      .execute()
    assert.ok(rows.length > 0)
    const dump = JSON.stringify(rows)
    assert.equal(dump.includes(id), false, 'only the hash of the session id is stored')
    const token = (
      (await (
        await tuikeApp.request('/cgi-bin/stable_token', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ grant_type: 'client_credential', ...creds }),
        })
      ).json()) as { access_token: string }
    ).access_token
    assert.equal(dump.includes(token), false, 'the access_token is sealed')
    assert.equal((await b.request('/spots')).status, 200, 'the cookie still opens it')
  })

  test('cookies are Secure over https', async () => {
    const form = await app.request('https://localhost/login')
    assert.match(form.headers.getSetCookie()[0]!, /Secure/)
  })

  test('a POST without the session CSRF token is refused with 403 and changes nothing', async () => {
    const b = browser(app)
    await signIn(b)
    const res = await b.post('/spots', { name: '不该出现' })
    assert.equal(res.status, 403)
    const wrong = await b.post('/spots', { name: '不该出现', _csrf: 'x'.repeat(43) })
    assert.equal(wrong.status, 403)
    const list = await (await b.request('/spots')).text()
    assert.equal(list.includes('不该出现'), false)
    const ok = await b.post('/spots', { name: '新推广位', _csrf: b.csrfOf(list) })
    assert.equal(ok.status, 303)
    assert.match(await (await b.request('/spots?done=added')).text(), /新推广位/)
  })

  test('a session ends after the idle time and sends the browser to sign in again', async () => {
    const b = browser(app)
    await signIn(b)
    assert.equal((await b.request('/spots')).status, 200)
    now += 601_000
    const res = await b.request('/spots')
    assert.equal(res.status, 303)
    assert.equal(res.headers.get('location'), '/login?m=expired&next=%2Fspots')
    now -= 601_000
    assert.equal((await b.request('/spots')).status, 303, 'an ended session stays ended')
  })

  test('rotating the secret ends a console session opened before: its next form changes nothing', async () => {
    const who = await services.promoters.create('轮换')
    const b = browser(app)
    assert.equal((await signIn(b, who.secret, who.appid)).status, 303)
    const csrf = b.csrfOf(await (await b.request('/spots')).text())
    const { secret } = await services.promoters.rotateSecret(who.appid)
    const res = await b.post('/spots', { name: '轮换后', _csrf: csrf })
    assert.equal(res.status, 303)
    assert.equal(res.headers.get('location'), '/login?m=expired')
    assert.equal((await b.request('/spots')).status, 303, 'the session is gone')
    const fresh = browser(app)
    assert.equal((await signIn(fresh, who.secret, who.appid)).status, 401, 'the old secret')
    assert.equal((await signIn(fresh, secret, who.appid)).status, 303)
    assert.doesNotMatch(await (await fresh.request('/spots')).text(), /轮换后/)
  })

  test('sign-out ends the session', async () => {
    const b = browser(app)
    await signIn(b)
    const html = await (await b.request('/')).text()
    const res = await b.post('/logout', { _csrf: b.csrfOf(html) })
    assert.equal(res.headers.get('location'), '/login?m=signed-out')
    assert.equal((await b.request('/')).status, 303)
  })

  test('the sign-in `next` is normalised by URL parsing: off-site forms go home, others are cleaned', async () => {
    const promoterNext = async (next: string) => {
      const b = browser(app)
      const form = await b.request(`/login?next=${encodeURIComponent(next)}`)
      const html = await form.text()
      const res = await b.post('/login', {
        _csrf: b.csrfOf(html),
        appid: creds.appid,
        secret: creds.secret,
        next,
      })
      assert.equal(res.status, 303, next)
      return { html, location: res.headers.get('location') }
    }
    for (const next of [
      '/\t/evil.example/x',
      '/\n/evil.example/x',
      '/\\evil.example/x',
      '//evil.example/x',
      'https://evil.example/x',
      'javascript:alert(1)',
      '/\r\n/evil.example',
    ]) {
      const { html, location } = await promoterNext(next)
      assert.equal(location, '/', JSON.stringify(next))
      assert.doesNotMatch(html, /evil\.example/, JSON.stringify(next))
    }
    assert.equal((await promoterNext('/orders?page=2#top')).location, '/orders?page=2#top')
    assert.equal((await promoterNext('/ord\ters')).location, '/orders')

    // The operator's: a newline in `next` is cleaned before the session is created.
    const b = browser(app)
    const form = await b.request('/ops/login')
    const res = await b.post('/ops/login', {
      _csrf: b.csrfOf(await form.text()),
      key: ADMIN_KEY,
      next: '/ops/promo\nters',
    })
    assert.equal(res.status, 303)
    assert.equal(res.headers.get('location'), '/ops/promoters')
    assert.equal((await b.request('/ops/promoters')).status, 200)
  })

  test('operator sign-in takes the admin key; a wrong key is refused', async () => {
    const b = browser(app)
    const form = await b.request('/ops/login')
    const csrf = b.csrfOf(await form.text())
    const bad = await b.post('/ops/login', { _csrf: csrf, key: 'tka_wrong' })
    assert.equal(bad.status, 401)
    assert.equal((await b.request('/ops/promoters')).status, 303)
  })

  test('operators create a targeted plan, see the application, and approve it', async () => {
    await seedCatalogue(database.db, { products: 30, seed: 4 })
    const product = await database.db
      .selectFrom('products')
      .select(['id', 'shop_appid'])
      .orderBy('pk')
      .executeTakeFirstOrThrow()
    const b = browser(app)
    const form = await b.request('/ops/login')
    const signedIn = await b.post('/ops/login', {
      _csrf: b.csrfOf(await form.text()),
      key: ADMIN_KEY,
    })
    assert.equal(signedIn.status, 303)
    const plansPage = await (await b.request('/ops/plans')).text()
    assert.match(plansPage, /创建定向计划/)
    const csrf = b.csrfOf(plansPage)
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
    const bad = await b.post('/ops/plans', {
      _csrf: csrf,
      shopAppid: product.shop_appid,
      name: '坏计划',
      start: today,
      end: today,
      products: `${product.id} lots`,
    })
    assert.equal(bad.status, 400)
    assert.match(await bad.text(), /商品ID 佣金比例%/)
    const created = await b.post('/ops/plans', {
      _csrf: csrf,
      shopAppid: product.shop_appid,
      name: '双十二定向',
      description: '',
      start: today,
      end: today,
      products: `${product.id} 33%`,
    })
    assert.equal(created.status, 303)
    const planId = /planId=(\d+)/.exec(created.headers.get('location') ?? '')![1]!
    const shown = await (await b.request(`/ops/plans?planId=${planId}&done=created`)).text()
    assert.match(shown, /双十二定向（进行中）/)
    assert.match(shown, /33%/)
    const url = /id="pl-url" readonly="" value="([^"]+)"/.exec(shown)?.[1]
    assert.ok(url, 'the invitation URL is shown')

    const token = await accessToken((path, init) => tuikeApp.request(path, init), creds)
    const info = (await (
      await tuikeApp.request(
        `/union/promoter/target/plan_info?access_token=${token}&planInvitationUrl=${encodeURIComponent(url!.replaceAll('&amp;', '&'))}`,
      )
    ).json()) as any
    assert.equal(info.targetPlanInfo.planId, planId)
    await tuikeApp.request(`/union/promoter/target/apply_target?access_token=${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ planId, applyReason: '社群' }),
    })
    const pending = await (await b.request(`/ops/plans?planId=${planId}`)).text()
    assert.match(pending, /待审核/)
    const approved = await b.post('/ops/plans/decide', {
      _csrf: b.csrfOf(pending),
      planId,
      appid: creds.appid,
      decision: 'approve',
    })
    assert.equal(approved.status, 303)
    assert.match(await (await b.request(`/ops/plans?planId=${planId}`)).text(), /已通过/)
  })

  test('the rest of the server is untouched: /healthz, the union API and unknown paths', async () => {
    assert.equal((await app.request('/healthz')).status, 200)
    const unknown = await app.request('/nothing-here')
    assert.equal(unknown.status, 404)
    assert.equal(((await unknown.json()) as any).errcode, 40066)
    const css = await app.request('/console-assets/console.css')
    assert.equal(css.headers.get('content-type'), 'text/css; charset=utf-8')
  })
})
