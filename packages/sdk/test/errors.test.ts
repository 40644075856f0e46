import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { test } from 'node:test'
import { ERRCODES } from '@tuike/contract'
import fc from 'fast-check'
import {
  AccessTokenError,
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  CLASS_BY_KIND,
  type ErrorBody,
  InvalidParamsError,
  PromotionConflictError,
  RateLimitError,
  SystemBusyError,
  TuikeClient,
} from '../src/index.ts'
import { CODES_BY_KIND, kindOf } from '../src/internal/errcodes.ts'
import { recordingClient } from './support.ts'

test('the SDK errcode table matches the contract catalogue kind for kind', () => {
  for (const [code, info] of Object.entries(ERRCODES)) {
    assert.equal(kindOf(Number(code)), info.kind, `errcode ${code}`)
  }
  for (const [kind, codes] of Object.entries(CODES_BY_KIND)) {
    for (const code of codes) {
      const info = (ERRCODES as Record<number, { kind: string }>)[code]
      if (info) assert.equal(info.kind, kind, `errcode ${code}`)
      else assert.equal(code, 40097, `errcode ${code} is not in the contract`)
    }
  }
  assert.deepEqual(Object.keys(CLASS_BY_KIND).sort(), Object.keys(CODES_BY_KIND).sort())
})

test('APIError.generate maps errcode first, HTTP status second', () => {
  const h = new Headers({ 'x-request-id': 'hdr-rid' })
  const gen = (status: number, body: ErrorBody | undefined) =>
    APIError.generate(status, body, h, 'POST', '/union/promoter/promotion/add?access_token=abc')
  const cases: [number, ErrorBody | undefined, abstract new (...a: never[]) => APIError][] = [
    [200, { errcode: 40001, errmsg: 'x' }, AccessTokenError],
    [200, { errcode: 42001, errmsg: 'x' }, AccessTokenError],
    [200, { errcode: 40014, errmsg: 'x' }, AccessTokenError],
    [200, { errcode: 45009, errmsg: 'x' }, RateLimitError],
    [200, { errcode: 45011, errmsg: 'x' }, RateLimitError],
    [200, { errcode: -1, errmsg: 'x' }, SystemBusyError],
    [200, { errcode: 40097, errmsg: 'x' }, InvalidParamsError],
    [200, { errcode: 47001, errmsg: 'x' }, InvalidParamsError],
    [200, { errcode: 200002, errmsg: 'x' }, InvalidParamsError],
    [200, { errcode: 14005, errmsg: 'x' }, PromotionConflictError],
    [200, { errcode: 14007, errmsg: 'x' }, PromotionConflictError],
    [404, { errcode: 40066, errmsg: 'x' }, InvalidParamsError],
    [429, undefined, RateLimitError],
  ]
  for (const [status, body, Ctor] of cases) {
    const e = gen(status, body)
    assert.ok(e instanceof Ctor, `${JSON.stringify(body)} → ${e.name}`)
    assert.ok(e instanceof APIError)
  }
  const e = gen(200, { errcode: 14007, errmsg: '推广位名称重复 rid: 6650a1b2-0c1d2e3f-4a5b6c7d' })
  assert.equal(e.requestId, '6650a1b2-0c1d2e3f-4a5b6c7d')
  assert.equal(e.errcode, 14007)
  assert.equal(e.method, 'POST')
  assert.equal(e.path, '/union/promoter/promotion/add?access_token=[REDACTED]')
  assert.equal(gen(200, { errcode: 1, errmsg: 'no rid' }).requestId, 'hdr-rid')
  assert.ok(gen(503, undefined).status === 503)
})

test('HTTP 200 with errcode ≠ 0 rejects, with the body kept as raw', async () => {
  const { client } = recordingClient((req) =>
    req.url.pathname.startsWith('/cgi-bin/')
      ? { access_token: 'TOKEN-xxxxxxxxxxxx', expires_in: 7200 }
      : { errcode: 14007, errmsg: '推广位名称重复 rid: 1-2-3' },
  )
  const err = await client.promotions.create({ promotionSourceName: 'a' }).then(
    () => assert.fail('resolved'),
    (e: unknown) => e,
  )
  assert.ok(err instanceof PromotionConflictError)
  assert.equal(err.status, 200)
  assert.deepEqual(err.raw, { errcode: 14007, errmsg: '推广位名称重复 rid: 1-2-3' })
  assert.match(
    err.message,
    /^\[POST \/union\/promoter\/promotion\/add\?access_token=\[REDACTED\]\] errcode 14007/,
  )
})

