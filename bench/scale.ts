/**
 * PostgreSQL scale benchmark: one PostgreSQL database seeded with N products (default 1,000,000)
 * and M orders (default 5,000,000 over 1,000 promoters), kept between runs under a name that
 * carries the sizes, then served by one and by two real `tuike serve` processes and measured
 * over HTTP with autocannon (the load split evenly over the instances): the catalogue scenarios
 * of bench/catalogue.ts, order/search, order/info and purchases. Writes
 * bench/results/scale-postgres-<date>.json.
 *
 *   node --import tsx bench/scale.ts [--products N] [--orders M] [--promoters 1000]
 *     [--duration 10] [--connections 10] [--pg-url postgres://…] [--seed-only] [--reseed]
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import pg from 'pg'
import { openDatabase } from '../packages/server/src/index.ts'
import { seedCatalogue } from '../packages/server/src/seed/catalogue.ts'
import { seedOrders } from '../packages/server/src/seed/orders.ts'
import { type ServeProcess, serveProcess, stopProcess } from './_harness.ts'

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback
}

const products = Number(flag('products', '1000000'))
const orders = Number(flag('orders', '5000000'))
const promoters = Number(flag('promoters', '1000'))
const duration = Number(flag('duration', '10'))
const connections = Number(flag('connections', '10'))
const pgUrl = flag('pg-url', 'postgres://postgres@127.0.0.1:5432/postgres')
const ADMIN_KEY = 'tka_bench-admin-key-000000000000000000'

const name = `tuike_bench_p${products}_o${orders}`
const dbUrl = (() => {
  const u = new URL(pgUrl)
  u.pathname = `/${name}`
  return u.toString()
})()

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: pgUrl })
  await c.connect()
  try {
    return await fn(c)
  } finally {
    await c.end()
  }
}

function progress(label: string) {
  let last = 0
  return (done: number, total: number, phase = '') => {
    const now = Date.now()
    if (now - last < 1000 && done < total) return
    last = now
    process.stderr.write(
      `\r${label} ${Math.floor((done / total) * 100)}% ${done}/${total} ${phase}   `,
    )
  }
}

// 1. Seed (once per size; --reseed starts over).
const seeded: { productsSeconds?: number; ordersSeconds?: number; reused: boolean } = {
  reused: true,
}
const exists = await admin(
  async (c) =>
    (await c.query('select 1 from pg_database where datname = $1', [name])).rowCount! > 0,
)
if (exists && process.argv.includes('--reseed')) {
  await admin((c) => c.query(`drop database ${name} with (force)`))
}
if (!exists || process.argv.includes('--reseed')) {
  await admin((c) => c.query(`create database ${name}`))
  seeded.reused = false
  const database = await openDatabase(dbUrl)
  const cat = await seedCatalogue(database.db, {
    products,
    seed: 1,
    onProgress: progress('products'),
  })
  process.stderr.write('\n')
  seeded.productsSeconds = cat.ms / 1000
  console.log(`seeded ${cat.products} products in ${seeded.productsSeconds.toFixed(1)} s`)
  const ord = await seedOrders(database.db, {
    orders,
    promoters,
    seed: 1,
    onProgress: progress('orders'),
  })
  process.stderr.write('\n')
  seeded.ordersSeconds = ord.ms / 1000
  console.log(
    `seeded ${ord.orders} orders in ${seeded.ordersSeconds.toFixed(1)} s (${Math.round(ord.orders / seeded.ordersSeconds)} orders/s)`,
  )
  await database.close()
  const v = new pg.Client({ connectionString: dbUrl })
  await v.connect()
  await v.query('vacuum analyze')
  await v.end()
  // A marker so a run cut short is not taken for a finished seed.
  const m = new pg.Client({ connectionString: dbUrl })
  await m.connect()
  await m.query(
    `create table if not exists bench_seeded (products int, orders int, products_s real, orders_s real)`,
  )
  await m.query('insert into bench_seeded values ($1, $2, $3, $4)', [
    products,
    orders,
    seeded.productsSeconds,
    seeded.ordersSeconds,
  ])
  await m.end()
}
if (process.argv.includes('--seed-only')) process.exit(0)

// 2. Serve with K instances and measure.
type Node = ServeProcess
const startNode = () => serveProcess(dbUrl, ADMIN_KEY)
const stopNode = stopProcess

interface Target {
  /** Path and query after the base URL. */
  path: string
  method?: 'GET' | 'POST'
  body?: string
  headers?: Record<string, string>
}

