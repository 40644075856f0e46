/**
 * The SDK's retry rules against a real Tuike server over real sockets, with faults injected by
 * the sandbox's fault rules (docs/sandbox.md): safe calls retry with backoff and succeed, unsafe
 * ones are never repeated blindly, token errors refresh once, and nothing is lost or doubled.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { FaultRuleInput } from '@tuike/contract'
import {
  createTestPlatform,
  DIALECTS,
  type Listening,
  listen,
  type TestPlatform,
} from '@tuike/testkit'
import {
  AccessTokenError,
  APIConnectionTimeoutError,
  RateLimitError,
  SystemBusyError,
  TuikeClient,
} from '../src/index.ts'

for (const dialect of DIALECTS) {
  describe(`${dialect}: SDK retries against injected faults`, () => {
    let p: TestPlatform
    let server: Listening
    let url: string

    before(async () => {
      p = await createTestPlatform(dialect)
      server = await listen(p.app)
      url = server.url
    })
    after(async () => {
      await server.close()
      await p.close()
    })

    /** A client of a fresh account over the socket, recording token calls and backoff delays. */
    const account = async (options: ConstructorParameters<typeof TuikeClient>[0] = {}) => {
      const { appid, secret } = await p.promoter()
      const seen = { tokenCalls: 0, delays: [] as number[] }
      const client = new TuikeClient({
        appId: appid,
        appSecret: secret,
        baseURL: url,
        random: () => 0,
        sleep: async (ms) => {
          seen.delays.push(ms)
        },
        fetch: (input, init) => {
          if (input.includes('/cgi-bin/')) seen.tokenCalls++
          return fetch(input, init)
        },
        ...options,
      })
      return { client, appid, seen }
    }
    const rule = (body: Record<string, unknown>) =>
      p.services.faults.create(FaultRuleInput.parse(body))
    const counters = async (faultId: string) => {
      const r = (await p.services.faults.list()).find((f) => f.faultId === faultId)!
      return { matched: r.matched, fired: r.fired }
    }

    test('a read rides out 45011 and -1 with backoff 0.5 s, 1 s', async () => {
      const { client, appid, seen } = await account()
      for (const errcode of [45011, -1]) {
        seen.delays.length = 0
        const { faultId } = await rule({
          kind: 'errcode',
          errcode,
          appid,
          endpoint: 'product/category',
          times: 2,
        })
        assert.equal((await client.products.categories()).errcode, 0)
        assert.deepEqual(seen.delays, [500, 1000])
        assert.deepEqual(await counters(faultId), { matched: 3, fired: 2 })
      }
      await rule({ kind: 'errcode', errcode: 45011, appid, endpoint: 'product/category', times: 3 })
      await assert.rejects(
        client.products.categories(),
        RateLimitError,
        'maxRetries 2: three faults win',
      )
    })

    test('a read rides out dropped connections and timeouts', async () => {
      const { client, appid } = await account()
      await client.products.categories()
      const drop = await rule({ kind: 'drop', appid, endpoint: 'product/category', times: 2 })
      assert.equal((await client.products.categories()).errcode, 0)
      assert.deepEqual(await counters(drop.faultId), { matched: 3, fired: 2 })
      // The attempt stalls well past its timeout; the retry answers.
      const slow = await rule({
        kind: 'latency',
        latencyMs: 5000,
        appid,
        endpoint: 'product/category',
        times: 1,
      })
      assert.equal((await client.products.categories({ timeout: 1000 })).errcode, 0)
      assert.deepEqual(await counters(slow.faultId), { matched: 2, fired: 1 })
    })

    test('a write is never repeated after an answer or a timeout; nothing is lost or doubled', async () => {
      const { client, appid } = await account()
      const total = async () => (await client.promotions.list()).total
      for (const errcode of [-1, 45011]) {
        const f = await rule({
          kind: 'errcode',
          errcode,
          appid,
          endpoint: 'promotion/add',
          times: 1,
        })
        await assert.rejects(
          client.promotions.create({ promotionSourceName: `e${errcode}` }),
          errcode === -1 ? SystemBusyError : RateLimitError,
        )
        assert.deepEqual(await counters(f.faultId), { matched: 1, fired: 1 }, 'sent once')
      }
      assert.equal(await total(), 0, 'a faulted write did not happen')
      // A delayed write that answers did happen, even though the client stopped waiting.
      const slow = await rule({
        kind: 'latency',
        latencyMs: 3000,
        appid,
        endpoint: 'promotion/add',
        times: 1,
      })
      await assert.rejects(
        client.promotions.create({ promotionSourceName: 'slow' }, { timeout: 1000 }),
        APIConnectionTimeoutError,
      )
      assert.deepEqual(await counters(slow.faultId), { matched: 1, fired: 1 }, 'not retried')
      // The server finishes the delayed write after the client gave up; wait for it by polling.
      while ((await total()) === 0) await new Promise((r) => setTimeout(r, 50))
      // A dropped connection got no answer and the write did not happen: one retry is safe.
      const drop = await rule({ kind: 'drop', appid, endpoint: 'promotion/add', times: 1 })
      await client.promotions.create({ promotionSourceName: 'dropped' })
      assert.deepEqual(await counters(drop.faultId), { matched: 2, fired: 1 })
      const names = (await client.promotions.list()).promotionSourceList.map(
        (s) => s.promotionSourceName,
      )
      assert.deepEqual(names.sort(), ['dropped', 'slow'])
    })

    test('a token made invalid elsewhere is refreshed once and the call replayed', async () => {
      const { client, appid, seen } = await account()
      await client.products.categories()
      assert.equal(seen.tokenCalls, 1)
      for (const errcode of [40001, 42001]) {
        const f = await rule({ kind: 'invalidate-tokens', errcode, appid, times: 1 })
        assert.equal((await client.products.categories()).errcode, 0)
        // The replay after the refresh matches the rule again, which has fired its one time.
        assert.deepEqual(await counters(f.faultId), { matched: 2, fired: 1 })
      }
      assert.equal(seen.tokenCalls, 3, 'one token call per invalidation')
      // A token error that persists is refreshed once and replayed once, then reported: no loop.
      const f = await rule({
        kind: 'errcode',
        errcode: 40001,
        appid,
        endpoint: 'product/category',
        times: 5,
      })
      await assert.rejects(client.products.categories(), AccessTokenError)
      assert.deepEqual(await counters(f.faultId), { matched: 2, fired: 2 })
    })
  })
}
