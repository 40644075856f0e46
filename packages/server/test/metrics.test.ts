/**
 * /metrics after real traffic, parsed: requests by endpoint, status and errcode with latency
 * histograms; tokens issued and refused; quota rejections; purchases and settlements; webhook
 * attempts, queue depth and the oldest pending age. And the log lines that traffic causes: each
 * carries the request id of the request (or sweep) that caused it, webhook deliveries included.
 */

import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { promisify } from 'node:util'
import { registerConsole } from '@tuike/web'
import type { Hono } from 'hono'
import { createLogger, Metrics, openDatabase, TestClock } from '../src/index.ts'
import { withRid } from '../src/request-context.ts'
import { has, parsePrometheus, total } from './prometheus.ts'
import { createTestPlatform, eachDialect, openForSuite } from './support.ts'

const KEY = 'tka_metrics-test-admin-key-0123456789'
const run = promisify(execFile)
const DELAY = 3600

eachDialect('metrics and request ids', (dialect) => {
  const clock = new TestClock()
  const lines: Record<string, any>[] = []
  let receiver: ReturnType<typeof createServer>
  let hookUrl: string
  const p = openForSuite(() =>
    createTestPlatform(dialect, {
      clock,
      config: { unionMinuteQuota: 2, settlementDelay: DELAY, webhookRetryBaseMs: 600_000 },
      log: createLogger((l) => lines.push(JSON.parse(l)), { level: 'debug' }),
      adminKey: KEY,
      catalogue: { products: 3, seed: 4 },
    }),
  )
  before(async () => {
    // A route that fails unexpectedly (routes must exist before the first request).
    ;(p.app as unknown as Hono).get('/test-only/boom', () => {
      throw new Error('boom')
    })
    // Composed as tuike serve composes it: the console's static files are part of the app.
    await registerConsole(p.app, { db: p.database.db, schema: p.database.schema })
    receiver = createServer((_req, res) => res.writeHead(503).end())
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
    hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`
  })
  after(() => receiver.close())

  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await p.app.request(path, {
      method,
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    return { rid: res.headers.get('x-request-id')!, body: (await res.json()) as any }
  }
  const scrape = async () => {
    const res = await p.app.request('/metrics', { headers: { authorization: `Bearer ${KEY}` } })
    assert.equal(res.status, 200)
    assert.match(res.headers.get('content-type')!, /^text\/plain; version=0\.0\.4/)
    return parsePrometheus(await res.text())
  }

  test('every count follows the traffic sent', async () => {
    const { appid, token } = await p.promoter()
    await p.app.request(
      `/cgi-bin/token?grant_type=client_credential&appid=${appid}&secret=${'0'.repeat(32)}`,
    )
    for (let i = 0; i < 3; i++) await p.get('/union/promoter/promotion/list', token)
    await p.app.request('/no/such/path')
    assert.equal((await p.app.request('/metrics')).status, 401)

    const { pid } = await p.post('/union/promoter/promotion/add', token, {
      promotionSourceName: '指标',
    })
    await p.post('/tuike/v1/webhook/add', token, { url: hookUrl })
    const products = await p.database.db
      .selectFrom('products')
      .select(['id', 'shop_appid'])
      .execute()
    const gen = await p.post('/union/promoter/product/generate', token, {
      pid,
      productList: products.map((x) => ({ productId: x.id, appId: x.shop_appid })),
    })
    assert.equal(gen.errcode, 0, JSON.stringify(gen))
    const code = gen.list[0].shareInfo.promotionUrl.split('/s/')[1]
    const bought = [
      await admin('POST', '/admin/v1/purchases', { code }),
      await admin('POST', '/admin/v1/purchases', { code }),
    ]
    const [a, b] = bought.map((x) => x.body.orderId as string)
    await admin('POST', `/admin/v1/orders/${a}/confirm-receipt`)
    await admin('POST', `/admin/v1/orders/${a}/settle`)
    await admin('POST', `/admin/v1/orders/${b}/confirm-receipt`)
    clock.advance(DELAY + 1)
    const sweepRid = 'feedbeef-00000000-00000001'
    assert.equal(await withRid(sweepRid, () => p.services.orders.settleDue()), 1)
    await p.services.webhooks.deliverDue()

    const m = await scrape()
    const req = (endpoint: string, labels: Record<string, string> = {}) =>
      total(m, 'tuike_http_requests_total', { endpoint, ...labels })
    assert.equal(req('promotion/list', { status: '200', errcode: '0' }), 2)
    assert.equal(req('promotion/list', { errcode: '45011' }), 1)
    assert.equal(
      total(m, 'tuike_http_request_duration_seconds_count', { endpoint: 'promotion/list' }),
      3,
    )
    assert.ok(has(m, 'tuike_http_request_duration_seconds_bucket'))
    assert.equal(req('unmatched', { status: '404', errcode: '40066' }), 1)
    assert.equal(req('/metrics', { status: '401', errcode: '40001' }), 1)
    assert.equal(req('/admin/v1/purchases', { status: '201' }), 2)
    assert.equal(total(m, 'tuike_tokens_issued_total', { endpoint: 'cgi-bin/token' }), 1)
    assert.equal(total(m, 'tuike_token_failures_total', { endpoint: 'cgi-bin/token' }), 1)
    assert.equal(
      total(m, 'tuike_quota_rejections_total', { endpoint: 'promotion/list', window: 'minute' }),
      1,
    )
    assert.equal(total(m, 'tuike_purchases_total'), 2)
    assert.equal(total(m, 'tuike_settlements_total', { how: 'manual' }), 1)
    assert.equal(total(m, 'tuike_settlements_total', { how: 'sweep' }), 1)

    // Webhooks: each order was created, updated (receipt) and settled. The receiver refuses,
    // and a later change of an order waits for the earlier: 2 attempts, 6 pending.
    const pending = await p.database.db
      .selectFrom('webhook_deliveries')
      .select(['rid', 'event', 'order_id'])
      .where('status', '=', 'pending')
      .execute()
    assert.equal(pending.length, 6)
    assert.equal(total(m, 'tuike_webhook_attempts_total', { outcome: 'retry' }), 2)
    assert.equal(total(m, 'tuike_webhook_queue_depth'), 6)
    const age = total(m, 'tuike_webhook_oldest_pending_seconds')
    assert.ok(age >= 0 && age < 60, `oldest pending ${age} s`)
    assert.equal(total(m, 'tuike_workers'), 1)
    assert.equal(total(m, 'tuike_draining'), 0)

    // Request ids: a delivery keeps the rid of the request (or sweep) whose change queued it,
    // and the worker's line about it carries that rid.
    const purchaseRid = new Map(bought.map((x) => [x.body.orderId, x.rid]))
    const queuedBy = (event: string, order: string) =>
      pending.find((d) => d.event === event && d.order_id === order)?.rid
    assert.equal(queuedBy('order.created', a), purchaseRid.get(a))
    assert.equal(queuedBy('order.settled', b), sweepRid)
    assert.notEqual(queuedBy('order.settled', a), sweepRid, 'settled by the operator request')
    const deliveries = lines.filter((l) => l.msg === 'webhook delivery')
    assert.deepEqual(
      deliveries.map((d) => [d.rid, d.event, d.outcome, d.level]).sort(),
      bought.map((x) => [x.rid, 'order.created', 'retry', 'warn']).sort(),
    )
    // Each purchase request's access line carries its rid too.
    for (const { rid } of bought)
      assert.ok(lines.some((l) => l.msg === 'request' && l.rid === rid && l.status === 201))
  })

  test('an unexpected error is logged with the request id the client got', async () => {
    const res = await p.app.request('/test-only/boom')
    const rid = res.headers.get('x-request-id')
    const body = (await res.json()) as { errcode: number; errmsg: string }
    assert.equal(body.errcode, -1)
    assert.ok(body.errmsg.endsWith(`rid: ${rid}`))
    const error = lines.find((l) => l.msg === 'unhandled error')
    assert.equal(error?.rid, rid)
    assert.equal(error?.level, 'error')
    assert.match(error?.error, /boom/)
    const m = await scrape()
    assert.equal(total(m, 'tuike_http_requests_total', { errcode: '-1' }), 1)
  })

  test('static files are logged at debug level, API calls at info', async () => {
    await p.app.request('/console-assets/console.css')
    const css = lines.findLast((l) => l.url === '/console-assets/console.css')
    assert.equal(css?.level, 'debug')
    assert.equal(lines.findLast((l) => l.url === '/no/such/path')?.level, 'info')
  })
})

test('a cluster primary combines its workers: counters add up, shared gauges are not multiplied', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tuike-cluster-'))
  const file = join(dir, 't.db')
  try {
    const database = await openDatabase(`sqlite:${file}`)
    for (const id of ['dlv_1', 'dlv_2', 'dlv_3'])
      await database.db
        .insertInto('webhook_deliveries')
        .values({
          delivery_id: id,
          webhook_id: 'wh_1',
          appid: 'wx1',
          event: 'order.created',
          order_id: id,
          seq: 1,
          payload: '{}',
          status: 'pending',
          next_attempt_at: Date.now() + 3_600_000,
          first_queued_at: Date.now(),
          created_at: 0,
        })
        .execute()
    await database.close()
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'cluster-metrics.ts'), file],
      { timeout: 60_000 },
    )
    const m = parsePrometheus(stdout)
    assert.equal(total(m, 'tuike_workers'), 2)
    assert.equal(total(m, 'tuike_http_requests_total', { endpoint: '/healthz' }), 1 + 2)
    assert.equal(total(m, 'tuike_webhook_queue_depth'), 3)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('the sample Grafana dashboard queries only metrics the server exposes', async () => {
  const dashboard = JSON.parse(
    readFileSync(
      join(import.meta.dirname, '..', '..', '..', 'docs', 'grafana-dashboard.json'),
      'utf8',
    ),
  ) as { panels: { targets: { expr: string }[] }[] }
  const metrics = new Metrics()
  metrics.collectProcessMetrics()
  metrics.watchDatabase(() => ({ pool: { total: 1, idle: 1, waiting: 0, max: 10 }, walBytes: 1 }))
  metrics.watchWebhookQueue(async () => ({ depth: 0, oldestQueuedAtMs: null }))
  metrics.request('cgi-bin/token', 200, 0, 0.01)
  metrics.request('cgi-bin/token', 200, 40001, 0.01)
  metrics.request('promotion/list', 200, 45011, 0.01)
  metrics.webhookAttempt('delivered')
  metrics.purchase()
  metrics.settled(1, 'sweep')
  const exposed = new Set(parsePrometheus(await metrics.text()).map((s) => s.name))
  const queried = dashboard.panels.flatMap((p) =>
    p.targets.flatMap((t) => t.expr.match(/\b(tuike|process|nodejs)_[a-z0-9_]+/g) ?? []),
  )
  assert.ok(queried.length >= 20)
  for (const name of new Set(queried)) assert.ok(exposed.has(name), `${name} is exposed`)
})
