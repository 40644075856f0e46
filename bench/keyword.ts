/**
 * Keyword index benchmark (issue 16): product/list with a 2-character title keyword, a random
 * price range, random commission and coupon filters and a random sortType (0–8) on every request
 * (no cache can answer), against `tuike serve --workers N` in a process of its own (the load
 * generator, in this one, does not share its thread). Per worker count: per word, narrow to the
 * broadest, one connection (latency), then all words over `connections` connections, each with
 * the CPU the serving processes spent a request (/proc); the RSS of the serving processes once
 * every worker's index is built (before any load) and after the run. Prism (`npx
 * @stoplight/prism-cli mock`, loopback) on its static promotion/list example, in the same run,
 * is the rate the issue compares against.
 *
 *   node --import tsx bench/keyword.ts [--db sqlite:/path/1m.db] [--products N] [--duration 5]
 *     [--connections 10] [--workers 1,2] [--port 41500] [--no-prism] [--base <checkout>]
 *     [--rounds 2] [--base-db sqlite:/path/copy.db]
 *   node --import tsx bench/keyword.ts --db postgres://…/db …
 *
 * Without --db it seeds N products (default 1,000,000) into a temporary SQLite database first;
 * with --db it reuses that catalogue (seed it once: it takes minutes at 1M). Servers listen on
 * `--port` and the ports after it. With `--base`, an A/B: that checkout (built) and this one,
 * `--workers 1`, in alternating rounds, after checking both answer every sampled request with the
 * same bytes; `--base-db` gives the base its own copy of the catalogue (a checkout without this
 * one's migrations refuses a file they upgraded). On PostgreSQL the CPU a
 * request includes the database backends' (/proc, so the server must run on this machine).
 * @module
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { openDatabase } from '../packages/server/src/index.ts'
import { prng, seedCatalogue } from '../packages/server/src/seed/catalogue.ts'
import {
  cpuSeconds,
  flag,
  measure,
  printRows,
  prismRow,
  type Row,
  type ServeProcess,
  saveResults,
  seedProgress,
  serveProcess,
  stopProcess,
} from './_harness.ts'

const duration = Number(flag('duration', '5'))
const connections = Number(flag('connections', '10'))
const workerCounts = flag('workers', '1,2').split(',').map(Number)
const firstPort = Number(flag('port', '41500'))
const withPrism = !process.argv.includes('--no-prism')
const baseTree = flag('base', '')
const rounds = Number(flag('rounds', '2'))
const baseDb = flag('base-db', '')
const KEY = 'tka_bench-admin-key-000000000000000000'
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

const products = await (async () => {
  const d = await openDatabase(db)
  const r = await d.db
    .selectFrom('products')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  await d.close()
  return Number(r.n)
})()

// PostgreSQL: a connection of this process to find the serving processes' backends.
const pg = db.startsWith('postgres') ? await openDatabase(db) : undefined

let nextPort = firstPort
const loadBefore = loadavg()

/** A served checkout: its processes (the primary first, then the workers) and a token. */
interface Served extends ServeProcess {
  pids: number[]
  token: string
  readyMs: number
}

/** The pids of `pid` and its children (the workers of --workers N). */
function family(pid: number): number[] {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim()
  return [pid, ...(children ? children.split(' ').map(Number) : [])]
}

const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024

/** `tuike serve --workers <workers>` of `tree`, resolved once every worker's index is built. */
async function serve(workers: number, tree?: string, file = db): Promise<Served> {
  const started = performance.now()
  let ready = 0
  let log = ''
  let onReady = () => {}
  const node = await serveProcess(file, KEY, workers, tree, {
    port: nextPort++,
    onLog: (chunk) => {
      if (ready === workers) return
      log += chunk
      ready = log.split('keyword index ready').length - 1
      if (ready === workers) onReady()
    },
  })
  if (ready < workers) await new Promise<void>((r) => (onReady = r))
  const readyMs = Math.round(performance.now() - started)
  const res = await fetch(`${node.url}/admin/v1/promoters`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'keyword-bench' }),
  })
  const { appid, secret } = (await res.json()) as { appid: string; secret: string }
  const { access_token: token } = (await (
    await fetch(
      `${node.url}/cgi-bin/token?grant_type=client_credential&appid=${appid}&secret=${secret}`,
    )
  ).json()) as { access_token: string }
  return { ...node, pids: family(node.child.pid!), token, readyMs }
}

