/**
 * Issue 15 item 3: failed secrets and admin keys are limited per account and per client address
 * (45011, refused before any hashing), and an unknown appid does the same work as a wrong secret.
 * The slow check is a counting fake and the clock a TestClock: the mechanism is asserted here,
 * the timings in bench/brute-force.ts.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { TestClock } from '../src/index.ts'
import { verifySecret } from '../src/security/hash.ts'
import { redisQuota } from '../src/services/quota.ts'
import { createTestPlatform, DIALECTS, type TestPlatform } from './support.ts'

const KEY = 'tka_brute-force-test-admin-key-00000'

for (const dialect of DIALECTS) {
  describe(`${dialect}: failed-credential limits`, () => {
    let p: TestPlatform
    const clock = new TestClock(Date.UTC(2026, 10, 1, 8, 0, 0))
    /** Stored hashes the slow check was asked about, in order. */
    const checked: string[] = []
    before(async () => {
      p = await createTestPlatform(dialect, {
        clock,
        config: { failedSecretLimit: 3, failedAddressLimit: 5 },
        verifySecret: (secret, stored) => {
          checked.push(stored)
          return verifySecret(secret, stored)
        },
      })
      await p.services.settings.ensureAdminKey(KEY)
    })
    after(() => p.close())

    /** Start of the next minute window, so each test starts with empty counters. */
    const nextWindow = () => clock.advance(60 - (Math.floor(clock.now() / 1000) % 60))
    const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } })
    const token = async (appid: string, secret: string, address = '203.0.113.1') =>
      (await (
        await p.app.request(
          `/cgi-bin/token?grant_type=client_credential&appid=${appid}&secret=${secret}`,
          undefined,
          from(address),
        )
      ).json()) as any
    const stable = async (appid: string, secret: string, address = '203.0.113.1') =>
      (await (
        await p.app.request(
          '/cgi-bin/stable_token',
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ grant_type: 'client_credential', appid, secret }),
          },
          from(address),
        )
      ).json()) as any
    const wrong = 'f'.repeat(32)

    test('after 3 wrong secrets for an appid, the 4th is refused with 45011 before hashing', async () => {
      nextWindow()
      const { appid, secret } = await p.services.promoters.create('target')
      for (let i = 0; i < 3; i++) {
        assert.equal((await token(appid, wrong, `198.51.100.${i}`)).errcode, 40001)
      }
      const before = checked.length
      const refused = await stable(appid, wrong, '198.51.100.9')
      assert.equal(refused.errcode, 45011)
      assert.match(refused.errmsg, /3 failed credentials per minute for appid wx[0-9a-f]{16}/)
      assert.match(refused.errmsg, /retry after \d+ s/)
      // The right secret, never verified on this instance, waits too: nothing is hashed.
      assert.equal((await token(appid, secret, '198.51.100.9')).errcode, 45011)
      assert.equal(checked.length, before, 'no verification while limited')
      clock.advance(60)
      assert.ok((await token(appid, secret)).access_token, 'the next minute lets it through')
    })

    test('a secret verified before the flood keeps working through the limit, without hashing', async () => {
      nextWindow()
      const { appid, secret } = await p.services.promoters.create('owner')
      assert.ok((await token(appid, secret)).access_token)
      for (let i = 0; i < 3; i++) await token(appid, wrong, `198.51.100.${20 + i}`)
      assert.equal((await token(appid, wrong)).errcode, 45011)
      const before = checked.length
      assert.ok((await token(appid, secret)).access_token)
      assert.ok((await stable(appid, secret)).access_token)
      assert.equal(checked.length, before, 'recognised without scrypt')
      // Rotation forgets it: the old secret is a wrong one again.
      const { secret: rotated } = await p.services.promoters.rotateSecret(appid)
      assert.equal((await token(appid, secret)).errcode, 45011)
      clock.advance(60)
      assert.equal((await token(appid, secret)).errcode, 40001)
      assert.ok((await token(appid, rotated)).access_token)
    })

    test('an unknown appid does the same verification as a wrong secret, and counts', async () => {
      nextWindow()
      const before = checked.length
      const unknown = 'wx00000000000000ab'
      assert.equal((await token(unknown, wrong, '192.0.2.50')).errcode, 40013)
      assert.equal(checked.length, before + 1, 'a dummy verification ran')
      assert.match(checked.at(-1)!, /^scrypt\$/)
      for (let i = 0; i < 2; i++) await token(unknown, wrong, '192.0.2.50')
      assert.equal((await token(unknown, wrong, '192.0.2.51')).errcode, 45011)
    })

    test('per client address: 5 failures on any appids refuse that address, not others', async () => {
      nextWindow()
      const a = await p.services.promoters.create('a')
      const b = await p.services.promoters.create('b')
      const guesser = '192.0.2.77'
      for (let i = 0; i < 5; i++) {
        const appid = i % 2 ? a.appid : `wx0000000000000${100 + i}`
        assert.notEqual((await token(appid, wrong, guesser)).errcode, 45011)
      }
      const refused = await token(b.appid, b.secret, guesser)
      assert.equal(refused.errcode, 45011)
      assert.match(refused.errmsg, /for this client address/)
      assert.ok((await token(b.appid, b.secret, '192.0.2.78')).access_token)
    })

    test('the admin key: wrong keys 401, then 429 45011; a key accepted before still works', async () => {
      nextWindow()
      const call = (key: string, address: string) =>
        p.app.request(
          '/admin/v1/promoters',
          { headers: { authorization: `Bearer ${key}` } },
          from(address),
        )
      assert.equal((await call(KEY, '10.0.0.1')).status, 200)
      for (let i = 0; i < 3; i++) {
        assert.equal((await call(`tka_${'x'.repeat(40)}${i}`, `10.0.1.${i}`)).status, 401)
      }
      const refused = await call(`tka_${'y'.repeat(40)}`, '10.0.2.1')
      assert.equal(refused.status, 429)
      const body = (await refused.json()) as any
      assert.equal(body.errcode, 45011)
      assert.match(body.errmsg, /for the admin key; nothing was checked, retry after \d+ s/)
      assert.equal((await call(KEY, '10.0.0.1')).status, 200, 'the operator is not locked out')
    })

    test('an admin key shorter than 32 characters is refused', async () => {
      await assert.rejects(
        p.services.settings.ensureAdminKey('tka_short'),
        /too short.*at least 32/,
      )
    })
  })
}

