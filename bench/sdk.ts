/**
 * SDK overhead per call versus a raw request of the same URL, two ways: over HTTP (a
 * `tuike serve` process, this process calling it with the global fetch, as a user's program
 * does) and against the in-process server (`app.request`, no network: the strictest ratio, and
 * the server's AsyncLocalStorage hooks then weigh on the SDK's promises too); and a
 * token-refresh storm. Prints tables and writes bench/results/sdk-<date>T<time>.json.
 * Run: node --import tsx bench/sdk.ts [--calls 2000] [--storm 1000]
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startFileServe } from '@tuike/testkit'
import { TuikeClient } from '../packages/sdk/src/index.ts'
import { createTestPlatform } from '../packages/server/test/support.ts'
import { saveResults } from './_harness.ts'

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? Number(process.argv[i + 1]) : def
}
const CALLS = arg('calls', 2000)
const STORM = arg('storm', 1000)

type Call = () => Promise<void>

async function measure(fn: Call, n: number): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    const t = performance.now()
    await fn()
    out.push(performance.now() - t)
  }
  return out
}
const q = (xs: number[], f: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(f * xs.length))]!

/**
 * Medians and p95 of a raw call, an SDK call and an SDK call without a timeout (no AbortSignal:
 * its cost inside fetch's Request was most of the default overhead). Every path is warmed up,
 * then they are interleaved call by call, rotating which goes first, so load from other
 * processes and GC fall on all three alike.
 */
async function compare(raw: Call, sdk: Call, sdkNoTimeout: Call) {
  const paths = [raw, sdk, sdkNoTimeout]
  for (const fn of paths) await measure(fn, 200)
  const times: number[][] = paths.map(() => [])
  for (let i = 0; i < CALLS; i++) {
    for (let j = 0; j < paths.length; j++) {
      const k = (i + j) % paths.length
      times[k]!.push(...(await measure(paths[k]!, 1)))
    }
  }
  const [rawT, sdkT, sdk0T] = times as [number[], number[], number[]]
  return {
    raw: { median: q(rawT, 0.5), p95: q(rawT, 0.95) },
    sdk: { median: q(sdkT, 0.5), p95: q(sdkT, 0.95) },
    ratio: { median: q(sdkT, 0.5) / q(rawT, 0.5), p95: q(sdkT, 0.95) / q(rawT, 0.95) },
    sdkNoTimeout: { median: q(sdk0T, 0.5), p95: q(sdk0T, 0.95) },
    ratioNoTimeout: { median: q(sdk0T, 0.5) / q(rawT, 0.5), p95: q(sdk0T, 0.95) / q(rawT, 0.95) },
  }
}

const listPath = (token: string) =>
  `/union/promoter/promotion/list?start=0&limit=20&access_token=${encodeURIComponent(token)}`

/** Raw and SDK calls of promotion/list through `fetch` against `baseURL`. */
async function calls(
  fetch: (url: string, init: RequestInit) => Response | Promise<Response>,
  baseURL: string,
  creds: { appid: string; secret: string },
) {
  const client = new TuikeClient({ appId: creds.appid, appSecret: creds.secret, baseURL, fetch })
  const url = `${baseURL}${listPath(await client.accessToken())}`
  const raw = async () => {
    const res = await fetch(url, { headers: { accept: 'application/json' } })
    const body = (await res.json()) as { errcode: number }
    if (body.errcode !== 0) throw new Error(`raw errcode ${body.errcode}`)
  }
  const untimed = client.withOptions({ timeout: 0 })
  return compare(
    raw,
    async () => {
      await client.promotions.list({ start: 0, limit: 20 })
    },
    async () => {
      await untimed.promotions.list({ start: 0, limit: 20 })
    },
  )
}

// Over HTTP: the demo platform served by its own process, called with this process's fetch.
const dir = mkdtempSync(join(tmpdir(), 'tuike-bench-sdk-'))
const served = await startFileServe(
  join(dir, 'sdk.db'),
  'tka_bench-sdk-admin-key-0000000000000000',
  'demo',
)
const overHttp = await calls(globalThis.fetch, served.url, served.demo!)
await served.stop('SIGTERM')
rmSync(dir, { recursive: true, force: true })

// In process: app.request, no network.
const p = await createTestPlatform('sqlite')
const creds = await p.promoter('bench')
for (let i = 0; i < 5; i++)
  await p.post('/union/promoter/promotion/add', creds.token, { promotionSourceName: `s${i}` })
let tokenCalls = 0
const fetch = (input: string, init: RequestInit) => {
  if (input.includes('/cgi-bin/')) tokenCalls++
  return p.app.request(input, init)
}
const inProcess = await calls(fetch, 'http://tuike.test', creds)

// Storm: STORM concurrent calls on an expired token.
const stormClient = new TuikeClient({
  appId: creds.appid,
  appSecret: creds.secret,
  baseURL: 'http://tuike.test',
  fetch,
  now: () => Date.now() + 7200_000, // every cached token looks expired
})
tokenCalls = 0
const s0 = performance.now()
await Promise.all(Array.from({ length: STORM }, () => stormClient.promotions.list()))
const stormMs = performance.now() - s0
const stormTokenCalls = tokenCalls

const f = (n: number) => n.toFixed(3)
for (const [name, r] of [
  ['over HTTP (tuike serve, global fetch)', overHttp],
  ['against the in-process server (app.request)', inProcess],
] as const) {
  console.log(`SDK overhead, promotion/list ${name}, ${CALLS} calls each`)
  console.table({
    raw: { 'median ms': f(r.raw.median), 'p95 ms': f(r.raw.p95) },
    SDK: { 'median ms': f(r.sdk.median), 'p95 ms': f(r.sdk.p95) },
    'SDK / raw': { 'median ms': f(r.ratio.median), 'p95 ms': f(r.ratio.p95) },
    'SDK, timeout 0': { 'median ms': f(r.sdkNoTimeout.median), 'p95 ms': f(r.sdkNoTimeout.p95) },
    'SDK timeout 0 / raw': {
      'median ms': f(r.ratioNoTimeout.median),
      'p95 ms': f(r.ratioNoTimeout.p95),
    },
  })
}
console.log(
  `token storm: ${STORM} concurrent calls on an expired token → ${stormTokenCalls} token request(s), ${stormMs.toFixed(0)} ms total`,
)
saveResults('sdk', {
  benchmark: 'sdk',
  node: process.version,
  calls: CALLS,
  overHttp,
  // The in-process figures keep the top-level names earlier results used.
  ...inProcess,
  storm: { concurrent: STORM, tokenRequests: stormTokenCalls, totalMs: stormMs },
})
await p.close()