/** Every way a call can fail, each echoing the credentials back where a server might. */
function scenarios(secret: string, token: string) {
  const echo = (text: string) => `${text} ${token} ${secret} ${encodeURIComponent(token)}`
  return {
    apiError: (url: string) => ({ errcode: 40001, errmsg: echo(url), access_token: token }),
    httpError: (url: string) => new Response(echo(url), { status: 502 }),
    connection: (url: string) => {
      throw new TypeError(`fetch failed: ${url} ${echo('')}`)
    },
    // The token call failed, so no token was ever issued: only the secret can be echoed.
    tokenError: () => ({ errcode: 40125, errmsg: `invalid appsecret ${secret}`, secret }),
    notJSON: (url: string) => new Response(`<html>${echo(url)}</html>`, { status: 200 }),
  }
}

test('property: no secret or token appears in any error message, stack or JSON', async () => {
  const text = fc
    .string({ unit: 'grapheme-ascii', minLength: 8, maxLength: 40 })
    .filter((s) => s.trim().length >= 8 && !/\[REDACTED\]/.test(s))
  await fc.assert(
    fc.asyncProperty(
      text,
      text,
      fc.constantFrom('apiError', 'httpError', 'connection', 'tokenError', 'notJSON', 'classic'),
      async (secret, token, which) => {
        fc.pre(!secret.includes(token) && !token.includes(secret))
        const s = scenarios(secret, token)
        const fetch = async (url: string) => {
          const u = new URL(url)
          if (u.pathname.startsWith('/cgi-bin/')) {
            if (which === 'tokenError' || which === 'classic') return Response.json(s.tokenError())
            return Response.json({ access_token: token, expires_in: 7200 })
          }
          if (which === 'apiError') return Response.json(s.apiError(url))
          if (which === 'httpError') return s.httpError(url)
          if (which === 'notJSON') return s.notJSON(url)
          return s.connection(url)
        }
        const client = new TuikeClient({
          appId: 'wx0123456789abcdef',
          appSecret: secret,
          baseURL: 'https://api.test',
          tokenMode: which === 'classic' ? 'classic' : 'stable',
          fetch,
          maxRetries: 1,
          sleep: async () => {},
        })
        const err = await client.promotions.list({ start: 0 }).then(
          () => undefined,
          (e: unknown) => e as Error,
        )
        assert.ok(err instanceof Error)
        const out = [err.message, err.stack ?? '', JSON.stringify(err), String(err)].join('\n')
        for (const s2 of [secret, token, encodeURIComponent(secret), encodeURIComponent(token)]) {
          if (which === 'tokenError' || which === 'classic') if (s2.includes(token)) continue
          assert.ok(!out.includes(s2), `${which}: leaked ${JSON.stringify(s2)} in ${out}`)
        }
      },
    ),
    { numRuns: 300 },
  )
})

/** A client whose fetch never answers; only the caller's signal ends it. */
function hangingClient(options: { timeout?: number } = {}) {
  const hang = (_: string, init: RequestInit) =>
    new Promise<Response>((_, reject) => {
      init.signal?.addEventListener('abort', () =>
        reject(new DOMException('aborted', 'AbortError')),
      )
    })
  return new TuikeClient({
    accessToken: 'tok-xxxxxxxx',
    baseURL: 'https://api.test',
    fetch: hang,
    maxRetries: 0,
    ...options,
  })
}

/** A caller's abort rejects the call with APIUserAbortError. */
async function assertAborts(client: TuikeClient) {
  const ac = new AbortController()
  const p = client.products.categories({ signal: ac.signal })
  setTimeout(() => ac.abort(), 5)
  await assert.rejects(p, APIUserAbortError)
}