interface Row {
  name: string
  instances: number
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

/** The load split evenly over the instances (one autocannon per instance, run together). */
async function measure(name: string, nodes: Node[], target: Target): Promise<Row> {
  const latencies: number[] = []
  const per = Math.max(1, Math.round(connections / nodes.length))
  const results = await Promise.all(
    nodes.map(
      (n) =>
        new Promise<autocannon.Result>((resolve, reject) => {
          const opts = {
            url: `${n.url}${target.path}`,
            ...(target.method
              ? { method: target.method, body: target.body, headers: target.headers }
              : {}),
            connections: per,
            duration,
          }
          const inst = autocannon(opts, (err, res) => (err ? reject(err) : resolve(res)))
          inst.on('response', (_c: unknown, _code: number, _bytes: number, ms: number) =>
            latencies.push(ms),
          )
        }),
    ),
  )
  latencies.sort((x, y) => x - y)
  return {
    name,
    instances: nodes.length,
    rps: results.reduce((s, r) => s + Math.round(r.requests.average), 0),
    p50: +percentile(latencies, 50).toFixed(2),
    p95: +percentile(latencies, 95).toFixed(2),
    p99: +percentile(latencies, 99).toFixed(2),
    errors: results.reduce((s, r) => s + r.errors, 0),
    non2xx: results.reduce((s, r) => s + r.non2xx, 0),
  }
}

const loadStart = loadavg()
const first = await startNode()
const adminFetch = async (path: string, method = 'GET', body?: unknown) => {
  const res = await fetch(`${first.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
  return (await res.json()) as any
}

// The first seeded promoter: its orders, one of its spots, a new secret and a token.
const db = new pg.Client({ connectionString: dbUrl })
await db.connect()
const appid = (await db.query('select appid from promoters order by created_at, appid limit 1'))
  .rows[0].appid as string
const { secret } = await adminFetch(`/admin/v1/promoters/${appid}/rotate-secret`, 'POST')
const token = (
  (await (
    await fetch(
      `${first.url}/cgi-bin/token?grant_type=client_credential&appid=${appid}&secret=${secret}`,
    )
  ).json()) as any
).access_token as string
const q = (path: string, params: Record<string, string>) =>
  `${path}?${new URLSearchParams({ ...params, access_token: token })}`

const cats = (await (
  await fetch(`${first.url}${q('/union/promoter/product/category', {})}`)
).json()) as any
const cat = cats.productCats[3].catId as string
const now = Math.floor(Date.now() / 1000)
const ids = (
  await db.query('select order_id from orders where appid = $1 order by pay_time desc limit 200', [
    appid,
  ])
).rows.map((r) => r.order_id as string)
const pid = (await db.query('select pid from promotion_spots where appid = $1 limit 1', [appid]))
  .rows[0].pid as string
const product = (await db.query('select pk, id, shop_appid from products order by pk limit 1'))
  .rows[0]
await db.query('update skus set stock = 1000000000 where product_pk = $1', [product.pk])
const gen = (await (
  await fetch(`${first.url}${q('/union/promoter/product/generate', {})}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      pid,
      productList: [{ productId: product.id, appId: product.shop_appid }],
    }),
  })
).json()) as any
const code = gen.list[0].shareInfo.promotionUrl.split('/s/')[1] as string
const counts = async () =>
  Number((await db.query('select count(*)::int as n from orders')).rows[0].n)
const ordersBefore = await counts()

