/**
 * Order benchmark: seed N orders (default 5,000,000) over 1,000 promoters into a temporary SQLite
 * database (with the demo catalogue), serve it on loopback, and measure over HTTP with autocannon:
 * (a) order/search for one promoter, a 30-day pay-time window, pageSize 200; (b) order/info with
 * 200 ids; (c) purchases (POST /admin/v1/purchases, each a durable order) per second; and, in the
 * same run, a bare node:http server answering the bytes of (a). Prints a table and writes
 * bench/results/orders-<dialect>-<date>.json.
 *
 *   node --import tsx bench/orders.ts [--orders N] [--promoters 1000] [--duration 10]
 *     [--connections 10]
 * @module
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { openDatabase, silentLogger } from '../packages/server/src/index.ts'
import { seedCatalogue } from '../packages/server/src/seed/catalogue.ts'
import { seedOrders } from '../packages/server/src/seed/orders.ts'
import { startServer } from '../packages/server/src/serve.ts'

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback
}

const orders = Number(flag('orders', '5000000'))
const promoters = Number(flag('promoters', '1000'))
const duration = Number(flag('duration', '10'))
const connections = Number(flag('connections', '10'))
const dialect = 'sqlite'
const ADMIN_KEY = 'tka_bench_admin_key'

const dir = mkdtempSync(join(tmpdir(), 'tuike-bench-orders-'))
/** `--db sqlite:<file>`: measure a database seeded earlier (by this script) instead of seeding. */
const given = flag('db', '')
const dbUrl = given || `sqlite:${join(dir, 'bench.db')}`

