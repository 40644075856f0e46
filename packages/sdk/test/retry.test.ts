import assert from 'node:assert/strict'
import { test } from 'node:test'
import { APIConnectionError, RateLimitError, SystemBusyError, TuikeClient } from '../src/index.ts'
import { retryDelayMs } from '../src/internal/retry.ts'

/** A client whose fetch answers from `script` in order (then repeats the last) and counts. */
function scripted(script: (() => Response | Promise<Response>)[], options = {}) {
  const seen: { method: string; retry: string | null }[] = []
  const delays: number[] = []
  const client = new TuikeClient({
    accessToken: 'tok-xxxxxxxx',
    baseURL: 'https://api.test',
    maxRetries: 2,
    random: () => 0,
    sleep: async (ms) => {
      delays.push(ms)
    },
    fetch: async (_url, init) => {
      seen.push({
        method: init.method ?? 'GET',
        retry: new Headers(init.headers).get('x-tuike-retry-count'),
      })
      return script[Math.min(seen.length - 1, script.length - 1)]()
    },
    ...options,
  })
  return { client, seen, delays }
}
const busy = () => Response.json({ errcode: -1, errmsg: 'system error' })
const minute = () => Response.json({ errcode: 45011, errmsg: 'api minute-quota reach limit' })
const daily = () => Response.json({ errcode: 45009, errmsg: 'daily' })
const ok = () => Response.json({ errcode: 0, errmsg: 'ok', productCats: [] })
const refused = (): Response => {
  throw new TypeError('fetch failed')
}

test('a GET is retried on -1 with backoff 0.5 s, 1 s and the retry count header', async () => {
  const { client, seen, delays } = scripted([busy, busy, ok])
  await client.products.categories()
  assert.equal(seen.length, 3)
  assert.deepEqual(
    seen.map((s) => s.retry),
    ['0', '1', '2'],
  )
  assert.deepEqual(delays, [500, 1000])
})

test('a GET gives up after maxRetries and throws the last error', async () => {
  const { client, seen } = scripted([busy])
  await assert.rejects(client.products.categories(), SystemBusyError)
  assert.equal(seen.length, 3)
})

test('45011 is retried, 45009 is not', async () => {
  const a = scripted([minute, ok])
  await a.client.products.categories()
  assert.equal(a.seen.length, 2)
  const b = scripted([daily])
  await assert.rejects(b.client.products.categories(), RateLimitError)
  assert.equal(b.seen.length, 1)
})

test('a mutation is never retried once a response arrived (-1, 5xx, 45011)', async () => {
  for (const answer of [busy, minute, () => new Response('oops', { status: 503 })]) {
    const { client, seen } = scripted([answer, ok])
    await assert.rejects(client.promotions.create({ promotionSourceName: 'x' }))
    assert.equal(seen.length, 1)
  }
})

test('a mutation whose connection failed before any response is retried once', async () => {
  const { client, seen } = scripted([refused, refused, refused])
  await assert.rejects(client.promotions.create({ promotionSourceName: 'x' }), APIConnectionError)
  assert.equal(seen.length, 2)
  const again = scripted([refused, () => Response.json({ errcode: 0, pid: 'p' })])
  assert.equal((await again.client.promotions.create({ promotionSourceName: 'x' })).pid, 'p')
})

test('reads sent as POST (order/info) are retried like GETs', async () => {
  const { client, seen } = scripted([busy, () => Response.json({ errcode: 0, orderList: [] })])
  await client.orders.retrieve(['1'])
  assert.equal(seen.length, 2)
})

test('HTTP 5xx and connection errors are retried for GETs; maxRetries 0 disables it', async () => {
  const a = scripted([() => new Response('', { status: 502 }), refused, ok])
  await a.client.products.categories()
  assert.equal(a.seen.length, 3)
  const b = scripted([busy], { maxRetries: 0 })
  await assert.rejects(b.client.products.categories())
  assert.equal(b.seen.length, 1)
})

test('per-call maxRetries overrides the client', async () => {
  const { client, seen } = scripted([busy])
  await assert.rejects(client.products.categories({ maxRetries: 4 }))
  assert.equal(seen.length, 5)
})

test('the token call is retried', async () => {
  let n = 0
  const client = new TuikeClient({
    appId: 'wx1',
    appSecret: 'secret-xxxxxxxx',
    baseURL: 'https://api.test',
    sleep: async () => {},
    fetch: async (url) => {
      n++
      if (url.includes('/cgi-bin/')) {
        return n === 1 ? busy() : Response.json({ access_token: 'tok-xxxxxxxx', expires_in: 7200 })
      }
      return ok()
    },
  })
  await client.products.categories()
  assert.equal(n, 3)
})

test('backoff is min(0.5·2^n, 8) s minus up to 25 % jitter; Retry-After wins, capped at 60 s', () => {
  assert.deepEqual(
    [0, 1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(n, () => 0)),
    [500, 1000, 2000, 4000, 8000, 8000, 8000],
  )
  assert.equal(
    retryDelayMs(0, () => 1),
    375,
  )
  assert.equal(
    retryDelayMs(0, () => 0, new Headers({ 'retry-after': '3' })),
    3000,
  )
  assert.equal(
    retryDelayMs(0, () => 0, new Headers({ 'retry-after-ms': '250' })),
    250,
  )
  assert.equal(
    retryDelayMs(0, () => 0, new Headers({ 'retry-after': '600' })),
    60_000,
  )
})
