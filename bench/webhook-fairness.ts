/**
 * Webhook fairness benchmark (issue 15 item 4): promoter X has 10 webhooks at a receiver that
 * answers each request after 15 s, and 20 purchases queue 200 deliveries for them; meanwhile
 * `--others` other promoters (one webhook each, at a prompt receiver) buy once every 200 ms. The
 * delivery worker runs as `tuike serve` runs it (poll interval 1 s, default timeouts); the latency
 * of each other promoter's delivery is from its purchase's commit to the receiver's request.
 * Prints p50/p95/max and writes bench/results/webhook-fairness-<date>.json. Target: p95 < 2 s.
 *
 *   node --import tsx bench/webhook-fairness.ts [--others 5] [--purchases 50] [--stall 15000]
 * @module
 */
import { createServer } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { seedCatalogue } from '../packages/server/src/seed/catalogue.ts'
import { createTestPlatform, type TestPlatform } from '../packages/testkit/src/index.ts'
import { flag, saveResults } from './_harness.ts'

const others = Number(flag('others', '5'))
const purchases = Number(flag('purchases', '50'))
const stallMs = Number(flag('stall', '15000'))

/** A receiver answering after `delayMs`; `seen` gets the time each delivery id arrived. */
async function receiver(delayMs: number) {
  const seen = new Map<string, number>()
  const sockets = new Set<Socket>()
  const server = createServer((req, res) => {
    seen.set(String(req.headers['tuike-webhook-id']), performance.now())
    req.resume()
    setTimeout(() => res.end('ok'), delayMs).unref()
  })
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`
  const close = () => {
    for (const s of sockets) s.destroy()
    return new Promise((r) => server.close(r))
  }
  return { url, seen, close }
}

/** A promoter with one material (a short-link code) and `hooks` webhooks at `url`. */
async function promoter(p: TestPlatform, url: string, hooks: number, product: number) {
  const { token } = await p.promoter()
  const { pid } = await p.post('/union/promoter/promotion/add', token, {
    promotionSourceName: 'bench',
  })
  const row = await p.database.db
    .selectFrom('products')
    .select(['id', 'shop_appid'])
    .orderBy('pk')
    .offset(product)
    .limit(1)
    .executeTakeFirstOrThrow()
  const gen = await p.post('/union/promoter/product/generate', token, {
    pid,
    productList: [{ productId: row.id, appId: row.shop_appid }],
  })
  for (let i = 0; i < hooks; i++) await p.post('/tuike/v1/webhook/add', token, { url })
  return String(gen.list[0].shareInfo.promotionUrl).split('/s/')[1]!
}

const p = await createTestPlatform('sqlite', {
  config: { publicUrl: 'https://bench.example', allowPrivateWebhooks: true },
})
await seedCatalogue(p.database.db, { products: 50, seed: 3 })
await p.database.db.updateTable('skus').set({ stock: 1_000_000 }).execute()
const stalled = await receiver(stallMs)
const prompt = await receiver(0)
const x = await promoter(p, stalled.url, 10, 0)
const codes = await Promise.all(
  Array.from({ length: others }, (_, i) => promoter(p, prompt.url, 1, i + 1)),
)

const worker = p.services.webhooks.start(1000, (err) => console.error(err))
for (let i = 0; i < 20; i++) await p.services.materials.purchase({ code: x })
const queuedAt = new Map<string, number>()
for (let i = 0; i < purchases; i++) {
  const { orderId } = await p.services.materials.purchase({ code: codes[i % others]! })
  queuedAt.set(orderId, performance.now())
  await new Promise((r) => setTimeout(r, 200))
}
const deadline = performance.now() + 120_000
while (prompt.seen.size < purchases && performance.now() < deadline) {
  await new Promise((r) => setTimeout(r, 100))
}
const rows = await p.database.db
  .selectFrom('webhook_deliveries')
  .select(['delivery_id', 'order_id'])
  .where('order_id', 'in', [...queuedAt.keys()])
  .execute()
const latencies = rows
  .map(
    (r) => (prompt.seen.get(r.delivery_id) ?? Number.POSITIVE_INFINITY) - queuedAt.get(r.order_id)!,
  )
  .sort((a, b) => a - b)
const pct = (q: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!
const result = {
  others,
  purchases,
  stallMs,
  stalledRequestsSeen: stalled.seen.size,
  delivered: latencies.filter(Number.isFinite).length,
  p50Ms: Math.round(pct(0.5)),
  p95Ms: Math.round(pct(0.95)),
  maxMs: Math.round(latencies.at(-1)!),
}
console.table([result])
saveResults('webhook-fairness', { result, latenciesMs: latencies.map(Math.round) })
await stalled.close()
await worker.stop()
await prompt.close()
await p.close()
