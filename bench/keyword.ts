/**
 * Keyword index benchmark (issue 16): product/list with a 2-character title keyword, a random
 * price range, random commission and coupon filters and a random sortType (0–8) on every request
 * (no cache can answer), against the server run in this process. Per word, narrow to the
 * broadest, one connection (latency), then all words over `connections` connections; the server's
 * process's RSS once the index is built (before any load) and after the run.
 *
 *   node --import tsx bench/keyword.ts [--db sqlite:/path/1m.db] [--products N] [--duration 5]
 *     [--connections 10]
 *
 * Without --db it seeds N products (default 1,000,000) into a temporary SQLite database first;
 * with --db it reuses that catalogue (seed it once: it takes minutes at 1M).
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase, silentLogger } from '../packages/server/src/index.ts'
import { prng, seedCatalogue } from '../packages/server/src/seed/catalogue.ts'
import { startServer } from '../packages/server/src/serve.ts'
import { flag, measure, printRows, type Row, saveResults, seedProgress } from './_harness.ts'

const duration = Number(flag('duration', '5'))
const connections = Number(flag('connections', '10'))
/** Narrow (手机, 鸡胸, 猫砂) and broad (女士, 套装, 日式, 北欧) words of the demo titles. */
const WORDS = ['手机', '鸡胸', '猫砂', '洗衣', '女士', '套装', '日式', '北欧']

let dir: string | undefined
let db = flag('db', '')
if (!db) {
  dir = mkdtempSync(join(tmpdir(), 'tuike-bench-'))
  db = `sqlite:${join(dir, 'bench.db')}`
  const d = await openDatabase(db)
  await seedCatalogue(d.db, {
    products: Number(flag('products', '1000000')),
    onProgress: seedProgress(),
  })
  await d.close()
}

const rssMb = () => process.memoryUsage().rss / 2 ** 20

const products = await (async () => {
  const d = await openDatabase(db)
  const r = await d.db
    .selectFrom('products')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  await d.close()
  return Number(r.n)
})()

const loadBefore = loadavg()
// The server runs in this process (its RSS then includes the load generator's, measured apart).
const started = performance.now()
const server = await startServer({
  port: 0,
  host: '127.0.0.1',
  db,
  seed: 'none',
  log: silentLogger,
})
await server.tuike.services.catalogue.warmKeywordIndex()
const buildMs = Math.round(performance.now() - started)
const rssReady = rssMb()
const { appid, secret } = await server.tuike.services.promoters.create('keyword-bench')
const { access_token: token } = (await (
  await fetch(
    `${server.url}/cgi-bin/token?grant_type=client_credential&appid=${appid}&secret=${secret}`,
  )
).json()) as { access_token: string }

/** `n` product/list paths for `words`, each with its own filters and sort. */
function paths(words: string[], n: number, seed: number): string[] {
  const rand = prng(seed)
  return Array.from({ length: n }, (_, i) => {
    const minPrice = 100 * Math.floor(rand() * 100)
    const q: Record<string, string> = {
      from: '0',
      limit: '20',
      query: words[i % words.length]!,
      sortType: String(Math.floor(rand() * 9)),
      minPrice: String(minPrice),
      maxPrice: String(minPrice + 1000 * (2 + Math.floor(rand() * 200))),
      access_token: token,
    }
    if (rand() < 0.3) q.minCommissionRatio = String(100 * Math.floor(rand() * 20))
    if (rand() < 0.2) q.hasCoupon = '1'
    return `/union/promoter/product/list?${new URLSearchParams(q)}`
  })
}

const totals: Record<string, number> = {}
for (const w of WORDS) {
  const body = (await (
    await fetch(
      `${server.url}/union/promoter/product/list?${new URLSearchParams({ from: '0', limit: '1', query: w, access_token: token })}`,
    )
  ).json()) as { errcode: number; total: number }
  if (body.errcode !== 0) throw new Error(`${w}: ${JSON.stringify(body)}`)
  totals[w] = body.total
}

// CPU per query in process (index, page fetch and serialisation; no HTTP): on a shared machine
// wall-clock latency measures the neighbours as much as the code.
const cpu: Record<string, { cpuMsMean: number; cpuMsMax: number }> = {}
const catalogue = server.tuike.services.catalogue
for (const w of WORDS) {
  const times: number[] = []
  for (const path of paths([w], 200, 99)) {
    const p = new URLSearchParams(path.split('?')[1])
    const q = Object.fromEntries(
      [...p]
        .filter(([k]) => k !== 'access_token')
        .map(([k, v]) => [k, k === 'query' ? v : Number(v)]),
    )
    const before = process.cpuUsage()
    await catalogue.searchJson({ ...q, query: w } as never, server.url)
    const d = process.cpuUsage(before)
    times.push((d.user + d.system) / 1000)
  }
  cpu[w] = {
    cpuMsMean: +(times.reduce((a, b) => a + b, 0) / times.length).toFixed(2),
    cpuMsMax: +Math.max(...times).toFixed(2),
  }
}
console.log('CPU ms per query in process (mean / max):', JSON.stringify(cpu))

const latency: Row[] = []
let seed = 1
for (const w of WORDS) {
  const row = await measure(
    `${w} (${totals[w]} hits), 1 connection`,
    { url: server.url, paths: paths([w], 5_000, seed++) },
    { connections: 1, duration },
  )
  latency.push({ ...row, hits: totals[w] })
}
const loaded = await measure(
  `all words, ${connections} connections`,
  { url: server.url, paths: paths(WORDS, 20_000, seed++) },
  { connections, duration },
)
const rssAfter = rssMb()
await server.close()
if (dir) rmSync(dir, { recursive: true, force: true })

printRows(`2-character keyword + filters + sortType, ${products} products`, [...latency, loaded])
console.log(
  `server started and index built in ${buildMs} ms; RSS ${rssReady.toFixed(0)} MB when ready, ${rssAfter.toFixed(0)} MB after the run`,
)
saveResults('keyword-sqlite', {
  benchmark: 'keyword',
  products,
  durationSeconds: duration,
  connections,
  startAndIndexBuildMs: buildMs,
  // The 2 cores are shared: the load average says how much of them the run had.
  loadAverage: { before: loadBefore, after: loadavg() },
  rssMbReady: Math.round(rssReady),
  rssMbAfter: Math.round(rssAfter),
  cpuPerQueryInProcess: cpu,
  latencyOneConnection: latency,
  loaded,
})
