/**
 * Catalogue benchmark: seed N products (default 1,000,000) into a temporary database, serve it on
 * loopback, and measure product/list over HTTP with autocannon: (a) no filter, page 1; (b) a
 * 2-character Chinese keyword + price range + sortType 4; (c) a deep page, from = 10,000;
 * (d) category + hasCoupon + minCommissionRatio; (b uncached) as (b) with a different keyword and
 * price range on every request, so the server's 10 s result/total cache never answers (what a
 * promoter's first search costs); and, in the same run, a bare node:http server answering the
 * bytes of (a). Prints a table and writes bench/results/catalogue-<dialect>-<date>.json.
 *
 *   node --import tsx bench/catalogue.ts [--products N] [--seed S] [--duration 10]
 *     [--connections 10] [--dialect sqlite|postgres] [--pg-url postgres://…]
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { openDatabase, silentLogger } from '../packages/server/src/index.ts'
import { prng, seedCatalogue } from '../packages/server/src/seed/catalogue.ts'
import { startServer } from '../packages/server/src/serve.ts'
import {
  bareServer,
  flag,
  measure,
  printRows,
  type Row,
  saveResults,
  seedProgress,
} from './_harness.ts'

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
const seedStats = await seedCatalogue(database.db, { products, seed, onProgress: seedProgress() })
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
// (b uncached): 2-character keywords of the demo titles (each in one or two leaf categories, as
// 洗衣 is) × random price ranges; far more combinations than a run sends, never repeated.
const KEYWORDS = ['洗衣', '口红', '牛奶', '面霜', '咖啡', '坚果', '饼干', '沙发', '键盘', '帐篷']
const rand = prng(seed)
const uncached = Array.from({ length: 50_000 }, (_, i) => {
  const minPrice = 100 * Math.floor(rand() * 50) + (i % 100)
  const maxPrice = minPrice + 1000 * (2 + Math.floor(rand() * 100))
  const url = new URL(
    list({
      from: '0',
      limit: '20',
      query: KEYWORDS[i % KEYWORDS.length]!,
      minPrice: String(minPrice),
      maxPrice: String(maxPrice),
      sortType: '4',
    }),
  )
  return url.pathname + url.search
})
const UNCACHED = 'b uncached: keyword + price vary'

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

{
  const body = (await (await fetch(server.url + uncached.at(-1)!)).json()) as { errcode: number }
  if (body.errcode !== 0) throw new Error(`${UNCACHED}: ${JSON.stringify(body).slice(0, 200)}`)
}

// 3. Baseline: a bare node:http server answering the bytes of (a).
const baselineBytes = Buffer.from(
  await (await fetch(scenarios['a no filter, page 1']!)).arrayBuffer(),
)
const bare = await bareServer(baselineBytes)
const load = { connections, duration }

// Throughput under `connections` concurrent clients, then latency with one client (no queueing
// behind other requests on the server's single thread).
const rows: Row[] = []
const latency: Row[] = []
for (const [list, l] of [
  [rows, load],
  [latency, { connections: 1, duration }],
] as const) {
  list.push(await measure('baseline node:http (bytes of a)', { url: bare.url }, l))
  for (const [name, url] of Object.entries(scenarios)) {
    list.push({ ...(await measure(name, { url }, l)), total: totals[name] ?? null })
  }
  // A fresh slice of the pool per measurement, so no run repeats another's filter sets.
  const pool = uncached.splice(0, uncached.length / 2)
  list.push({ ...(await measure(UNCACHED, { url: server.url, paths: pool }, l)), total: null })
}
bare.server.close()
await server.close()
await dropSchema?.()
rmSync(dir, { recursive: true, force: true })

printRows(
  `product/list over HTTP, ${connections} connections × ${duration} s each, ${products} products (${dialect})`,
  rows,
  [{ key: 'total', label: 'matches' }],
)
printRows(`the same, 1 connection (latency)`, latency, [{ key: 'total', label: 'matches' }])
saveResults(`catalogue-${dialect}`, {
  benchmark: 'catalogue',
  dialect,
  products,
  seed,
  seedSeconds: seedStats.ms / 1000,
  connections,
  durationSeconds: duration,
  results: rows,
  latencyOneConnection: latency,
})
