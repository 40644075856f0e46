/**
 * The real SDK against the real Tuike server, in process: `fetch` is the Hono app's request().
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { TestClock, UNSERVED } from '@tuike/server'
import { createTestPlatform, type TestPlatform } from '@tuike/testkit'
import {
  AccessTokenError,
  CredentialError,
  InvalidParamsError,
  PermissionDeniedError,
  PromotionConflictError,
  TuikeClient,
} from '../src/index.ts'

describe('sqlite: SDK against the in-process server', () => {
  let p: TestPlatform
  const clock = new TestClock(Date.UTC(2025, 0, 1))
  let tokenCalls = 0

  const sdk = async (options: ConstructorParameters<typeof TuikeClient>[0] = {}) => {
    const { appid, secret } = await p.promoter()
    const client = new TuikeClient({
      appId: appid,
      appSecret: secret,
      baseURL: 'http://tuike.test',
      fetch: async (input, init) => {
        if (input.includes('/cgi-bin/')) tokenCalls++
        return p.app.request(input, init)
      },
      now: () => clock.now(),
      sleep: async () => {},
      ...options,
    })
    return { client, appid, secret }
  }

  before(async () => {
    p = await createTestPlatform('sqlite', { clock })
  })
  after(() => p.close())

  test('stable and classic tokens are issued and work', async () => {
    for (const tokenMode of ['stable', 'classic'] as const) {
      const { client } = await sdk({ tokenMode })
      const list = await client.promotions.list()
      assert.equal(list.errcode, 0)
      assert.equal(list.total, 0)
    }
    const { client } = await sdk()
    const t = await client.tokens.retrieveStable()
    assert.equal(t.expires_in, 7200)
    assert.equal(typeof t.access_token, 'string')
  })

  test('a wrong secret is a CredentialError or AccessTokenError that names no secret', async () => {
    const { client, appid } = await sdk()
    const bad = client.withOptions({ appId: appid, appSecret: 'wrong-secret-0000000000' })
    const err = await bad.promotions.list().catch((e: unknown) => e as Error)
    assert.ok(err instanceof CredentialError || err instanceof AccessTokenError, String(err))
    assert.ok(!JSON.stringify(err).includes('wrong-secret-0000000000'))
    assert.ok(!(err.stack ?? '').includes('wrong-secret-0000000000'))
  })

  test('promotion spots: create, list, update, delete, listAll', async () => {
    const { client } = await sdk()
    const a = await client.promotions.create({ promotionSourceName: '首页' })
    assert.match(a.pid, /_\d+$/)
    const b = await client.promotions.create({ promotionSourceName: '朋友圈 100%' })
    const list = await client.promotions.list({ start: 0, limit: 20 })
    assert.deepEqual(
      list.promotionSourceList.map((s) => s.promotionSourceName),
      ['首页', '朋友圈 100%'],
    )
    await client.promotions.update({
      previousPromotionInfo: { promotionSourcePid: b.pid, promotionSourceName: '朋友圈 100%' },
      promotionInfo: { promotionSourceName: '群' },
    })
    await client.promotions.delete({ promotionSourcePid: a.pid, promotionSourceName: '首页' })
    const all = []
    for await (const s of client.promotions.listAll({ limit: 1 })) all.push(s)
    assert.deepEqual(all, [{ promotionSourceName: '群', promotionSourcePid: b.pid }])
  })

  test('documented failures: 14007, 14005, 200002', async () => {
    const { client, appid } = await sdk()
    await client.promotions.create({ promotionSourceName: 'A' })
    const dup = await client.promotions.create({ promotionSourceName: 'A' }).catch((e) => e)
    assert.ok(dup instanceof PromotionConflictError)
    assert.equal(dup.errcode, 14007)
    assert.match(dup.requestId ?? '', /^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/)
    assert.equal(dup.path.includes('access_token=[REDACTED]'), true)

    await p.services.promoters.setPromotionMaxCnt(appid, 1)
    const full = await client.promotions.create({ promotionSourceName: 'B' }).catch((e) => e)
    assert.ok(full instanceof PromotionConflictError)
    assert.equal(full.errcode, 14005)

    const long = await client.promotions
      .create({ promotionSourceName: '推'.repeat(21) })
      .catch((e) => e)
    assert.ok(long instanceof InvalidParamsError)
    assert.equal(long.errcode, 200002)
    const wrong = await client.promotions
      .delete({ promotionSourcePid: 'nope_1', promotionSourceName: 'A' })
      .catch((e: unknown) => e)
    assert.ok(wrong instanceof InvalidParamsError)
    assert.equal(wrong.errcode, 200002)
  })

  test('an expired token (server clock moved) is refreshed and the call replayed once', async () => {
    // The SDK's clock stays put while the server's moves, so the SDK sends its cached token,
    // gets 42001, refreshes once and replays.
    const frozen = clock.now()
    const { client } = await sdk({ now: () => frozen })
    await client.promotions.list()
    const before = tokenCalls
    clock.advance(7200 + 10)
    const r = await client.promotions.list()
    assert.equal(r.errcode, 0)
    assert.equal(tokenCalls - before, 1)
  })

  test('1,000 concurrent SDK calls against the server make one token request', async () => {
    const { client } = await sdk()
    const before = tokenCalls
    const results = await Promise.all(Array.from({ length: 1000 }, () => client.promotions.list()))
    assert.ok(results.every((r) => r.errcode === 0))
    assert.equal(tokenCalls - before, 1)
  })

  test('served product endpoints answer through the SDK (Chinese keyword encoded once)', async () => {
    const { client } = await sdk()
    const cats = await client.products.categories()
    assert.equal(cats.errcode, 0)
    assert.ok(Array.isArray(cats.productCats))
    const list = await client.products.list({ from: 0, limit: 5, query: '洗衣液 100%' })
    assert.equal(list.errcode, 0)
    assert.ok(Array.isArray(list.productList))
    const over = await client.products.list({ from: 0, limit: 51 }).catch((e) => e)
    assert.ok(over instanceof InvalidParamsError)
  })

  test('an unserved endpoint answers 48001: PermissionDeniedError, no token refresh', async () => {
    if (!UNSERVED.includes('open_account/get')) return
    const { client } = await sdk()
    await client.promotions.list()
    const before = tokenCalls
    const err = await client.openAccount.retrieve().catch((e) => e)
    assert.ok(err instanceof PermissionDeniedError)
    assert.equal(err.errcode, 48001)
    assert.equal(tokenCalls, before)
  })
})
