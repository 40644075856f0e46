import assert from 'node:assert/strict'
import { test } from 'node:test'
import { AccessTokenError, MemoryTokenStore, PermissionDeniedError } from '../src/index.ts'
import { type Recorded, recordingClient } from './support.ts'

const isToken = (r: Recorded) => r.url.pathname.startsWith('/cgi-bin/')
const tokenOf = (r: Recorded) => r.url.searchParams.get('access_token')

test('1,000 concurrent calls on an expired token cause exactly one token request', async () => {
  let now = 1_000_000_000_000
  const store = new MemoryTokenStore()
  store.set(`tuike:token:stable:wx0123456789abcdef@https://api.test`, {
    token: 'OLD-expired-token',
    expiresAt: now - 1,
  })
  let issued = 0
  const { client, calls } = recordingClient(
    async (req) => {
      if (isToken(req)) {
        issued++
        await new Promise((r) => setTimeout(r, 5))
        return { access_token: `NEW-token-${issued}`, expires_in: 7200 }
      }
      return { errcode: 0, errmsg: '', promotionSourceList: [], total: 0, promotionMaxCnt: 100 }
    },
    { tokenStore: store, now: () => now },
  )
  await Promise.all(Array.from({ length: 1000 }, () => client.promotions.list()))
  assert.equal(calls.filter(isToken).length, 1)
  const used = new Set(calls.filter((c) => !isToken(c)).map(tokenOf))
  assert.deepEqual([...used], ['NEW-token-1'])
  now += 1000
})

test('a token within 5 minutes of expiry is refreshed before the call', async () => {
  let now = 1_000_000_000_000
  let n = 0
  const { client, calls } = recordingClient(
    (req) =>
      isToken(req) ? { access_token: `T-${++n}-xxxxxxxx`, expires_in: 7200 } : { errcode: 0 },
    { now: () => now },
  )
  await client.openAccount.retrieve()
  now += (7200 - 301) * 1000
  await client.openAccount.retrieve()
  assert.equal(calls.filter(isToken).length, 1, 'still 301 s left: cached')
  now += 2000
  await client.openAccount.retrieve()
  assert.equal(calls.filter(isToken).length, 2, '299 s left: refreshed')
  assert.equal(tokenOf(calls.at(-1)!), 'T-2-xxxxxxxx')
})

for (const code of [40001, 40014, 42001]) {
  test(`${code} refreshes once and replays once; the replay is not a retry`, async () => {
    let n = 0
    const { client, calls, api } = recordingClient(
      (req) => {
        if (isToken(req)) return { access_token: `T-${++n}-xxxxxxxx`, expires_in: 7200 }
        if (tokenOf(req) === 'T-1-xxxxxxxx') return { errcode: code, errmsg: `bad rid: 1-2-3` }
        return { errcode: 0, errmsg: 'ok', pid: 'p_1' }
      },
      { maxRetries: 0 },
    )
    const r = await client.promotions.create({ promotionSourceName: '首页' })
    assert.equal(r.pid, 'p_1')
    assert.equal(calls.filter(isToken).length, 2)
    assert.equal(api().length, 2)
    assert.equal(api()[0].body, api()[1].body, 'same body bytes replayed')
    assert.equal(api()[1].headers.get('x-tuike-retry-count'), '0')
  })
}

test('a second token error is surfaced, not retried again', async () => {
  let n = 0
  const { client, calls, api } = recordingClient((req) =>
    isToken(req)
      ? { access_token: `T-${++n}-xxxxxxxx`, expires_in: 7200 }
      : { errcode: 42001, errmsg: 'access_token expired' },
  )
  await assert.rejects(client.promotions.list(), AccessTokenError)
  assert.equal(api().length, 2)
  assert.equal(calls.filter(isToken).length, 2)
})