test('transport errors: connection, timeout and user abort have their own classes', async () => {
  const refused = new TuikeClient({
    accessToken: 'tok-xxxxxxxx',
    baseURL: 'https://api.test',
    maxRetries: 0,
    fetch: async () => {
      throw new TypeError('fetch failed')
    },
  })
  await assert.rejects(refused.products.categories(), APIConnectionError)

  const slow = hangingClient()
  await assert.rejects(slow.products.categories({ timeout: 20 }), APIConnectionTimeoutError)
  await assertAborts(slow)
})

test('the timeout sends no abort signal of its own (a timer); a caller signal still aborts', async () => {
  const signals: (AbortSignal | undefined)[] = []
  const ok = new TuikeClient({
    accessToken: 'tok-xxxxxxxx',
    baseURL: 'https://api.test',
    fetch: async (_: string, init: RequestInit) => {
      signals.push(init.signal ?? undefined)
      return new Response('{"errcode":0,"productCats":[]}')
    },
  })
  await ok.products.categories()
  await ok.products.categories({ timeout: 0 })
  const ac0 = new AbortController()
  await ok.products.categories({ signal: ac0.signal })
  assert.equal(signals[0], undefined, 'the default 30 s timeout is a timer, not a signal')
  assert.equal(signals[1], undefined)
  assert.equal(signals[2], ac0.signal)

  await assertAborts(hangingClient({ timeout: 0 }))
})

test('a response that comes after its attempt timed out is discarded: no second answer, no extra retry', async () => {
  let late: ((r: Response) => void) | undefined
  let calls = 0
  const client = new TuikeClient({
    accessToken: 'tok-xxxxxxxx',
    baseURL: 'https://api.test',
    maxRetries: 2,
    sleep: async () => {},
    fetch: () => {
      calls++
      if (calls > 1) return new Response('{"errcode":0,"productCats":[]}')
      return new Promise<Response>((resolve) => {
        late = resolve
      })
    },
  })
  await client.products.categories({ timeout: 20 })
  assert.equal(calls, 2)
  // The first attempt's answer arrives now: a retryable errcode that must not start a retry.
  late!(new Response('{"errcode":-1,"errmsg":"system busy"}'))
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r))
  assert.equal(calls, 2)
})

test('a shorter timeout armed after a longer one still fires first (one shared timer)', async () => {
  const slow = hangingClient()
  const ac = new AbortController()
  let longSettled = false
  const long = slow.products
    .categories({ timeout: 600_000, signal: ac.signal })
    .then(undefined, (err: unknown) => {
      longSettled = true
      throw err
    })
  await assert.rejects(slow.products.categories({ timeout: 20 }), APIConnectionTimeoutError)
  assert.equal(longSettled, false)
  ac.abort()
  await assert.rejects(long, APIUserAbortError)
})

test('a finished call leaves no timer holding the process open', () => {
  // With a 10-minute timeout, a timer left ref'd would keep this child alive until the kill.
  const script = `
    import { TuikeClient } from ${JSON.stringify(new URL('../src/index.ts', import.meta.url).href)}
    const client = new TuikeClient({ accessToken: 't', baseURL: 'https://api.test', timeout: 600000,
      fetch: async () => new Response('{"errcode":0,"productCats":[]}') })
    await client.products.categories()
    console.log('done')`
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script],
    {
      encoding: 'utf8',
      timeout: 120_000,
    },
  )
  assert.equal(child.signal, null, 'the child had to be killed')
  assert.equal(child.stdout.trim(), 'done', child.stderr)
})

test('a timeout beyond what setTimeout takes (2^31-1 ms) is not cut short', async () => {
  const warnings: string[] = []
  const onWarning = (w: Error) => warnings.push(w.name)
  process.on('warning', onWarning)
  try {
    const slow = hangingClient()
    const ac = new AbortController()
    const p = slow.products.categories({ timeout: 2 ** 32, signal: ac.signal })
    await new Promise((r) => setTimeout(r, 20))
    ac.abort()
    // Cut short, it would have timed out (APIConnectionTimeoutError) before the abort.
    await assert.rejects(p, APIUserAbortError)
  } finally {
    process.off('warning', onWarning)
  }
  assert.deepEqual(warnings, [])
})
