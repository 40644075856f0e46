/**
 * Union quotas (union-api.md §15): off by default; server defaults per appid and endpoint per
 * minute (45011) and per day (45009); per-account overrides through the admin API; the token
 * endpoints and the union endpoints count through the same counter. The Redis counter runs
 * against TUIKE_TEST_REDIS_URL (skipped when unset), with a unique key prefix per run.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { TestClock } from '../src/clock.ts'
import { createTuike, silentLogger } from '../src/index.ts'
import { memoryQuota, type QuotaCounter, redisQuota } from '../src/services/quota.ts'
import { createTestPlatform, DIALECTS, type TestPlatform } from './support.ts'

const KEY = 'tka_test-admin-key-00000000000000000'
const LIST = '/union/promoter/promotion/list'
const redisUrl = process.env.TUIKE_TEST_REDIS_URL

function adminOf(p: TestPlatform) {
  return async (method: string, path: string, body?: unknown) => {
    const res = await p.app.request(path, {
      method,
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    return { status: res.status, body: (await res.json()) as any }
  }
}

async function calls(p: TestPlatform, token: string, n: number, path = LIST): Promise<number[]> {
  const codes: number[] = []
  for (let i = 0; i < n; i++)
    codes.push((await p.get(path, token, { page: 1, pageSize: 10 })).errcode)
  return codes
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: union quotas`, () => {
    test('off by default: many calls, no 45011/45009', async () => {
      const p = await createTestPlatform(dialect)
      try {
        const { token } = await p.promoter()
        const codes = await Promise.all(
          Array.from({ length: 60 }, () => p.get(LIST, token).then((b) => b.errcode)),
        )
        assert.deepEqual(new Set(codes), new Set([0]))
      } finally {
        await p.close()
      }
    })

    describe('server defaults and per-account overrides', () => {
      let p: TestPlatform
      const clock = new TestClock(Date.UTC(2026, 0, 5, 10, 0, 0))
      before(async () => {
        p = await createTestPlatform(dialect, {
          clock,
          config: { unionMinuteQuota: 3, unionDailyQuota: 5 },
        })
        await p.services.settings.ensureAdminKey(KEY)
      })
      after(() => p.close())

      test('per minute (45011) per endpoint, a new minute starts over, then per day (45009)', async () => {
        const { appid, secret, token } = await p.promoter()
        assert.deepEqual(await calls(p, token, 4), [0, 0, 0, 45011])
        const refused = await p.get(LIST, token)
        assert.match(refused.errmsg, /^api minute-quota reach limit rid: /)
        // Another endpoint has its own count.
        assert.equal((await p.get('/union/promoter/product/category', token)).errcode, 0)
        clock.advance(60)
        // Three refused calls were not counted: 3 + 2 = 5 for the day.
        assert.deepEqual(await calls(p, token, 3), [0, 0, 45009])
        clock.advance(60)
        assert.deepEqual(await calls(p, token, 1), [45009])
        clock.advance(86_400)
        const fresh = (await (
          await p.app.request(
            `/cgi-bin/token?grant_type=client_credential&appid=${appid}&secret=${secret}`,
          )
        ).json()) as any
        assert.deepEqual(await calls(p, fresh.access_token, 1), [0])
      })

      test('quotas are per appid', async () => {
        const a = await p.promoter('a')
        const b = await p.promoter('b')
        assert.deepEqual(await calls(p, a.token, 4), [0, 0, 0, 45011])
        assert.deepEqual(await calls(p, b.token, 3), [0, 0, 0])
      })

      test('an account quota wins over the default; 0 is none; null goes back to the default', async () => {
        clock.advance(86_400)
        const admin = adminOf(p)
        const { appid, token } = await p.promoter('override')
        const patched = await admin('PATCH', `/admin/v1/promoters/${appid}`, { minuteQuota: 1 })
        assert.equal(patched.status, 200)
        assert.equal(patched.body.minuteQuota, 1)
        assert.equal(patched.body.dailyQuota, null)
        assert.deepEqual(await calls(p, token, 2), [0, 45011])

        clock.advance(60)
        await admin('PATCH', `/admin/v1/promoters/${appid}`, { minuteQuota: 0, dailyQuota: 0 })
        assert.deepEqual(new Set(await calls(p, token, 8)), new Set([0]))
        assert.equal((await admin('GET', `/admin/v1/promoters/${appid}`)).body.minuteQuota, 0)

        clock.advance(60)
        await admin('PATCH', `/admin/v1/promoters/${appid}`, { minuteQuota: null, dailyQuota: 20 })
        assert.deepEqual(await calls(p, token, 4), [0, 0, 0, 45011])
        // promotionMaxCnt alone leaves the quotas as they are.
        const only = await admin('PATCH', `/admin/v1/promoters/${appid}`, { promotionMaxCnt: 9 })
        assert.equal(only.body.promotionMaxCnt, 9)
        assert.equal(only.body.dailyQuota, 20)
      })

      test('bad quota input is a 400', async () => {
        const admin = adminOf(p)
        const { appid } = await p.promoter('bad')
        for (const body of [{ minuteQuota: -1 }, { dailyQuota: 1.5 }, { dailyQuota: '5' }, {}]) {
          const r = await admin('PATCH', `/admin/v1/promoters/${appid}`, body)
          assert.equal(r.status, 400, JSON.stringify(body))
          assert.equal(r.body.errcode, 200002)
        }
      })
    })
  })
}

describe('redis quota counter', { skip: !redisUrl && 'TUIKE_TEST_REDIS_URL unset' }, () => {
  const prefix = `tuike:test:${process.pid}:${randomBytes(4).toString('hex')}:`
  let a: QuotaCounter
  let b: QuotaCounter
  before(async () => {
    // Two counters, as two instances would have.
    a = await redisQuota({ url: redisUrl!, prefix })
    b = await redisQuota({ url: redisUrl!, prefix })
  })
  after(async () => {
    const { Redis } = await import('ioredis')
    const r = new Redis(redisUrl!)
    const keys = await r.keys(`${prefix}*`)
    if (keys.length) await r.del(...keys)
    await r.quit()
    await a?.close?.()
    await b?.close?.()
  })

  test('concurrent takes through two connections never pass the limit', async () => {
    const now = 1_700_000_000
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => (i % 2 ? a : b).take('wx1:list', 37, 60, now)),
    )
    assert.equal(results.filter(Boolean).length, 37)
    // The next window starts over; the day window is separate.
    assert.equal(await a.take('wx1:list', 37, 60, now + 60), true)
    assert.equal(await b.take('wx1:list', 1, 86_400, now), true)
    assert.equal(await b.take('wx1:list', 1, 86_400, now), false)
  })

  test('keys expire after their window', async () => {
    const { Redis } = await import('ioredis')
    const r = new Redis(redisUrl!)
    try {
      await a.take('wx2:x', 5, 60, 1_700_000_000)
      const keys = await r.keys(`${prefix}wx2:*`)
      assert.equal(keys.length, 1)
      const ttl = await r.ttl(keys[0]!)
      assert.ok(ttl > 0 && ttl <= 120, `ttl ${ttl}`)
    } finally {
      await r.quit()
    }
  })

  test('an unreachable Redis fails the start', async () => {
    await assert.rejects(
      redisQuota({ url: 'redis://127.0.0.1:1', prefix }),
      /cannot reach Redis at redis:\/\/127\.0\.0\.1:1/,
    )
  })

  test('two apps over one database share union and token quotas through Redis', async () => {
    const p = await createTestPlatform('sqlite', {
      quota: a,
      config: { unionMinuteQuota: 4, tokenDailyQuota: 3 },
    })
    try {
      const other = await createTuike({
        db: p.database.db,
        quota: b,
        config: { unionMinuteQuota: 4, tokenDailyQuota: 3 },
        log: silentLogger,
      })
      const { appid, secret, token } = await p.promoter()
      const codes: number[] = []
      for (let i = 0; i < 6; i++) {
        const app = i % 2 ? other.app : p.app
        const res = await app.request(`${LIST}?access_token=${token}`)
        codes.push(((await res.json()) as any).errcode)
      }
      assert.equal(codes.filter((c) => c === 0).length, 4)
      assert.equal(codes.filter((c) => c === 45011).length, 2)
      // /cgi-bin/token: one call was made by p.promoter(); 2 more fit, then 45009 on either app.
      const tok = (app: typeof p.app) =>
        Promise.resolve(
          app.request(
            `/cgi-bin/token?grant_type=client_credential&appid=${appid}&secret=${secret}`,
          ),
        ).then((r) => r.json() as Promise<any>)
      assert.ok((await tok(other.app)).access_token)
      assert.ok((await tok(p.app)).access_token)
      assert.equal((await tok(other.app)).errcode, 45009)
    } finally {
      await p.close()
    }
  })
})

test('the in-process counter, swept of ended windows past 10,000 keys, keeps every live one', async () => {
  const q = memoryQuota()
  const day = 86_400
  assert.equal(await q.take('daily', 1, day, 1000), true)
  // A flood of client addresses, each its own minute window, over two minutes.
  for (let i = 0; i < 25_000; i++)
    await q.take(`buy:${i}`, 30, 60, 1000 + Math.floor(i / 12_500) * 60)
  assert.equal(await q.take('daily', 1, day, 1200), false, 'the day window survived the sweeps')
  assert.equal(await q.count('buy:24999', 60, 1060), 1, 'a live minute window survived')
})
