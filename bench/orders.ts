/**
 * Order benchmark: seed N orders (default 5,000,000) over 1,000 promoters into a temporary SQLite
 * database, or into an empty PostgreSQL database given by `--seed-db postgres://…` (with the demo
 * catalogue), serve it on loopback, and measure over HTTP with autocannon:
 * (a) order/search for one promoter, a 30-day pay-time window, pageSize 200; (b) order/info with
 * 200 ids; (c) purchases (POST /admin/v1/purchases, each a durable order) per second; and, in the
 * same run, a bare node:http server answering the bytes of (a). Prints a table and writes
 * bench/results/orders-<dialect>-<date>.json.
 *
 *   node --import tsx bench/orders.ts [--orders N] [--promoters 1000] [--duration 10]
 *     [--connections 10] [--keep] [--db sqlite:<file seeded by an earlier --keep run>]
 *     [--seed-db postgres://…/<empty database>]
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase, silentLogger } from '../packages/server/src/index.ts'
import { seedCatalogue } from '../packages/server/src/seed/catalogue.ts'
import { seedOrders } from '../packages/server/src/seed/orders.ts'
import { startServer } from '../packages/server/src/serve.ts'
import {
  bareServer,
  flag,
  measure,
  nextPort,
  printRows,
  type Row,
  saveResults,
  seedProgress,
  type Target,
} from './_harness.ts'
import { newestOrderIds, promoterAppids } from './_orders.ts'
import { bulkOrders } from './bulk-orders.ts'

const orders = Number(flag('orders', '5000000'))
const promoters = Number(flag('promoters', '1000'))
const duration = Number(flag('duration', '10'))
const connections = Number(flag('connections', '10'))
const ADMIN_KEY = 'tka_bench-admin-key-000000000000000000'

const dir = mkdtempSync(join(tmpdir(), 'tuike-bench-orders-'))
/** `--db sqlite:<file>`: measure a database seeded earlier (by this script) instead of seeding. */
const given = flag('db', '')
const dbUrl = given || flag('seed-db', '') || `sqlite:${join(dir, 'bench.db')}`
const dialect = dbUrl.startsWith('postgres') ? 'postgres' : 'sqlite'

// 1. Seed.
const database = await openDatabase(dbUrl)
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
  : await seedBulk()
const orderCount = seedStats.orders

/**
 * A few thousand orders through seedOrders (promoters, spots, real product snapshots), then the
 * rest generated in the database from them (bulk-orders.ts): 5M orders in about a minute.
 */
async function seedBulk() {
  const started = performance.now()
  const templates = Math.min(orders, 3 * promoters)
  await seedOrders(database.db, { orders: templates, promoters, seed: 1 })
  const progress = seedProgress()
  await bulkOrders(database.db, orders - templates, Math.floor(Date.now() / 1000), progress)
  return { orders, ms: performance.now() - started }
}
await database.close()
console.log(
  `seeded ${seedStats.orders} orders over ${promoters} promoters in ${(seedStats.ms / 1000).toFixed(1)} s (${Math.round(seedStats.orders / (seedStats.ms / 1000))} orders/s, ${dialect})`,
)

// 2. Serve.
const server = await startServer({
  port: nextPort(),
  host: '127.0.0.1',
  db: dbUrl,
  seed: 'none',
  adminKey: ADMIN_KEY,
  log: silentLogger,
})
const s = server.tuike.services
const db = server.database.db
// The promoter with the most orders: promoters are created in the same second (PostgreSQL then
// orders ties at random) and at small scales a few get no template order, so none of the rest.
const promoter = await db
  .selectFrom('orders')
  .select('appid')
  .groupBy('appid')
  .orderBy((eb) => eb.fn.countAll(), 'desc')
  .orderBy('appid')
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

// First sight: the same two reads over many promoters' pages, a different request each time
// (nothing a cache kept from an earlier request can answer).
const cold = await coldTargets(100)

/**
 * Search paths (pages of the same 30-day window) and order/info requests (200 of the promoter's
 * orders) for `n` promoters, shuffled, each only once per pass over the pool.
 */