test('48001 never refreshes the token', async () => {
  const { client, calls, api } = recordingClient((req) =>
    isToken(req)
      ? { access_token: 'T-only-xxxxxxxx', expires_in: 7200 }
      : { errcode: 48001, errmsg: 'api unauthorized' },
  )
  await assert.rejects(client.products.categories(), PermissionDeniedError)
  assert.equal(api().length, 1)
  assert.equal(calls.filter(isToken).length, 1)
})

test('compare-and-swap: a refresh for a token that was already replaced fetches nothing', async () => {
  let n = 0
  const { client, calls } = recordingClient((req) =>
    isToken(req) ? { access_token: `T-${++n}-xxxxxxxx`, expires_in: 7200 } : { errcode: 0 },
  )
  const first = await client.accessToken()
  const second = await client.accessToken(first)
  assert.equal(second, 'T-2-xxxxxxxx')
  const again = await client.accessToken(first)
  assert.equal(again, 'T-2-xxxxxxxx', 'stale failure: the cached newer token is returned')
  assert.equal(calls.filter(isToken).length, 2)
})

test('concurrent token errors on one token cause one refresh', async () => {
  let n = 0
  const { client, calls, api } = recordingClient(async (req) => {
    if (isToken(req)) {
      await new Promise((r) => setTimeout(r, 2))
      return { access_token: `T-${++n}-xxxxxxxx`, expires_in: 7200 }
    }
    return tokenOf(req) === 'T-1-xxxxxxxx' ? { errcode: 40001, errmsg: 'x' } : { errcode: 0 }
  })
  await client.accessToken()
  await Promise.all(Array.from({ length: 100 }, () => client.openAccount.retrieve()))
  assert.equal(calls.filter(isToken).length, 2)
  assert.equal(api().length, 200)
})

test('stable mode forces a refresh only when normal mode returns the token that failed', async () => {
  const bodies: unknown[] = []
  let forced = false
  const { client } = recordingClient((req) => {
    if (isToken(req)) {
      const b = JSON.parse(req.body ?? '{}') as { force_refresh?: boolean }
      bodies.push(b.force_refresh ?? false)
      if (b.force_refresh) forced = true
      return { access_token: forced ? 'T-forced-xxxxxxxx' : 'T-same-xxxxxxxx', expires_in: 7200 }
    }
    return tokenOf(req) === 'T-same-xxxxxxxx' ? { errcode: 40001, errmsg: 'x' } : { errcode: 0 }
  })
  await client.openAccount.retrieve()
  assert.deepEqual(bodies, [false, false, true])
})

test('classic mode uses GET /cgi-bin/token', async () => {
  const { client, calls } = recordingClient(undefined, { tokenMode: 'classic' })
  await client.products.categories()
  assert.equal(calls[0].url.pathname, '/cgi-bin/token')
  assert.equal(calls[0].method, 'GET')
})

test('bring your own token: a string is used as is; a function is asked again after 40001', async () => {
  const fixed = recordingClient(undefined, { accessToken: 'MINE-xxxxxxxx', appSecret: undefined })
  await fixed.client.products.categories()
  assert.equal(fixed.calls.length, 1)
  assert.equal(tokenOf(fixed.calls[0]), 'MINE-xxxxxxxx')

  const asked: (string | undefined)[] = []
  const fn = recordingClient(
    (req) => (tokenOf(req) === 'A-xxxxxxxx' ? { errcode: 40001, errmsg: 'x' } : { errcode: 0 }),
    {
      accessToken: ({ failed }) => {
        asked.push(failed)
        return failed ? 'B-xxxxxxxx' : 'A-xxxxxxxx'
      },
    },
  )
  await fn.client.products.categories()
  assert.deepEqual(asked, [undefined, 'A-xxxxxxxx'])
  assert.equal(fn.calls.length, 2)
})

test('withOptions clones share the token cache and its single flight', async () => {
  const { client, calls } = recordingClient()
  const a = client.withOptions({ timeout: 5000 })
  await Promise.all([client.products.categories(), a.products.categories()])
  assert.equal(calls.filter(isToken).length, 1)
  assert.equal(a.timeout, 5000)
})