/** `n` product/list paths for `words`, each with its own filters and sort. */
function paths(words: string[], n: number, seed: number, token: string): string[] {
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

/**
 * PostgreSQL: the CPU seconds the serving processes' database backends (not this process's own
 * connection) spend until the returned stop() is called. The pools close idle connections and
 * open new ones, so the backends are sampled every 200 ms: a backend first seen in the run
 * counts from 0, one gone counts to its last sample.
 */
function backendCpu(): () => Promise<number> {
  if (!pg) return async () => 0
  const seen = new Map<number, { first: number; last: number }>()
  let initial = true
  const sample = async () => {
    const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid()`.execute(pg.db)
    for (const { pid } of rows) {
      let cpu: number
      try {
        cpu = cpuSeconds(pid)
      } catch {
        continue
      }
      const s = seen.get(pid)
      if (s) s.last = cpu
      else seen.set(pid, { first: initial ? cpu : 0, last: cpu })
    }
    initial = false
  }
  const started = sample()
  const timer = setInterval(() => void sample(), 200)
  return async () => {
    clearInterval(timer)
    await started
    await sample()
    return [...seen.values()].reduce((n, s) => n + s.last - s.first, 0)
  }
}

/**
 * A measurement of `s` with the CPU its processes spent a request, and on PostgreSQL the part of
 * it its database backends spent (`dbCpuUsPerRequest`, included in `cpuUsPerRequest`).
 */
async function measured(s: Served, name: string, list: string[], conns: number): Promise<Row> {
  const cpu = () => s.pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0)
  const cpu0 = cpu()
  const stopDb = backendCpu()
  const row = await measure(name, { url: s.url, paths: list }, { connections: conns, duration })
  const dbCpu = await stopDb()
  const us = (seconds: number) => Math.round((seconds * 1e6) / (row.requests || 1))
  return {
    ...row,
    cpuUsPerRequest: us(cpu() - cpu0 + dbCpu),
    ...(pg ? { dbCpuUsPerRequest: us(dbCpu) } : {}),
    load1: +loadavg()[0]!.toFixed(2),
  }
}

/** The totals of each word, and a sample of pages' bytes (the A/B compares them). */
async function sample(s: Served): Promise<{ totals: Record<string, number>; pages: string[] }> {
  const totals: Record<string, number> = {}
  for (const w of WORDS) {
    const q = new URLSearchParams({ from: '0', limit: '1', query: w, access_token: s.token })
    const body = (await (await fetch(`${s.url}/union/promoter/product/list?${q}`)).json()) as {
      errcode: number
      total: number
    }
    if (body.errcode !== 0) throw new Error(`${w}: ${JSON.stringify(body)}`)
    totals[w] = body.total
  }
  const pages: string[] = []
  for (const path of paths(WORDS, 200, 7, s.token)) {
    const text = await (await fetch(s.url + path)).text()
    pages.push(text.replaceAll(s.url, 'http://server'))
  }
  return { totals, pages }
}

/** One served run: every word on one connection, then all words on `connections`. */
async function run(s: Served, label: string, seed: number): Promise<Row[]> {
  const rows: Row[] = []
  for (const w of WORDS)
    rows.push(
      await measured(s, `${label} ${w}, 1 connection`, paths([w], 5_000, seed++, s.token), 1),
    )
  rows.push(
    await measured(
      s,
      `${label} all words, ${connections} connections`,
      paths(WORDS, 20_000, seed, s.token),
      connections,
    ),
  )
  return rows
}

const rows: Row[] = []
const memory: Record<string, unknown>[] = []
let totals: Record<string, number> = {}
let wireSampleDiffers: number | undefined
let seed = 1

if (baseTree) {
  // A/B: both checkouts up at once (same file), loaded one after the other in alternating order.
  const sides = { base: await serve(1, baseTree, baseDb || db), new: await serve(1) }
  for (const [side, s] of Object.entries(sides))
    memory.push({ side, workers: 1, rssMbReady: Math.round(rssMb(s.pids[0]!)) })
  const [a, b] = [await sample(sides.base), await sample(sides.new)]
  totals = b.totals
  wireSampleDiffers = a.pages.filter((p, i) => p !== b.pages[i]).length
  if (JSON.stringify(a.totals) !== JSON.stringify(b.totals)) wireSampleDiffers++
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 ? (['new', 'base'] as const) : (['base', 'new'] as const)
    for (const side of order)
      rows.push(...(await run(sides[side], `${side} r${r}`, seed)).map((x) => ({ ...x, side })))
    seed += 100
  }
  for (const [side, s] of Object.entries(sides)) {
    memory.push({ side, workers: 1, rssMbAfter: Math.round(rssMb(s.pids[0]!)) })
    await stopProcess(s)
  }
} else {
  let spec: string | undefined
  for (const workers of workerCounts) {
    const s = await serve(workers)
    const rssReady = s.pids.map((pid) => Math.round(rssMb(pid)))
    const sampled = await sample(s)
    totals = sampled.totals
    if (!spec) {
      spec = join(mkdtempSync(join(tmpdir(), 'tuike-prism-')), 'openapi.json')
      writeFileSync(spec, Buffer.from(await (await fetch(`${s.url}/openapi.json`)).arrayBuffer()))
    }
    rows.push(...(await run(s, `${workers}w`, seed)).map((x) => ({ ...x, workers })))
    const rssAfter = s.pids.map((pid) => Math.round(rssMb(pid)))
    // Per process, the primary first (with --workers 1 the one process serves).
    memory.push({ workers, readyMs: s.readyMs, rssMbReady: rssReady, rssMbAfter: rssAfter })
    await stopProcess(s)
  }
  if (withPrism && spec) {
    const p = await prismRow(spec, nextPort++, { connections, duration })
    if (p) rows.push(p)
    rmSync(join(spec, '..'), { recursive: true, force: true })
  }
}
if (dir) rmSync(dir, { recursive: true, force: true })
await pg?.close()

const prismRps = rows.find((r) => r.name.startsWith('prism'))?.rps
for (const r of rows)
  if (prismRps && !r.name.startsWith('prism')) r.ofPrism = +(r.rps / prismRps).toFixed(2)
printRows(
  `2-character keyword + filters + sortType, ${products} products; hits ${JSON.stringify(totals)}`,
  rows,
  [
    { key: 'cpuUsPerRequest', label: 'CPU µs/req' },
    ...(pg ? [{ key: 'dbCpuUsPerRequest', label: 'of it DB' }] : []),
    { key: 'ofPrism', label: '× Prism' },
  ],
)
console.log(JSON.stringify(memory))
if (wireSampleDiffers !== undefined)
  console.log(wireSampleDiffers ? `${wireSampleDiffers} sampled pages differ` : 'sample identical')
saveResults(baseTree ? 'keyword-ab' : pg ? 'keyword-served-postgres' : 'keyword-sqlite', {
  benchmark: baseTree
    ? 'keyword A/B: tuike serve --workers 1 of two checkouts, alternating rounds'
    : 'keyword: tuike serve --workers N, then Prism, one after the other',
  ...(baseTree ? { base: baseTree, baseDb: baseDb || db, wireSampleDiffers } : {}),
  products,
  hits: totals,
  durationSeconds: duration,
  connections,
  // The 2 cores are shared: the load average says how much of them the run had.
  loadAverage: { before: loadBefore, after: loadavg() },
  memory,
  results: rows,
})
if (wireSampleDiffers) process.exitCode = 1
