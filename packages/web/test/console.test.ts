/**
 * Console routes through app.request (no socket): sign-in failure and success, the session
 * cookie's flags, CSRF refusal, session expiry, sign-out, and every page rendering.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTuike, type OpenDatabase, openDatabase, silentLogger } from '@tuike/server'
import { Hono } from 'hono'
import { registerConsole } from '../src/index.ts'

/** A tiny cookie jar over app.request. */
function browser(app: Hono) {
  const jar = new Map<string, string>()
  const request = async (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers)
    if (jar.size) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '))
    const res = await app.request(`http://localhost${path}`, {
      ...init,
      headers,
      redirect: 'manual',
    })
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const [k, v] = pair!.split('=')
      if (/Max-Age=0/i.test(line) || v === '') jar.delete(k!)
      else jar.set(k!, v!)
    }
    return res
  }
  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? ''
  const post = (path: string, form: Record<string, string>) =>
    request(path, { method: 'POST', body: new URLSearchParams(form) })
  return { jar, request, post, csrfOf }
}

describe('web console routes', () => {
  let database: OpenDatabase
  let app: Hono
  let creds: { appid: string; secret: string }
  let now = Date.now()
  let tuikeApp: Hono

  before(async () => {
    database = await openDatabase('sqlite::memory:')
    const tuike = await createTuike({ db: database.db, log: silentLogger })
    tuikeApp = tuike.app as unknown as Hono
    creds = await tuike.services.promoters.create('网页测试')
    await tuike.services.promotions.add(creds.appid, '首页')
    // The server mounts a console already; this one, in front of it, has a movable session clock.
    app = new Hono()
    registerConsole(app, { db: database.db, sessions: { now: () => now, idleSeconds: 600 } })
    app.all('*', (c) => tuike.app.fetch(c.req.raw))
  })
  after(() => database.close())

  const signIn = async (b: ReturnType<typeof browser>, secret = creds.secret) => {
    const form = await b.request('/login')
    return b.post('/login', {
      _csrf: b.csrfOf(await form.text()),
      appid: creds.appid,
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
    const rows = await database.db.selectFrom('console_sessions').selectAll().execute()
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

  test('sign-out ends the session', async () => {
    const b = browser(app)
    await signIn(b)
    const html = await (await b.request('/')).text()
    const res = await b.post('/logout', { _csrf: b.csrfOf(html) })
    assert.equal(res.headers.get('location'), '/login?m=signed-out')
    assert.equal((await b.request('/')).status, 303)
  })

  test('operator sign-in takes the admin key; a wrong key is refused', async () => {
    const b = browser(app)
    const form = await b.request('/ops/login')
    const csrf = b.csrfOf(await form.text())
    const bad = await b.post('/ops/login', { _csrf: csrf, key: 'tka_wrong' })
    assert.equal(bad.status, 401)
    assert.equal((await b.request('/ops/promoters')).status, 303)
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
