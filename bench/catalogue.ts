/**
 * Catalogue benchmark: seed N products (default 1,000,000) into a temporary database, serve it on
 * loopback, and measure product/list over HTTP with autocannon: (a) no filter, page 1; (b) a
 * 2-character Chinese keyword + price range + sortType 4; (c) a deep page, from = 10,000;
 * (d) category + hasCoupon + minCommissionRatio; and, in the same run, a bare node:http server
 * answering the bytes of (a). Prints a table and writes bench/results/catalogue-<dialect>-<date>.json.
 *
 *   node --import tsx bench/catalogue.ts [--products N] [--seed S] [--duration 10]
 *     [--connections 10] [--dialect sqlite|postgres] [--pg-url postgres://…]
 * @module
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import pg from 'pg'
import { openDatabase, silentLogger } from '../packages/server/src/index.ts'
import { seedCatalogue } from '../packages/server/src/seed/catalogue.ts'
import { startServer } from '../packages/server/src/serve.ts'

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback
}

const products = Number(flag('products', '1000000'))
const seed = Number(flag('seed', '1'))
const duration = Number(flag('duration', '10'))
const connections = Number(flag('connections', '10'))
const dialect = flag('dialect', 'sqlite') as 'sqlite' | 'postgres'
const pgUrl = flag(
  'pg-url',
  process.env.TUIKE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
)

const dir = mkdtempSync(join(tmpdir(), 'tuike-bench-'))
let dbUrl = `sqlite:${join(dir, 'bench.db')}`
let dropSchema: (() => Promise<void>) | undefined
if (dialect === 'postgres') {
  // A throwaway database, so the server's pool (which knows no schema option) sees only it.
  const name = `tuike_bench_${process.pid}`
  const admin = new pg.Client({ connectionString: pgUrl })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const u = new URL(pgUrl)
  u.pathname = `/${name}`
  dbUrl = u.toString()
  dropSchema = async () => {
    const c = new pg.Client({ connectionString: pgUrl })
    await c.connect()
    await c.query(`drop database if exists ${name} with (force)`)
    await c.end()
  }
}

// 1. Seed.
const database = await openDatabase(dbUrl)
let lastDraw = 0
const seedStats = await seedCatalogue(database.db, {
  products,
  seed,
  onProgress(done, total, phase) {
    const now = Date.now()
    if (now - lastDraw < 500 && done < total) return
    lastDraw = now
    const pct = Math.floor((done / total) * 100)
    const bar = '#'.repeat(Math.floor(pct / 4)).padEnd(25, '.')
    process.stderr.write(`\rseeding [${bar}] ${pct}% ${done}/${total} ${phase}   `)
  },
})
process.stderr.write('\n')
await database.close()
console.log(
  `seeded ${seedStats.products} products, ${seedStats.shops} shops, ${seedStats.categories} categories in ${(seedStats.ms / 1000).toFixed(1)} s (${dialect})`,
)

// 2. Serve.
const server = await startServer({
  port: 0,
  host: '127.0.0.1',
  db: dbUrl,
  seed: 'none',
  log: silentLogger,
})
const { appid, secret } = await server.tuike.services.promoters.create('bench')
const tokenRes = await fetch(
  `${server.url}/cgi-bin/token?grant_type=client_credential&appid=${appid}&secret=${secret}`,
)
const { access_token: token } = (await tokenRes.json()) as { access_token: string }

const topCats = (await (
  await fetch(`${server.url}/union/promoter/product/category?access_token=${token}`)
).json()) as {
  productCats: { catId: string; name: string }[]
}
const cat = topCats.productCats[3]!.catId
const list = (q: Record<string, string>) =>
  `${server.url}/union/promoter/product/list?${new URLSearchParams({ ...q, access_token: token })}`
const scenarios: Record<string, string> = {
  'a no filter, page 1': list({ from: '0', limit: '20' }),
  'b 洗衣 + price + sortType 4': list({
    from: '0',
    limit: '20',
    query: '洗衣',
    minPrice: '1000',
    maxPrice: '8000',
    sortType: '4',
  }),
  'c from=10000': list({ from: '10000', limit: '20' }),
  'd category + hasCoupon + ratio': list({
    from: '0',
    limit: '20',
    category: cat,
    hasCoupon: '1',
    minCommissionRatio: '1000',
  }),
}
const totals: Record<string, number> = {}
for (const [name, url] of Object.entries(scenarios)) {
  const body = (await (await fetch(url)).json()) as {
    errcode: number
    total: number
    productList: unknown[]
  }
  if (body.errcode !== 0 || body.productList.length === 0)
    throw new Error(`${name}: ${JSON.stringify(body).slice(0, 200)}`)
  totals[name] = body.total
}

// 3. Baseline: a bare node:http server answering the bytes of (a).
const baselineBytes = Buffer.from(
  await (await fetch(scenarios['a no filter, page 1']!)).arrayBuffer(),
)
const bare = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': baselineBytes.length })
  res.end(baselineBytes)
})
await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r))
const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`

interface Row {
  name: string
  total: number | null
  rps: number
  p50: number
  p95: number
  p99: number
  errors: number
  non2xx: number
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

async function measure(name: string, url: string): Promise<Row> {
  const latencies: number[] = []
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const inst = autocannon({ url, connections, duration }, (err, res) =>
      err ? reject(err) : resolve(res),
    )
    inst.on('response', (_c: unknown, _code: number, _bytes: number, ms: number) =>
      latencies.push(ms),
    )
  })
  latencies.sort((x, y) => x - y)
  return {
    name,
    total: totals[name] ?? null,
    rps: Math.round(result.requests.average),
    p50: +percentile(latencies, 50).toFixed(2),
    p95: +percentile(latencies, 95).toFixed(2),
    p99: +percentile(latencies, 99).toFixed(2),
    errors: result.errors,
    non2xx: result.non2xx,
  }
}

const rows: Row[] = []
rows.push(await measure('baseline node:http (bytes of a)', bareUrl))
for (const [name, url] of Object.entries(scenarios)) rows.push(await measure(name, url))
bare.close()
await server.close()
await dropSchema?.()
rmSync(dir, { recursive: true, force: true })

const baseRps = rows[0]!.rps
console.log(
  `\nproduct/list over HTTP, ${connections} connections × ${duration} s each, ${products} products (${dialect})`,
)
console.log(
  'scenario                         |  matches |   req/s | % base | p50 ms | p95 ms | p99 ms | errors',
)
console.log(
  '---------------------------------|----------|---------|--------|--------|--------|--------|-------',
)
for (const r of rows) {
  console.log(
    `${r.name.padEnd(33)}| ${String(r.total ?? '-').padStart(8)} | ${String(r.rps).padStart(7)} | ${((r.rps / baseRps) * 100).toFixed(0).padStart(5)}% | ${r.p50.toFixed(2).padStart(6)} | ${r.p95.toFixed(2).padStart(6)} | ${r.p99.toFixed(2).padStart(6)} | ${r.errors + r.non2xx}`,
  )
}

const date = new Date().toISOString().slice(0, 10)
const outDir = join(import.meta.dirname, 'results')
mkdirSync(outDir, { recursive: true })
const file = join(outDir, `catalogue-${dialect}-${date}.json`)
writeFileSync(
  file,
  `${JSON.stringify(
    {
      benchmark: 'catalogue',
      date: new Date().toISOString(),
      dialect,
      products,
      seed,
      seedSeconds: seedStats.ms / 1000,
      connections,
      durationSeconds: duration,
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version },
      results: rows,
    },
    null,
    2,
  )}\n`,
)
console.log(`\nwrote ${file}`)