const json = { 'content-type': 'application/json' }
const scenarios: Record<string, Target> = {
  'catalogue a no filter, page 1': {
    path: q('/union/promoter/product/list', { from: '0', limit: '20' }),
  },
  'catalogue b 洗衣 + price + sortType 4': {
    path: q('/union/promoter/product/list', {
      from: '0',
      limit: '20',
      query: '洗衣',
      minPrice: '1000',
      maxPrice: '8000',
      sortType: '4',
    }),
  },
  'catalogue c from=10000': {
    path: q('/union/promoter/product/list', { from: '10000', limit: '20' }),
  },
  'catalogue d category + hasCoupon + ratio': {
    path: q('/union/promoter/product/list', {
      from: '0',
      limit: '20',
      category: cat,
      hasCoupon: '1',
      minCommissionRatio: '1000',
    }),
  },
  'orders a order/search 30 d, pageSize 200': {
    path: q('/union/promoter/order/search', {
      page: '1',
      pageSize: '200',
      startTimestamp: String(now - 40 * 86400),
      endTimestamp: String(now - 10 * 86400),
    }),
  },
  [`orders b order/info ${ids.length} ids`]: {
    path: q('/union/promoter/order/info', {}),
    method: 'POST',
    headers: json,
    body: JSON.stringify({ orderIdList: ids }),
  },
  'orders c purchases (durable orders)': {
    path: '/admin/v1/purchases',
    method: 'POST',
    headers: { ...json, authorization: `Bearer ${ADMIN_KEY}` },
    body: JSON.stringify({ code }),
  },
}
// Each scenario answers errcode 0 before it is measured.
const matches: Record<string, number> = {}
for (const [name, t] of Object.entries(scenarios)) {
  if (t.path.startsWith('/admin/')) continue
  const res = (await (
    await fetch(`${first.url}${t.path}`, { method: t.method, headers: t.headers, body: t.body })
  ).json()) as any
  if (res.errcode !== 0) throw new Error(`${name}: ${JSON.stringify(res).slice(0, 300)}`)
  matches[name] = res.total ?? res.totalNum ?? res.orderList?.length
}

const rows: Row[] = []
const only = flag('instances', '1,2').split(',').map(Number)
const nodes: Node[] = [first]
for (const k of only) {
  while (nodes.length < k) nodes.push(await startNode())
  while (nodes.length > k) await stopNode(nodes.pop()!)
  for (const [name, t] of Object.entries(scenarios)) {
    // Warm each instance (its per-filter count cache and its pool) before the measured run.
    for (const n of nodes) {
      await fetch(`${n.url}${t.path}`, { method: t.method, headers: t.headers, body: t.body })
    }
    const row = await measure(name, nodes, t)
    rows.push(row)
    console.log(
      `${String(k)} × | ${name.padEnd(42)} | ${String(row.rps).padStart(6)} req/s | p50 ${row.p50} p95 ${row.p95} p99 ${row.p99} ms | errors ${row.errors + row.non2xx}`,
    )
  }
}
const purchasesStored = (await counts()) - ordersBefore
await Promise.all(nodes.map(stopNode))
const marker = await db.query('select * from bench_seeded limit 1').catch(() => ({ rows: [] }))
await db.end()

const table = Object.keys(scenarios).map((name) => {
  const one = rows.find((r) => r.name === name && r.instances === 1)
  const two = rows.find((r) => r.name === name && r.instances === 2)
  return {
    name,
    matches: matches[name] ?? null,
    rps1: one?.rps ?? null,
    rps2: two?.rps ?? null,
    speedup: one && two ? +(two.rps / one.rps).toFixed(2) : null,
  }
})
console.log('\nscenario                                    | matches  | 1 inst | 2 inst | ×')
for (const r of table) {
  console.log(
    `${r.name.padEnd(44)}| ${String(r.matches ?? '-').padStart(8)} | ${String(r.rps1 ?? '-').padStart(6)} | ${String(r.rps2 ?? '-').padStart(6)} | ${r.speedup ?? '-'}`,
  )
}

const date = new Date().toISOString().slice(0, 10)
const outDir = join(import.meta.dirname, 'results')
mkdirSync(outDir, { recursive: true })
const file = join(outDir, `scale-postgres-${date}.json`)
writeFileSync(
  file,
  `${JSON.stringify(
    {
      benchmark: 'scale',
      date: new Date().toISOString(),
      dialect: 'postgres',
      postgres: (
        await admin(async (c) => (await c.query('show server_version')).rows[0].server_version)
      ).toString(),
      products,
      orders,
      promoters,
      seed: seeded.reused
        ? { reused: true, ...(marker.rows[0] ?? {}) }
        : { productsSeconds: seeded.productsSeconds, ordersSeconds: seeded.ordersSeconds },
      purchasesStored,
      connections,
      durationSeconds: duration,
      note: 'load split evenly over the instances; client, instances and PostgreSQL share the machine',
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version },
      // Other work on the machine during the run (1, 5, 15 min load averages at the start, end).
      loadavg: { start: loadStart, end: loadavg() },
      summary: table,
      results: rows,
    },
    null,
    2,
  )}\n`,
)
console.log(`\nwrote ${file}`)
