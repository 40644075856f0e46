/**
 * SDK overhead per call against the in-process server versus a raw fetch of the same URL, and a
 * token-refresh storm. Prints a table and writes bench/results/sdk-<date>T<time>.json.
 * Run: node --import tsx bench/sdk.ts [--calls 2000] [--storm 1000]
 * @module
 */
import { TuikeClient } from '../packages/sdk/src/index.ts'
import { createTestPlatform } from '../packages/server/test/support.ts'
import { saveResults } from './_harness.ts'

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? Number(process.argv[i + 1]) : def
}
const CALLS = arg('calls', 2000)
const STORM = arg('storm', 1000)

const p = await createTestPlatform('sqlite')
const { appid, secret, token } = await p.promoter('bench')
for (let i = 0; i < 5; i++)
  await p.post('/union/promoter/promotion/add', token, { promotionSourceName: `s${i}` })

let tokenCalls = 0
const fetch = (input: string, init: RequestInit) => {
  if (input.includes('/cgi-bin/')) tokenCalls++
  return p.app.request(input, init)
}
const client = new TuikeClient({
  appId: appid,
  appSecret: secret,
  baseURL: 'http://tuike.test',
  fetch,
})
const sdkToken = await client.accessToken()
const url = `http://tuike.test/union/promoter/promotion/list?start=0&limit=20&access_token=${encodeURIComponent(sdkToken)}`

const raw = async () => {
  const res = await p.app.request(url, { headers: { accept: 'application/json' } })
  const body = (await res.json()) as { errcode: number }
  if (body.errcode !== 0) throw new Error(`raw errcode ${body.errcode}`)
}
const sdk = async () => {
  await client.promotions.list({ start: 0, limit: 20 })
}
// Without a timeout the SDK passes no AbortSignal, whose cost inside fetch's Request is most of
// the default overhead.
const untimed = client.withOptions({ timeout: 0 })
const sdkNoTimeout = async () => {
  await untimed.promotions.list({ start: 0, limit: 20 })
}

async function measure(fn: () => Promise<void>, n: number): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    const t = performance.now()
    await fn()
    out.push(performance.now() - t)
  }
  return out
}
const q = (xs: number[], f: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(f * xs.length))]

// Warm up every path, then interleave call by call, rotating which goes first, so load from
// other processes and GC fall on all three alike (rounds of 200 calls showed whichever round ran
// right after another as up to 10% slower on a loaded machine).
await measure(raw, 200)
await measure(sdk, 200)
await measure(sdkNoTimeout, 200)
const rawT: number[] = []
const sdkT: number[] = []
const sdk0T: number[] = []
const paths = [
  [raw, rawT],
  [sdk, sdkT],
  [sdkNoTimeout, sdk0T],
] as const
for (let i = 0; i < CALLS; i++) {
  for (let j = 0; j < paths.length; j++) {
    const [fn, out] = paths[(i + j) % paths.length]!
    out.push(...(await measure(fn, 1)))
  }
}

// Storm: STORM concurrent calls on an expired token.
const stormClient = new TuikeClient({
  appId: appid,
  appSecret: secret,
  baseURL: 'http://tuike.test',
  fetch,
  now: () => Date.now() + 7200_000, // every cached token looks expired
})
tokenCalls = 0
const s0 = performance.now()
await Promise.all(Array.from({ length: STORM }, () => stormClient.promotions.list()))
const stormMs = performance.now() - s0
const stormTokenCalls = tokenCalls

const result = {
  node: process.version,
  calls: CALLS,
  raw: { median: q(rawT, 0.5), p95: q(rawT, 0.95) },
  sdk: { median: q(sdkT, 0.5), p95: q(sdkT, 0.95) },
  ratio: { median: q(sdkT, 0.5) / q(rawT, 0.5), p95: q(sdkT, 0.95) / q(rawT, 0.95) },
  sdkNoTimeout: { median: q(sdk0T, 0.5), p95: q(sdk0T, 0.95) },
  ratioNoTimeout: {
    median: q(sdk0T, 0.5) / q(rawT, 0.5),
    p95: q(sdk0T, 0.95) / q(rawT, 0.95),
  },
  storm: { concurrent: STORM, tokenRequests: stormTokenCalls, totalMs: stormMs },
}
const f = (n: number) => n.toFixed(3)
console.log(`SDK overhead, promotion/list against the in-process server (${CALLS} calls each)`)
console.table({
  'raw fetch': { 'median ms': f(result.raw.median), 'p95 ms': f(result.raw.p95) },
  SDK: { 'median ms': f(result.sdk.median), 'p95 ms': f(result.sdk.p95) },
  'SDK / raw': { 'median ms': f(result.ratio.median), 'p95 ms': f(result.ratio.p95) },
  'SDK, timeout 0': {
    'median ms': f(result.sdkNoTimeout.median),
    'p95 ms': f(result.sdkNoTimeout.p95),
  },
  'SDK timeout 0 / raw': {
    'median ms': f(result.ratioNoTimeout.median),
    'p95 ms': f(result.ratioNoTimeout.p95),
  },
})
console.log(
  `token storm: ${STORM} concurrent calls on an expired token → ${stormTokenCalls} token request(s), ${stormMs.toFixed(0)} ms total`,
)
saveResults('sdk', { benchmark: 'sdk', ...result })
await p.close()