describe('failed-credential counts are shared by instances through Redis', {
  skip: !process.env.TUIKE_TEST_REDIS_URL && 'TUIKE_TEST_REDIS_URL unset',
}, () => {
  test('failures on one instance refuse the same appid on another', async () => {
    const clock = new TestClock(Date.UTC(2026, 10, 1, 8, 0, 0))
    const prefix = `tuike:test:${process.pid}:${Date.now()}:`
    const counters = await Promise.all(
      [0, 1].map(() => redisQuota({ url: process.env.TUIKE_TEST_REDIS_URL!, prefix })),
    )
    const [a, b] = await Promise.all(
      counters.map((quota) =>
        createTestPlatform('sqlite', { clock, quota, config: { failedSecretLimit: 3 } }),
      ),
    )
    try {
      const call = (q: TestPlatform) =>
        Promise.resolve(
          q.app.request(
            `/cgi-bin/token?grant_type=client_credential&appid=wx00000000000000cd&secret=${'e'.repeat(32)}`,
          ),
        ).then((r) => r.json() as Promise<any>)
      for (const q of [a!, b!, a!]) assert.equal((await call(q)).errcode, 40013)
      assert.equal((await call(b!)).errcode, 45011)
    } finally {
      await Promise.all([a!.close(), b!.close(), ...counters.map((c) => c.close?.())])
    }
  })
})
