/**
 * Three real `tuike serve` processes over one fresh PostgreSQL database behave as one platform.
 * They start together on the empty database (migrations and the demo seed happen once), then are
 * driven concurrently: tokens, the classic-token grace, promotion spots under the cap, short
 * codes, the settlement sweep, and quotas through Redis (when TUIKE_TEST_REDIS_URL is set).
 * Runs only when TUIKE_TEST_PG_URL is set (as in CI).
 *
 * Each process has its own --test-clock (moved by POST /admin/v1/clock/advance), so every step
 * that needs time to pass advances all three.
 */
import assert from 'node:assert/strict'

import { randomBytes } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { type ServeProcess, startServeProcess } from '@tuike/testkit'
import pg from 'pg'
import { parsePrometheus, total } from './prometheus.ts'

const pgUrl = process.env.TUIKE_TEST_PG_URL
const redisUrl = process.env.TUIKE_TEST_REDIS_URL
const KEY = 'tka_multi-instance-test-admin-key-000'
const GRACE = 300
const DELAY = 3600

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    return await fn(c)
  } finally {
    await c.end()
  }
}

function start(dbUrl: string, extra: string[] = []): Promise<ServeProcess> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('TUIKE_')),
  )
  return startServeProcess(
    [
      '--port',
      '0',
      '--db',
      dbUrl,
      '--admin-key',
      KEY,
      '--test-clock',
      '--settlement-delay',
      String(DELAY),
      '--pg-pool-max',
      '5',
      '--pg-statement-timeout',
      '30000',
      '--shutdown-timeout',
      '5',
      ...(redisUrl ? ['--redis', redisUrl] : []),
      ...extra,
    ],
    // A cluster starts its primary, then its workers: slower on a loaded machine.
    { env, timeoutMs: extra.includes('--workers') ? 180_000 : 60_000 },
  )
}

