/**
 * Anonymous traffic on the landing pages (issue 15 item 5), on every dialect: clicks are counted
 * as a tracker counts them (one per visitor, material and 30-minute window; HEAD, prefetches and
 * robots not at all); the Buy form needs the CSRF token of the page that this browser opened and
 * is limited per client address; deleted spots do not accumulate without bound.
 */
import assert from 'node:assert/strict'
import { before, test } from 'node:test'
import { createTuike } from '../src/app.ts'
import { TestClock } from '../src/clock.ts'
import { silentLogger } from '../src/log.ts'
import { Promotions } from '../src/services/promotions.ts'
import { memoryQuota } from '../src/services/quota.ts'
import { createTestPlatform, eachDialect, openForSuite, orderCount } from './support.ts'

const BROWSER = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) MicroMessenger/8.0.47'

/** The node:http request Hono sees as env under `tuike serve`: only its peer address matters. */
const from = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } })

eachDialect('clicks, the Buy form and per-account bounds', (dialect) => {
  const clock = new TestClock(Date.UTC(2026, 0, 5, 10, 0, 0))
  let code: string
  let pid: string
  const p = openForSuite(() =>
    createTestPlatform(dialect, {
      clock,
      config: { publicUrl: 'https://t.example' },
      catalogue: { products: 5, seed: 2 },
    }),
  )
  before(async () => {
    const { token } = await p.promoter()
    pid = (await p.post('/union/promoter/promotion/add', token, { promotionSourceName: 'a' })).pid
    const product = await p.firstProduct()
    const gen = await p.post('/union/promoter/product/generate', token, {
      pid,
      productList: [{ productId: product.id, appId: product.shop_appid }],
    })
    code = String(gen.list[0].shareInfo.promotionUrl).split('/s/')[1]!
  })

  const open = (
    address: string,
    headers: Record<string, string> = {},
    method: 'GET' | 'HEAD' = 'GET',
  ) =>
    p.app.request(
      `/s/${code}`,
      { method, headers: { 'user-agent': BROWSER, ...headers } },
      from(address),
    )
  const clicks = () => p.services.materials.clicks(pid)

  test('one click per visitor and window; HEAD, prefetches and robots are not clicks', async () => {
    const before = await clicks()
    for (let i = 0; i < 5; i++) assert.equal((await open('198.51.100.1')).status, 200)
    assert.equal(await clicks(), before + 1, 'the same visitor again in the window')
    await open('198.51.100.1', { 'user-agent': `${BROWSER} other` })
    await open('198.51.100.2')
    assert.equal(await clicks(), before + 3, 'another User-Agent, another address')
    await open('198.51.100.3', {}, 'HEAD')
    await open('198.51.100.4', { purpose: 'prefetch' })
    await open('198.51.100.5', { 'sec-purpose': 'prefetch;prerender' })
    await open('198.51.100.6', { 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1)' })
    await open('198.51.100.7', { 'user-agent': 'curl/8.5.0' })
    await open('198.51.100.8', { 'user-agent': 'facebookexternalhit/1.1' })
    assert.equal(await clicks(), before + 3, 'none of these is a click')
    clock.advance(1800)
    await open('198.51.100.1')
    assert.equal(await clicks(), before + 4, 'the next window counts the visitor again')
  })

  /** Open the page as a browser: its cookie and the form's hidden fields. */
  const page = async (address: string) => {
    const res = await open(address)
    const html = await res.text()
    const cookie = /tuike_buyer=[0-9a-f]{32}/.exec(res.headers.get('set-cookie') ?? '')![0]
    const field = (name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(html)![1]!
    return { cookie, ticket: field('ticket'), csrf: field('csrf') }
  }
  const buy = (address: string, form: Record<string, string>, cookie?: string) =>
    p.app.request(
      `/s/${code}/buy`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...(cookie ? { cookie } : {}),
        },
        body: new URLSearchParams(form).toString(),
      },
      from(address),
    )
  const orders = () => orderCount(p)

  test('the Buy form needs the token of a page this browser opened', async () => {
    const a = await page('203.0.113.10')
    const b = await page('203.0.113.11')
    const before = await orders()
    assert.equal((await buy('203.0.113.10', { ticket: a.ticket })).status, 403, 'no cookie')
    assert.equal(
      (await buy('203.0.113.10', { ticket: a.ticket }, a.cookie)).status,
      403,
      'no token',
    )
    assert.equal(
      (await buy('203.0.113.10', { ticket: a.ticket, csrf: b.csrf }, a.cookie)).status,
      403,
      "another browser's token",
    )
    assert.equal(await orders(), before, 'nothing was ordered')
    const ok = await buy('203.0.113.10', { ticket: a.ticket, csrf: a.csrf }, a.cookie)
    assert.equal(ok.status, 200)
    assert.match(await ok.text(), /Order \d+ is paid/)
    assert.equal(await orders(), before + 1)
  })

  test('Buy posts are limited per client address', async () => {
    const a = await page('192.0.2.50')
    const statuses: number[] = []
    for (let i = 0; i < 31; i++) statuses.push((await buy('192.0.2.50', { ticket: 'x' })).status)
    assert.deepEqual(new Set(statuses.slice(0, 30)), new Set([400]))
    const refused = await buy('192.0.2.50', { ticket: a.ticket, csrf: a.csrf }, a.cookie)
    assert.equal(refused.status, 429)
    assert.ok(Number(refused.headers.get('retry-after')) > 0)
    const other = await buy('192.0.2.51', { ticket: a.ticket, csrf: a.csrf }, a.cookie)
    assert.equal(other.status, 200, 'another address is not held')
  })

  test('the Buy limit is one count for every worker sharing the quota counter', async () => {
    // Two apps over one database and one counter: what `tuike serve --workers 2` runs (the
    // primary counts for both) and several instances with --redis.
    const quota = memoryQuota()
    const workers = await Promise.all(
      [1, 2].map(() => createTuike({ db: p.database.db, clock, quota, log: silentLogger })),
    )
    const post = (i: number) =>
      workers[i % 2]!.app.request(
        `/s/${code}/buy`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'ticket=x',
        },
        from('192.0.2.60'),
      )
    const statuses: number[] = []
    for (let i = 0; i < 31; i++) statuses.push((await post(i)).status)
    assert.deepEqual(new Set(statuses.slice(0, 30)), new Set([400]))
    assert.equal(statuses[30], 429, 'the 31st post in the minute, on either worker')
  })

  test('spots deleted and re-added do not accumulate: old deleted ones are purged', async () => {
    const { appid } = await p.promoter('bounds')
    const spots = new Promotions(p.database.db, clock, 2)
    const product = await p.firstProduct()
    const rows = () =>
      p.database.db.selectFrom('promotion_spots').select('pid').where('appid', '=', appid).execute()
    let sold = ''
    for (let i = 0; i < 8; i++) {
      const { pid } = await spots.add(appid, 'loop')
      // Each spot has a material with a click; one also has an order, so it stays.
      const code = p.services.materials.code(pid, product.id, '', false)
      await p.database.db
        .insertInto('materials')
        .values({
          code,
          appid,
          pid,
          product_id: product.id,
          shop_appid: product.shop_appid,
          customize_info: '',
          coupon: 0,
          created_at: 0,
        })
        .execute()
      await p.services.materials.click(code, pid, `visitor-${i}`)
      if (i === 1) {
        await p.services.materials.purchase({ code })
        sold = pid
      }
      await spots.delete(appid, pid, 'loop')
    }
    await spots.add(appid, 'live')
    const left = (await rows()).map((r) => r.pid)
    assert.equal(left.length, 1 + 2 + 1, 'the live spot, two deleted ones, the one with an order')
    assert.ok(left.includes(sold))
    const materials = await p.database.db
      .selectFrom('materials')
      .select('pid')
      .where('appid', '=', appid)
      .execute()
    assert.equal(materials.length, 3, "the purged spots' materials (and clicks) are gone")
  })
})