// 1. Seed.
const database = await openDatabase(dbUrl)
let lastDraw = 0
if (!given) await seedCatalogue(database.db, { products: 2000, seed: 1 })
const seedStats = given
  ? {
      orders: Number(
        (
          await database.db
            .selectFrom('orders')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
      ms: Number.NaN,
    }
  : await seedOrders(database.db, {
      orders,
      promoters,
      seed: 1,
      onProgress(done, total) {
        const now = Date.now()
        if (now - lastDraw < 500 && done < total) return
        lastDraw = now
        const pct = Math.floor((done / total) * 100)
        const bar = '#'.repeat(Math.floor(pct / 4)).padEnd(25, '.')
        process.stderr.write(`\rseeding [${bar}] ${pct}% ${done}/${total}   `)
      },
    })
const orderCount = seedStats.orders
process.stderr.write('\n')
await database.close()
console.log(
  `seeded ${seedStats.orders} orders over ${promoters} promoters in ${(seedStats.ms / 1000).toFixed(1)} s (${Math.round(seedStats.orders / (seedStats.ms / 1000))} orders/s, ${dialect})`,
)

// 2. Serve.
const server = await startServer({
  port: 0,
  host: '127.0.0.1',
  db: dbUrl,
  seed: 'none',
  adminKey: ADMIN_KEY,
  log: silentLogger,
})
const s = server.tuike.services
const db = server.database.db
const promoter = await db
  .selectFrom('promoters')
  .select('appid')
  .orderBy('created_at')
  .limit(1)
  .executeTakeFirstOrThrow()
const { secret } = await s.promoters.rotateSecret(promoter.appid)
const { access_token: token } = (await (
  await fetch(
    `${server.url}/cgi-bin/token?grant_type=client_credential&appid=${promoter.appid}&secret=${secret}`,
  )
).json()) as { access_token: string }

const now = Math.floor(Date.now() / 1000)
const searchUrl = `${server.url}/union/promoter/order/search?${new URLSearchParams({
  page: '1',
  pageSize: '200',
  startTimestamp: String(now - 40 * 86400),
  endTimestamp: String(now - 10 * 86400),
  access_token: token,
})}`
const search = (await (await fetch(searchUrl)).json()) as {
  errcode: number
  totalNum: number
  orderList: unknown[]
}
if (search.errcode !== 0 || search.orderList.length === 0)
  throw new Error(JSON.stringify(search).slice(0, 200))
const ids = (
  await db
    .selectFrom('orders')
    .select('order_id')
    .where('appid', '=', promoter.appid)
    .orderBy('pay_time', 'desc')
    .limit(200)
    .execute()
).map((r) => r.order_id)
const infoUrl = `${server.url}/union/promoter/order/info?access_token=${token}`
const infoBody = JSON.stringify({ orderIdList: ids })
const info = (await (
  await fetch(infoUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: infoBody,
  })
).json()) as { orderList: unknown[] }
if (info.orderList.length !== ids.length)
  throw new Error(`order/info returned ${info.orderList.length}`)

// A material of that promoter's first spot, with stock for any number of purchases.
const spot = await db
  .selectFrom('promotion_spots')
  .select('pid')
  .where('appid', '=', promoter.appid)
  .limit(1)
  .executeTakeFirstOrThrow()
const product = await db
  .selectFrom('products')
  .select(['pk', 'id', 'shop_appid'])
  .orderBy('pk')
  .limit(1)
  .executeTakeFirstOrThrow()
await db
  .updateTable('skus')
  .set({ stock: 1_000_000_000 })
  .where('product_pk', '=', product.pk)
  .execute()
const gen = await s.materials.generate(
  promoter.appid,
  spot.pid,
  [{ productId: product.id, appId: product.shop_appid }],
  server.url,
)
const code = gen.list[0]!.shareInfo!.promotionUrl.split('/s/')[1]!
const ordersBefore = Number(
  (
    await db
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n,
)

// 3. Baseline: a bare node:http server answering the bytes of (a).
const baselineBytes = Buffer.from(await (await fetch(searchUrl)).arrayBuffer())
const bare = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': baselineBytes.length })
  res.end(baselineBytes)
})
await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r))
const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`

interface Row {
  name: string
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

async function measure(
  name: string,
  opts: { url: string; method?: 'POST'; body?: string; headers?: Record<string, string> },
): Promise<Row> {
  const latencies: number[] = []
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const inst = autocannon({ ...opts, connections, duration }, (err, res) =>
      err ? reject(err) : resolve(res),
    )
    inst.on('response', (_c: unknown, _code: number, _bytes: number, ms: number) =>
      latencies.push(ms),
    )
  })
  latencies.sort((x, y) => x - y)
  return {
    name,
    rps: Math.round(result.requests.average),
    p50: +percentile(latencies, 50).toFixed(2),
    p95: +percentile(latencies, 95).toFixed(2),
    p99: +percentile(latencies, 99).toFixed(2),
    errors: result.errors,
    non2xx: result.non2xx,
  }
}

const json = { 'content-type': 'application/json' }
const rows: Row[] = []
rows.push(await measure('baseline node:http (bytes of a)', { url: bareUrl }))
rows.push(await measure('a order/search 30 d, pageSize 200', { url: searchUrl }))
rows.push(
  await measure(`b order/info ${ids.length} ids`, {
    url: infoUrl,
    method: 'POST',
    body: infoBody,
    headers: json,
  }),
)
rows.push(
  await measure('c purchases (durable orders)', {
    url: `${server.url}/admin/v1/purchases`,
    method: 'POST',
    body: JSON.stringify({ code }),
    headers: { ...json, authorization: `Bearer ${ADMIN_KEY}` },
  }),
)
const ordersAfter = Number(
  (
    await db
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n,
)
const purchased = ordersAfter - ordersBefore
bare.close()
await server.close()
rmSync(dir, { recursive: true, force: true })

const baseRps = rows[0]!.rps
console.log(
  `\norders over HTTP, ${connections} connections × ${duration} s each, ${orderCount} orders over ${promoters} promoters (${dialect}); search window matches ${search.totalNum}; ${purchased} purchases stored (${Math.round(purchased / duration)}/s)`,
)
console.log(
  'scenario                          |   req/s | % base | p50 ms | p95 ms | p99 ms | errors',
)
console.log(
  '----------------------------------|---------|--------|--------|--------|--------|-------',
)
for (const r of rows) {
  console.log(
    `${r.name.padEnd(34)}| ${String(r.rps).padStart(7)} | ${((r.rps / baseRps) * 100).toFixed(0).padStart(5)}% | ${r.p50.toFixed(2).padStart(6)} | ${r.p95.toFixed(2).padStart(6)} | ${r.p99.toFixed(2).padStart(6)} | ${r.errors + r.non2xx}`,
  )
}

const date = new Date().toISOString().slice(0, 10)
const outDir = join(import.meta.dirname, 'results')
mkdirSync(outDir, { recursive: true })
const file = join(
  outDir,
  `orders-${dialect}${connections === 10 ? '' : `-c${connections}`}-${date}.json`,
)
writeFileSync(
  file,
  `${JSON.stringify(
    {
      benchmark: 'orders',
      date: new Date().toISOString(),
      dialect,
      orders: orderCount,
      seeded: given ? `reused ${given.replace(/^sqlite:/, '')}` : 'this run',
      promoters,
      seedSeconds: seedStats.ms / 1000,
      seedOrdersPerSecond: Math.round(seedStats.orders / (seedStats.ms / 1000)),
      searchWindowMatches: search.totalNum,
      purchasesStored: purchased,
      purchasesPerSecond: Math.round(purchased / duration),
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