/** The suite over three instances of `workers` serving processes each. */
const threeInstances = (workers: number) =>
  describe(`three tuike serve --workers ${workers} instances over one PostgreSQL`, {
    skip: !pgUrl && 'TUIKE_TEST_PG_URL unset',
  }, () => {
    const name = `tuike_multi_${process.pid}_${randomBytes(3).toString('hex')}`
    let dbUrl: string
    let nodes: ServeProcess[] = []
    let promoter: { appid: string; secret: string }

    const admin = async (i: number, method: string, path: string, body?: unknown) => {
      const res = await fetch(`${nodes[i]!.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      return { status: res.status, body: (await res.json()) as any }
    }
    const get = async (i: number, path: string, token: string, q: Record<string, string> = {}) =>
      (await (
        await fetch(`${nodes[i]!.url}${path}?${new URLSearchParams({ ...q, access_token: token })}`)
      ).json()) as any
    const post = async (i: number, path: string, token: string, body: unknown) =>
      (await (
        await fetch(`${nodes[i]!.url}${path}?access_token=${encodeURIComponent(token)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
      ).json()) as any
    const token = async (i: number, who = promoter) =>
      (
        (await (
          await fetch(
            `${nodes[i]!.url}/cgi-bin/token?grant_type=client_credential&appid=${who.appid}&secret=${who.secret}`,
          )
        ).json()) as any
      ).access_token as string
    /** Move every instance's clock; returns how many orders each one's sweep settled. */
    const advanceAll = async (seconds: number) =>
      Promise.all(
        nodes.map(async (_, i) => {
          const r = await admin(i, 'POST', '/admin/v1/clock/advance', { seconds })
          assert.equal(r.status, 200, JSON.stringify(r.body))
          return r.body.settled as number
        }),
      )

    before(async () => {
      await withClient(pgUrl!, (c) => c.query(`create database ${name}`))
      const u = new URL(pgUrl!)
      u.pathname = `/${name}`
      dbUrl = u.toString()
      // All three start at once on the empty database.
      const w = ['--workers', String(workers)]
      nodes = await Promise.all([start(dbUrl, w), start(dbUrl, w), start(dbUrl, w)])
      const created = await admin(0, 'POST', '/admin/v1/promoters', { name: '多实例' })
      assert.equal(created.status, 201)
      promoter = created.body
    })

    after(async () => {
      await Promise.all(
        nodes.map(
          (n) =>
            new Promise<void>((resolve) => {
              if (n.child.exitCode !== null) return resolve()
              n.child.once('exit', () => resolve())
              n.child.kill('SIGKILL')
            }),
        ),
      )
      await withClient(pgUrl!, (c) => c.query(`drop database if exists ${name} with (force)`))
    })

    test('starting together: migrations applied once, the demo data seeded by one instance', async () => {
      assert.equal(nodes.filter((n) => /secret: +[0-9a-f]{32}/.test(n.out)).length, 1)
      await withClient(dbUrl, async (c) => {
        const m = await c.query(
          'select name, count(*)::int as n from kysely_migration group by name',
        )
        assert.ok(m.rows.length >= 5)
        assert.ok(m.rows.every((r) => r.n === 1))
        const demo = await c.query(
          `select count(*)::int as n from promoters where name = 'Demo 推客'`,
        )
        assert.equal(demo.rows[0].n, 1)
        const products = await c.query('select count(*)::int as n from products')
        assert.ok(products.rows[0].n >= 1000, `${products.rows[0].n} products`)
      })
    })

    test('a token issued by one instance is valid on all', async () => {
      const t = await token(1)
      const lists = await Promise.all(
        nodes.map((_, i) => get(i, '/union/promoter/promotion/list', t)),
      )
      assert.deepEqual(
        lists.map((l) => l.errcode),
        [0, 0, 0],
      )
    })

    test('a classic refresh on one instance invalidates the old token everywhere after the grace', async () => {
      const old = await token(0)
      const fresh = await token(2)
      assert.notEqual(old, fresh)
      const codes = async (t: string) =>
        (await Promise.all(nodes.map((_, i) => get(i, '/union/promoter/promotion/list', t)))).map(
          (l) => l.errcode,
        )
      assert.deepEqual(await codes(old), [0, 0, 0], 'the old token works during the grace')
      // Past the grace on every clock (the clocks started a few ms to seconds apart).
      await advanceAll(GRACE + 30)
      assert.deepEqual(await codes(old), [40001, 40001, 40001])
      assert.deepEqual(await codes(fresh), [0, 0, 0])
    })

    test('concurrent promotion/add across instances: unique names, promotionMaxCnt respected', async () => {
      const cap = 12
      assert.equal(
        (await admin(1, 'PATCH', `/admin/v1/promoters/${promoter.appid}`, { promotionMaxCnt: cap }))
          .body.promotionMaxCnt,
        cap,
      )
      const tokens = await Promise.all(nodes.map((_, i) => token(i)))
      const t = tokens[2]! // the latest; the others are in their grace
      // 30 distinct names and the same name 9 times, spread over the instances.
      const names = [
        ...Array.from({ length: 30 }, (_, i) => `位${i}`),
        ...Array.from({ length: 9 }, () => '同名'),
      ]
      const results = await Promise.all(
        names.map((n, i) =>
          post(i % 3, '/union/promoter/promotion/add', t, { promotionSourceName: n }),
        ),
      )
      const ok = results.filter((r) => r.errcode === 0)
      assert.equal(ok.length, cap, JSON.stringify(results.map((r) => r.errcode)))
      assert.ok(results.every((r) => [0, 14005, 14007].includes(r.errcode)))
      assert.ok(results.filter((r) => r.errcode === 0 && r.pid).length === cap)
      const list = await get(0, '/union/promoter/promotion/list', t, { start: '0', limit: '100' })
      assert.equal(list.total, cap)
      const listed = list.promotionSourceList.map((s: any) => s.promotionSourceName)
      assert.equal(new Set(listed).size, cap, 'names are unique')
      assert.equal(
        new Set(list.promotionSourceList.map((s: any) => s.promotionSourcePid)).size,
        cap,
        'pids are unique',
      )
    })

    test('the same generate request on two instances gives the same short code', async () => {
      const t = await token(0)
      const list = await get(0, '/union/promoter/promotion/list', t, { start: '0', limit: '1' })
      const pid = list.promotionSourceList[0].promotionSourcePid
      const products = await get(1, '/union/promoter/product/list', t, { from: '0', limit: '3' })
      assert.equal(products.errcode, 0)
      const productList = products.productList.map((p: any) => ({
        productId: p.productId,
        appId: p.shopInfo.appId,
        customizeInfo: 'u-1',
      }))
      const body = { pid, productList }
      const [a, b, c] = await Promise.all([
        post(0, '/union/promoter/product/generate', t, body),
        post(1, '/union/promoter/product/generate', t, body),
        post(2, '/union/promoter/product/generate', t, body),
      ])
      assert.equal(a.errcode, 0, JSON.stringify(a))
      const codes = (r: any) => r.list.map((m: any) => m.shareInfo.promotionUrl.split('/s/')[1])
      assert.deepEqual(codes(a), codes(b))
      assert.deepEqual(codes(a), codes(c))
      await withClient(dbUrl, async (db) => {
        const rows = await db.query(
          'select count(*)::int as n from materials where code = any($1)',
          [codes(a)],
        )
        assert.equal(rows.rows[0].n, productList.length, 'one stored material per code')
      })
    })

    test('the settlement sweep settles each order once (commissionStatusUpdateTime set once)', async () => {
      const t = await token(1)
      const list = await get(1, '/union/promoter/promotion/list', t, { start: '0', limit: '1' })
      const pid = list.promotionSourceList[0].promotionSourcePid
      const products = await get(1, '/union/promoter/product/list', t, { from: '0', limit: '1' })
      const p = products.productList[0]
      const gen = await post(2, '/union/promoter/product/generate', t, {
        pid,
        productList: [{ productId: p.productId, appId: p.shopInfo.appId }],
      })
      const code = gen.list[0].shareInfo.promotionUrl.split('/s/')[1]
      await withClient(dbUrl, (db) =>
        db.query(
          'update skus set stock = 1000000 where product_pk = (select pk from products where id = $1)',
          [p.productId],
        ),
      )
      const N = 24
      const bought = await Promise.all(
        Array.from({ length: N }, (_, i) => admin(i % 3, 'POST', '/admin/v1/purchases', { code })),
      )
      assert.ok(
        bought.every((r) => r.status === 201),
        JSON.stringify(bought.map((r) => r.body)),
      )
      const ids = bought.map((r) => r.body.orderId as string)
      assert.equal(new Set(ids).size, N)
      const confirmed = await Promise.all(
        ids.map((id, i) => admin((i + 1) % 3, 'POST', `/admin/v1/orders/${id}/confirm-receipt`)),
      )
      assert.ok(confirmed.every((r) => r.status === 200))

      // Every instance sweeps at once after the delay: together they settle each order once.
      const settled = await advanceAll(DELAY + 60)
      assert.equal(
        settled.reduce((x, y) => x + y, 0),
        N,
        `settled per instance: ${settled}`,
      )
      const statusOf = async (i: number, id: string) => {
        const o = (await admin(i, 'GET', `/admin/v1/orders/${id}`)).body
        return o.productList.map(
          (l: any) => `${l.commissionStatus}@${l.commissionStatusUpdateTime}`,
        )
      }
      const first = await Promise.all(ids.map((id, i) => statusOf(i % 3, id)))
      for (const s of first.flat()) assert.match(s, /^SETTLEMENT_SUCCESS@\d+$/)
      // Later sweeps on every instance change nothing.
      assert.deepEqual(await advanceAll(120), [0, 0, 0])
      const again = await Promise.all(ids.map((id, i) => statusOf((i + 2) % 3, id)))
      assert.deepEqual(again, first)
    })

    test('quotas hold across instances through Redis', {
      skip: !redisUrl && 'TUIKE_TEST_REDIS_URL unset',
    }, async () => {
      const q = (await admin(0, 'POST', '/admin/v1/promoters', { name: '配额' })).body
      // A daily quota: the instances' test clocks are a moment apart, and a day window makes a
      // boundary between them practically impossible (a minute window is covered in quota.test.ts).
      const limit = 11
      await admin(1, 'PATCH', `/admin/v1/promoters/${q.appid}`, {
        dailyQuota: limit,
        minuteQuota: 0,
      })
      const t = await token(2, q)
      const codes = (
        await Promise.all(
          Array.from({ length: 36 }, (_, i) => get(i % 3, '/union/promoter/promotion/list', t)),
        )
      ).map((r) => r.errcode)
      assert.equal(codes.filter((c) => c === 0).length, limit, JSON.stringify(codes))
      assert.equal(codes.filter((c) => c === 45009).length, 36 - limit)
    })

    test('each instance exposes its own /metrics: summed, the counters equal the traffic sent', async () => {
      const who = (await admin(0, 'POST', '/admin/v1/promoters', { name: '指标' })).body
      const t = await token(1, who)
      const scrape = () =>
        Promise.all(
          nodes.map(async (n) =>
            parsePrometheus(
              await (
                await fetch(`${n.url}/metrics`, { headers: { authorization: `Bearer ${KEY}` } })
              ).text(),
            ),
          ),
        )
      const sum = (ms: Awaited<ReturnType<typeof scrape>>, labels: Record<string, string>) =>
        ms.reduce((s, m) => s + total(m, 'tuike_http_requests_total', labels), 0)
      const list = { endpoint: 'promotion/list' }
      const before = await scrape()
      await Promise.all(
        Array.from({ length: 30 }, (_, i) => get(i % 3, '/union/promoter/promotion/list', t)),
      )
      await Promise.all(
        Array.from({ length: 4 }, (_, i) => get(i % 3, '/union/promoter/promotion/list', 'bad')),
      )
      const after = await scrape()
      assert.equal(
        sum(after, { ...list, errcode: '0' }) - sum(before, { ...list, errcode: '0' }),
        30,
      )
      assert.equal(
        sum(after, { ...list, errcode: '40001' }) - sum(before, { ...list, errcode: '40001' }),
        4,
      )
      // Each served its share, and counts only its own.
      for (let i = 0; i < 3; i++)
        assert.equal(
          total(after[i]!, 'tuike_http_requests_total', { ...list, errcode: '0' }) -
            total(before[i]!, 'tuike_http_requests_total', { ...list, errcode: '0' }),
          10,
        )
      // Shared state reads the same everywhere; each process reports its own pool.
      const depths = after.map((m) => total(m, 'tuike_webhook_queue_depth'))
      assert.equal(new Set(depths).size, 1, JSON.stringify(depths))
      for (const m of after) {
        // An instance's /metrics combines its workers: their pools and their count add up.
        assert.equal(total(m, 'tuike_db_pool_connections', { state: 'max' }), 5 * workers)
        assert.equal(total(m, 'tuike_workers'), workers)
      }
    })

    test('rotating a secret on one instance ends every token of the account on every instance at once', async () => {
      const who = (await admin(0, 'POST', '/admin/v1/promoters', { name: '轮换' })).body
      const classic = await token(1, who)
      const stableOf = async (i: number, secret: string) =>
        (await (
          await fetch(`${nodes[i]!.url}/cgi-bin/stable_token`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ grant_type: 'client_credential', appid: who.appid, secret }),
          })
        ).json()) as any
      const stable = (await stableOf(2, who.secret)).access_token as string
      const list = '/union/promoter/promotion/list'
      for (let i = 0; i < 3; i++) {
        assert.equal((await get(i, list, classic)).errcode, 0)
        assert.equal((await get(i, list, stable)).errcode, 0)
      }
      const rotated = await admin(0, 'POST', `/admin/v1/promoters/${who.appid}/rotate-secret`)
      assert.equal(rotated.status, 200)
      // No grace, no cache: the very next call on every instance is refused.
      for (let i = 0; i < 3; i++) {
        assert.equal((await get(i, list, classic)).errcode, 40001, `classic on ${i}`)
        assert.equal((await get(i, list, stable)).errcode, 40001, `stable on ${i}`)
      }
      const renewed = await stableOf(1, rotated.body.secret)
      assert.ok(renewed.access_token, JSON.stringify(renewed))
      assert.notEqual(renewed.access_token, stable)
      assert.equal((await stableOf(2, who.secret)).errcode, 40001, 'the old secret')
      for (let i = 0; i < 3; i++)
        assert.equal((await get(i, list, renewed.access_token)).errcode, 0)
    })

    test('SIGTERM drains and every instance exits 0', async () => {
      const codes = await Promise.all(
        nodes.map(
          (n) =>
            new Promise<number | null>((resolve) => {
              n.child.once('exit', (code) => resolve(code))
              n.child.kill('SIGTERM')
            }),
        ),
      )
      assert.deepEqual(codes, [0, 0, 0])
    })
  })