async function coldTargets(n: number): Promise<{ search: string[]; info: [string, string][] }> {
  // Not the measured promoter: a new token for it would retire the one (a) and (b) send, and
  // they would measure an error response instead.
  const accounts = (await promoterAppids(db, n + 1, 1))
    .filter((a) => a !== promoter.appid)
    .slice(0, n)
  const search: string[] = []
  const info: [string, string][] = []
  for (const appid of accounts) {
    // Through the service, not HTTP: a hundred slow secret checks on a loaded box outlast the
    // server's keep-alive and a reused connection can be reset under the next fetch.
    const { secret: sec } = await s.promoters.rotateSecret(appid)
    const { access_token: tok } = await s.tokens.issueClassic(appid, sec)
    for (let page = 1; page <= 8; page++)
      search.push(
        `/union/promoter/order/search?${new URLSearchParams({
          page: String(page),
          pageSize: '200',
          startTimestamp: String(now - 40 * 86400),
          endTimestamp: String(now - 10 * 86400),
          access_token: tok,
        })}`,
      )
    const own = await newestOrderIds(db, appid)
    for (let k = 0; k + 200 <= own.length; k += 200)
      info.push([
        `/union/promoter/order/info?access_token=${tok}`,
        JSON.stringify({ orderIdList: own.slice(k, k + 200) }),
      ])
  }
  const shuffle = <T>(a: T[]) => {
    for (let i = a.length - 1; i > 0; i--) {
      const j = (i * 7919 + 13) % (i + 1)
      ;[a[i], a[j]] = [a[j]!, a[i]!]
    }
    return a
  }
  return { search: shuffle(search), info: shuffle(info) }
}

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
const bare = await bareServer(baselineBytes)
const load = { connections, duration }

const json = { 'content-type': 'application/json' }
const reads: [string, Target][] = [
  ['a order/search 30 d, pageSize 200', { url: searchUrl }],
  [
    `b order/info ${ids.length} ids`,
    { url: infoUrl, method: 'POST', body: infoBody, headers: json },
  ],
  [`a' order/search, first sight (${cold.search.length})`, { url: server.url, paths: cold.search }],
  [
    `b' order/info 200 ids, first sight (${cold.info.length})`,
    {
      url: server.url,
      method: 'POST',
      headers: json,
      paths: cold.info.map((x) => x[0]),
      bodies: cold.info.map((x) => x[1]),
    },
  ],
]
// Throughput under `connections` concurrent clients, then latency with one client (no queueing
// behind other requests on the server's single thread).
const rows: Row[] = [await measure('baseline node:http (bytes of a)', { url: bare.url }, load)]
for (const [name, target] of reads) rows.push(await measure(name, target, load))
rows.push(
  await measure(
    'c purchases (durable orders)',
    {
      url: `${server.url}/admin/v1/purchases`,
      method: 'POST',
      body: JSON.stringify({ code }),
      headers: { ...json, authorization: `Bearer ${ADMIN_KEY}` },
    },
    load,
  ),
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
const one = { connections: 1, duration }
const latency: Row[] = [await measure('baseline node:http (bytes of a)', { url: bare.url }, one)]
for (const [name, target] of reads) latency.push(await measure(name, target, one))
// Still answers, not errors, after every load (an error is a 200 with an errcode).
for (const res of [
  await fetch(searchUrl),
  await fetch(infoUrl, { method: 'POST', headers: json, body: infoBody }),
]) {
  const { errcode } = (await res.json()) as { errcode: number }
  if (errcode !== 0) throw new Error(`(a) or (b) answered errcode ${errcode}`)
}
bare.server.close()
await server.close()
// `--keep`: leave the seeded database for later runs (`--db sqlite:<file>`).
if (process.argv.includes('--keep')) console.log(`kept ${dbUrl}`)
else rmSync(dir, { recursive: true, force: true })

printRows(
  `orders over HTTP, ${connections} connections × ${duration} s each, ${orderCount} orders over ${promoters} promoters (${dialect}); search window matches ${search.totalNum}; ${purchased} purchases stored (${Math.round(purchased / duration)}/s)`,
  rows,
)
printRows('the same reads, 1 connection (latency)', latency)
// `--label x`: tell runs of one comparison apart in their file names (base, new).
const label = flag('label', '')
saveResults(
  `orders-${dialect}${connections === 10 ? '' : `-c${connections}`}${label && `-${label}`}`,
  {
    benchmark: 'orders',
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
    results: rows,
    latencyOneConnection: latency,
  },
)
