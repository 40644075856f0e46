/**
 * /readyz names what keeps an instance from serving: the database, Redis (when quotas are counted
 * there) and the drain; /healthz stays up through all of them.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { createTuike, openDatabase, silentLogger } from '../src/index.ts'
import { redisQuota } from '../src/services/quota.ts'

const redisUrl = process.env.TUIKE_TEST_REDIS_URL

describe('readiness', () => {
  test('Redis failing, then draining, then the database gone: 503 naming each; /healthz stays 200', async () => {
    const database = await openDatabase('sqlite::memory:')
    let redisUp = true
    const { app, readiness } = await createTuike({
      db: database.db,
      log: silentLogger,
      quota: {
        take: async () => true,
        count: async () => 0,
        ping: async () => {
          if (!redisUp) throw new Error('connect ECONNREFUSED 127.0.0.1:6379')
        },
      },
    })
    const ready = async () => {
      const res = await app.request('/readyz')
      return { status: res.status, body: (await res.json()) as any }
    }
    assert.deepEqual(await ready(), {
      status: 200,
      body: {
        status: 'ready',
        checks: { database: 'ok', migrations: 'ok', redis: 'ok', draining: false },
      },
    })
    redisUp = false
    const noRedis = await ready()
    assert.equal(noRedis.status, 503)
    assert.equal(noRedis.body.checks.redis, 'failing: connect ECONNREFUSED 127.0.0.1:6379')
    redisUp = true
    readiness.drain()
    const draining = await ready()
    assert.equal(draining.status, 503)
    assert.deepEqual(draining.body.checks, {
      database: 'ok',
      migrations: 'ok',
      redis: 'ok',
      draining: true,
    })
    await database.close()
    const gone = await ready()
    assert.equal(gone.status, 503)
    assert.match(gone.body.checks.database, /^failing: /)
    assert.equal((await app.request('/healthz')).status, 200)
  })

  test('a real Redis answers the check', {
    skip: !redisUrl && 'TUIKE_TEST_REDIS_URL unset',
  }, async () => {
    const database = await openDatabase('sqlite::memory:')
    const quota = await redisQuota({ url: redisUrl!, prefix: `tuike:test:ready:${process.pid}:` })
    try {
      const { readiness } = await createTuike({ db: database.db, log: silentLogger, quota })
      const report = await readiness.check()
      assert.equal(report.checks.redis, 'ok')
      assert.equal(report.ready, true)
    } finally {
      await quota.close?.()
      await database.close()
    }
  })
})