threeInstances(1)
// The same guarantees hold inside a multi-worker instance (requests land on either worker).
threeInstances(2)

describe('two instances started together with --seed demo on an empty PostgreSQL', {
  skip: !pgUrl && 'TUIKE_TEST_PG_URL unset',
}, () => {
  const name = `tuike_seed_${process.pid}_${randomBytes(3).toString('hex')}`
  let dbUrl: string
  const nodes: ServeProcess[] = []
  before(async () => {
    await withClient(pgUrl!, (c) => c.query(`create database ${name}`))
    const u = new URL(pgUrl!)
    u.pathname = `/${name}`
    dbUrl = u.toString()
  })
  after(async () => {
    for (const n of nodes) if (n.child.exitCode === null) n.child.kill('SIGKILL')
    await withClient(pgUrl!, (c) => c.query(`drop database if exists ${name} with (force)`))
  })

  const demoRows = () =>
    withClient(dbUrl, async (c) => ({
      promoters: (
        await c.query(`select count(*)::int as n from promoters where name = 'Demo 推客'`)
      ).rows[0].n as number,
      products: (await c.query('select count(*)::int as n from products')).rows[0].n as number,
      orders: (await c.query('select count(*)::int as n from orders')).rows[0].n as number,
    }))

  test('both start; the demo data is seeded once, and a later start with the flag adds none', async () => {
    nodes.push(
      ...(await Promise.all([start(dbUrl, ['--seed', 'demo']), start(dbUrl, ['--seed', 'demo'])])),
    )
    const seeded = nodes.filter((n) => /secret: +[0-9a-f]{32}/.test(n.out))
    assert.equal(seeded.length, 1, nodes.map((n) => n.out).join('\n---\n'))
    const once = await demoRows()
    assert.equal(once.promoters, 1)
    assert.ok(once.products >= 1000, `${once.products} products`)
    assert.ok(once.orders > 0)
    nodes.push(await start(dbUrl, ['--seed', 'demo']))
    assert.doesNotMatch(nodes[2]!.out, /secret: +[0-9a-f]{32}/)
    assert.deepEqual(await demoRows(), once)
  })
})
