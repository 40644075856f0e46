/**
 * Tuike's extension API (/tuike/v1): the order change feed under concurrent writes, the cursor
 * across a restart, webhooks through a failing loopback receiver, reports against order/info, the
 * attribution explainer's reasons, and webhook URL validation.
 */
import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { Order, OrderChange } from '@tuike/contract'
import { createTuike, openDatabase, silentLogger, TestClock } from '../src/index.ts'
import { seedCatalogue } from '../src/seed/catalogue.ts'
import { createTestPlatform, DIALECTS, oneLineOrder, type TestPlatform } from './support.ts'

const CHANGES = '/tuike/v1/order/changes'
const GENERATE = '/union/promoter/product/generate'
const INFO = '/union/promoter/order/info'
const SEARCH = '/union/promoter/order/search'
const T0 = 1_700_000_000

/** The state a feed reader keeps: the latest order per id, by applying changes in order. */
function apply(copy: Map<string, Order>, changes: OrderChange[]) {
  for (const c of changes) copy.set(c.orderId, c.order)
}

async function setup(p: TestPlatform, products = 3) {
  const promoter = await p.promoter()
  const { pid } = await p.post('/union/promoter/promotion/add', promoter.token, {
    promotionSourceName: '首页',
  })
  const rows = await p.database.db
    .selectFrom('products')
    .select(['id', 'shop_appid', 'pk'])
    .orderBy('pk')
    .limit(products)
    .execute()
  await p.database.db
    .updateTable('skus')
    .set({ stock: 100000 })
    .where(
      'product_pk',
      'in',
      rows.map((r) => r.pk),
    )
    .execute()
  const gen = await p.post(GENERATE, promoter.token, {
    pid,
    productList: rows.map((r) => ({ productId: r.id, appId: r.shop_appid })),
  })
  assert.equal(gen.errcode, 0, JSON.stringify(gen))
  const codes = (gen.list as { shareInfo: { promotionUrl: string } }[]).map(
    (m) => m.shareInfo.promotionUrl.split('/s/')[1]!,
  )
  return { ...promoter, pid: pid as string, codes, products: rows }
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: order change feed`, () => {
    let p: TestPlatform
    let clock: TestClock
    before(async () => {
      clock = new TestClock(T0 * 1000)
      p = await createTestPlatform(dialect, {
        clock,
        config: { publicUrl: 'https://t.example', settlementDelay: 60 },
      })
      await seedCatalogue(p.database.db, { products: 20, seed: 5 })
    })
    after(() => p.close())

    test('concurrent purchases and transitions while a reader pages with limit 7: every change once, in order', async () => {
      const { token, codes } = await setup(p)
      const s = p.services
      const copy = new Map<string, Order>()
      const seen: number[] = []
      let cursor = ''
      const read = async () => {
        for (;;) {
          const res = await p.get(CHANGES, token, { cursor, limit: 7 })
          assert.equal(res.errcode, 0, JSON.stringify(res))
          assert.equal(res.errmsg, 'ok')
          for (const c of res.changes as OrderChange[]) seen.push(c.seq)
          apply(copy, res.changes)
          cursor = res.nextCursor
          if (!res.hasMore) return
        }
      }
      let writing = true
      const reader = (async () => {
        while (writing) {
          await read()
          await new Promise((r) => setTimeout(r, 1))
        }
        await read()
      })()
      const ids: string[] = []
      await Promise.all(
        Array.from({ length: 40 }, async (_, i) => {
          const { orderId } = await s.materials.purchase({ code: codes[i % codes.length]! })
          ids.push(orderId)
          if (i % 4 === 0) await s.orders.refund(orderId)
          else if (i % 4 === 1) await s.orders.confirmReceipt(orderId)
          else if (i % 4 === 2) {
            await s.orders.confirmReceipt(orderId)
            await s.orders.settle(orderId)
          }
          // Racing transitions: only one of them applies; the loser changes nothing.
          if (i % 4 === 3)
            await Promise.allSettled([s.orders.refund(orderId), s.orders.refund(orderId)])
        }),
      )
      clock.advance(120)
      await s.orders.settleDue()
      writing = false
      await reader
      const expected = 40 + 10 + 10 + 20 + 10 + 10
      assert.deepEqual(
        seen,
        Array.from({ length: expected }, (_, i) => i + 1),
        'seq 1…n, each once, in order',
      )
      // The copy equals the server's orders.
      const info = await p.post(INFO, token, { orderIdList: ids })
      assert.equal(info.orderList.length, 40)
      for (const o of info.orderList as Order[]) assert.deepEqual(copy.get(o.orderId), o)
      // Nothing new: the same cursor comes back.
      const again = await p.get(CHANGES, token, { cursor })
      assert.deepEqual(again.changes, [])
      assert.equal(again.nextCursor, cursor)
      assert.equal(again.hasMore, false)
    })

    test('a change carries its type and previous status; feeds are per promoter; bad cursors are refused', async () => {
      const a = await setup(p, 1)
      const b = await setup(p, 1)
      const { orderId } = await p.services.materials.purchase({ code: a.codes[0]! })
      await p.services.orders.refund(orderId)
      const res = await p.get(CHANGES, a.token)
      assert.deepEqual(
        res.changes.map((c: OrderChange) => [c.seq, c.type, c.previousStatus, c.status]),
        [
          [1, 'order.created', null, 'SETTLEMENT_PENDING'],
          [2, 'order.canceled', 'SETTLEMENT_PENDING', 'SETTLEMENT_CANCELED'],
        ],
      )
      assert.equal(res.changes[1].order.productList[0].commission, '¥0')
      assert.deepEqual((await p.get(CHANGES, b.token)).changes, [])
      const bad = await p.get(CHANGES, a.token, { cursor: 'not-a-cursor' })
      assert.equal(bad.errcode, 200002)
      assert.equal((await p.get(CHANGES, a.token, { limit: 1001 })).errcode, 200002)
    })
  })
}

test('sqlite: the cursor survives a restart (the same database file reopened)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tuike-feed-'))
  const url = `sqlite:${join(dir, 'tuike.db')}`
  try {
    const open = async () => {
      const database = await openDatabase(url)
      const tuike = await createTuike({ db: database.db, log: silentLogger })
      return { database, tuike }
    }
    const first = await open()
    const { appid, secret } = await first.tuike.services.promoters.create('restart')
    const order = () => first.tuike.services.orders.create(oneLineOrder(appid, {}, { payTime: T0 }))
    const tokenOf = async (t: typeof first.tuike) =>
      (
        (await (
          await t.app.request(
            `/cgi-bin/token?grant_type=client_credential&appid=${appid}&secret=${secret}`,
          )
        ).json()) as { access_token: string }
      ).access_token
    const a = await order()
    const b = await order()
    let token = await tokenOf(first.tuike)
    const page = (await (
      await first.tuike.app.request(`${CHANGES}?limit=1&access_token=${token}`)
    ).json()) as any
    assert.equal(page.changes[0].orderId, a)
    assert.equal(page.hasMore, true)
    await first.database.close()

    const second = await open()
    token = await tokenOf(second.tuike)
    const rest = (await (
      await second.tuike.app.request(
        `${CHANGES}?cursor=${page.nextCursor}&limit=10&access_token=${token}`,
      )
    ).json()) as any
    assert.deepEqual(
      rest.changes.map((c: OrderChange) => [c.seq, c.orderId]),
      [[2, b]],
    )
    await second.database.close()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

/** A loopback receiver that answers 503 to the first `failures` attempts of each delivery id. */
async function receiver(failures: number) {
  const attempts = new Map<string, number>()
  const received: { headers: IncomingHttpHeaders; body: string }[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (d: Buffer) => {
      body += d.toString()
    })
    req.on('end', () => {
      const id = String(req.headers['tuike-webhook-id'])
      const n = (attempts.get(id) ?? 0) + 1
      attempts.set(id, n)
      if (n <= failures) {
        res.writeHead(503).end()
        return
      }
      received.push({ headers: req.headers, body })
      res.writeHead(200).end('ok')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`
  return { url, attempts, received, close: () => new Promise((r) => server.close(r)) }
}

function verify(headers: IncomingHttpHeaders, body: string, secret: string): boolean {
  const ts = String(headers['tuike-webhook-timestamp'])
  const sig = `v1=${createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex')}`
  return headers['tuike-webhook-signature'] === sig
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: webhooks, reports, explainer`, () => {
    let p: TestPlatform
    before(async () => {
      p = await createTestPlatform(dialect, {
        config: {
          publicUrl: 'https://t.example',
          allowPrivateWebhooks: true,
          webhookRetryBaseMs: 10,
        },
      })
      await seedCatalogue(p.database.db, { products: 20, seed: 6 })
    })
    after(() => p.close())

    test('a receiver failing the first two attempts gets every event, in order per order, each signature valid', async () => {
      const r = await receiver(2)
      try {
        const { token, codes } = await setup(p)
        const add = await p.post('/tuike/v1/webhook/add', token, { url: r.url })
        assert.equal(add.errcode, 0, JSON.stringify(add))
        assert.match(add.secret, /^whsec_[0-9a-f]{32}$/)
        const ids: string[] = []
        await Promise.all(
          Array.from({ length: 12 }, async (_, i) => {
            const { orderId } = await p.services.materials.purchase({ code: codes[i % 3]! })
            ids.push(orderId)
            if (i % 2 === 0) await p.services.orders.refund(orderId)
            else {
              await p.services.orders.confirmReceipt(orderId)
              await p.services.orders.settle(orderId)
            }
          }),
        )
        const deadline = Date.now() + 30_000
        while (r.received.length < 12 + 6 + 12 && Date.now() < deadline) {
          await p.services.webhooks.deliverDue()
          await new Promise((res) => setTimeout(res, 15))
        }
        assert.equal(r.received.length, 30)
        const bySeq: number[] = []
        const perOrder = new Map<string, string[]>()
        for (const { headers, body } of r.received) {
          assert.ok(verify(headers, body, add.secret), 'signature verifies')
          const event = JSON.parse(body)
          assert.equal(event.id, headers['tuike-webhook-id'])
          // Images as the change feed gives them: on the public URL, never a bare /img/ path.
          for (const line of event.data.order.productList)
            assert.match(line.thumbImg, /^https:\/\/t\.example\/img\//, 'absolute image URL')
          bySeq.push(event.data.seq)
          perOrder.set(event.data.orderId, [
            ...(perOrder.get(event.data.orderId) ?? []),
            event.type,
          ])
        }
        assert.deepEqual(
          [...bySeq].sort((a, b) => a - b),
          Array.from({ length: 30 }, (_, i) => i + 1),
        )
        for (const [, types] of perOrder) {
          assert.ok(
            JSON.stringify(types) === '["order.created","order.canceled"]' ||
              JSON.stringify(types) === '["order.created","order.updated","order.settled"]',
            types.join(','),
          )
        }
        for (const n of r.attempts.values()) assert.equal(n, 3)
        const log = await p.get('/tuike/v1/webhook/deliveries', token, {
          webhookId: add.webhookId,
          limit: 100,
        })
        assert.equal(log.errcode, 0)
        assert.equal(log.deliveryList.length, 30)
        for (const d of log.deliveryList) {
          assert.equal(d.status, 'delivered')
          assert.deepEqual(
            d.attempts.map((a: { responseStatus: number }) => a.responseStatus),
            [503, 503, 200],
          )
        }
        // Redeliver keeps the id; test sends a signed webhook.test now.
        const one = log.deliveryList[0]
        assert.equal(
          (await p.post('/tuike/v1/webhook/redeliver', token, { deliveryId: one.deliveryId }))
            .errcode,
          0,
        )
        await p.services.webhooks.deliverDue()
        await p.services.webhooks.deliverDue()
        await p.services.webhooks.deliverDue()
        assert.equal(r.received.at(-1)!.headers['tuike-webhook-id'], one.deliveryId)
        const t = await p.post('/tuike/v1/webhook/test', token, { webhookId: add.webhookId })
        assert.equal(t.errcode, 0)
        assert.equal(t.delivery.event, 'webhook.test')
        assert.equal(
          t.delivery.status,
          'failed',
          'the receiver fails a new id twice; test does not retry',
        )
        const list = await p.get('/tuike/v1/webhook/list', token)
        assert.deepEqual(
          list.webhookList.map((w: { webhookId: string }) => w.webhookId),
          [add.webhookId],
        )
        assert.equal(list.webhookList[0].secret, undefined)
        assert.equal((await p.post('/tuike/v1/webhook/del', token, add)).errcode, 0)
        assert.deepEqual((await p.get('/tuike/v1/webhook/list', token)).webhookList, [])
      } finally {
        await r.close()
      }
    })

    test('webhook URLs: http(s) only; private and loopback refused unless allowed', async () => {
      const { Webhooks, DEFAULT_WEBHOOK_OPTIONS } = await import('../src/services/webhooks.ts')
      const strict = new Webhooks(p.database.db, new TestClock(), DEFAULT_WEBHOOK_OPTIONS)
      const { appid } = await p.promoter()
      for (const url of [
        'ftp://example.com/x',
        'http://127.0.0.1:9/x',
        'http://localhost/x',
        'http://10.1.2.3/x',
        'http://192.168.1.1/x',
        'http://[::1]/x',
        'http://169.254.169.254/latest',
        'not a url',
      ]) {
        await assert.rejects(strict.add(appid, url), /200002|url/, url)
      }
      const { token } = await p.promoter()
      assert.equal(
        (await p.post('/tuike/v1/webhook/add', token, { url: 'gopher://x' })).errcode,
        200002,
      )
    })

    test('reports equal sums computed from order/info; the funnel counts clicks', async () => {
      const { token, codes, pid } = await setup(p)
      for (const code of codes) await p.app.request(`/s/${code}`)
      // A second visitor (clicks count once per visitor and window).
      await p.app.request(`/s/${codes[0]}`, { headers: { 'user-agent': 'second visitor' } })
      const ids: string[] = []
      for (let i = 0; i < 9; i++) {
        const { orderId } = await p.services.materials.purchase({
          code: codes[i % 3]!,
          quantity: 1 + (i % 2),
        })
        ids.push(orderId)
        if (i % 3 === 1) await p.services.orders.refund(orderId)
        if (i % 3 === 2) {
          await p.services.orders.confirmReceipt(orderId)
          await p.services.orders.settle(orderId)
        }
      }
      const { orderList } = await p.post(INFO, token, { orderIdList: ids })
      const fen = (yuan: string) => Math.round(Number(yuan.replace('¥', '')) * 100)
      const sum = (f: (l: any) => number) =>
        (orderList as Order[]).flatMap((o) => o.productList).reduce((a, l) => a + f(l), 0)
      const expected = {
        orders: orderList.length,
        gmv: sum((l) => fen(l.price)),
        estimated: sum((l) => l.estimatedCommission),
        settled: sum((l) => (l.commissionStatus === 'SETTLEMENT_SUCCESS' ? fen(l.commission) : 0)),
        cancelled: sum((l) =>
          l.commissionStatus === 'SETTLEMENT_CANCELED' ? l.estimatedCommission : 0,
        ),
        pending: sum((l) =>
          l.commissionStatus === 'SETTLEMENT_PENDING' ? l.estimatedCommission : 0,
        ),
      }
      for (const by of ['day', 'spot', 'product'] as const) {
        const rep = await p.get('/tuike/v1/report', token, { by })
        assert.equal(rep.errcode, 0, JSON.stringify(rep))
        const t = rep.totals
        assert.deepEqual(
          {
            orders: t.orders,
            gmv: t.gmv,
            estimated: t.estimated,
            settled: t.settled,
            cancelled: t.cancelled,
            pending: t.pending,
          },
          expected,
          by,
        )
        assert.equal(t.clicks, 4)
        assert.equal(t.settledOrders, 3)
        assert.equal(t.cancelledOrders, 3)
        const rowSum = (k: 'gmv' | 'clicks' | 'orders') =>
          rep.rows.reduce((a: number, r: any) => a + r[k], 0)
        assert.equal(rowSum('gmv'), expected.gmv, by)
        assert.equal(rowSum('clicks'), 4, by)
        assert.equal(rowSum('orders'), expected.orders, by)
        assert.deepEqual(rep.funnel, {
          clicks: 4,
          orders: 9,
          settledOrders: 3,
          clickToOrder: 2.25,
          orderToSettled: 0.3333,
        })
      }
      const bySpot = await p.get('/tuike/v1/report', token, { by: 'spot' })
      assert.deepEqual(
        bySpot.rows.map((r: any) => [r.key, r.label]),
        [[pid, '首页']],
      )
      // The window matches order/search's totalNum.
      const now = Math.floor(Date.now() / 1000)
      const win = { since: now - 3600, until: now + 3600 }
      const rep = await p.get('/tuike/v1/report', token, win)
      const search = await p.get(SEARCH, token, {
        page: 1,
        startTimestamp: win.since,
        endTimestamp: win.until,
      })
      assert.equal(rep.totals.orders, search.totalNum)
      const none = await p.get('/tuike/v1/report', token, { since: 1, until: 2 })
      assert.equal(none.totals.orders, 0)
      assert.deepEqual(none.rows, [])
    })

    test('the explainer names the reason of each case', async () => {
      const a = await setup(p, 2)
      const b = await setup(p, 1)
      const explain = (token: string, q: Record<string, string>) =>
        p.get('/tuike/v1/attribution/explain', token, q)
      const ok = await explain(a.token, { code: a.codes[0]! })
      assert.equal(ok.errcode, 0)
      assert.equal(ok.reason, 'attributed')
      assert.equal(ok.attributed, true)
      assert.equal(ok.spot.promotionSourcePid, a.pid)
      assert.equal((await explain(a.token, { code: 'zzzzzzzzzzzz' })).reason, 'unknown_code')
      assert.equal((await explain(a.token, { code: b.codes[0]! })).reason, 'other_promoter_spot')
      const ticket = p.services.materials.ticket(a.codes[0]!)
      const good = await explain(a.token, { ticket })
      assert.equal(good.ticketValid, true)
      assert.equal(good.reason, 'attributed')
      const forged = await explain(a.token, { ticket: `${a.codes[0]}.AAAAforged` })
      assert.equal(forged.reason, 'forged_ticket')
      assert.equal(forged.ticketValid, false)
      // A purchase, then the spot is deleted: still attributes.
      const { orderId } = await p.services.materials.purchase({ code: a.codes[0]! })
      await p.app.request(`/s/${a.codes[0]}`)
      await p.post('/union/promoter/promotion/del', a.token, {
        promotionSourcePid: a.pid,
        promotionSourceName: '首页',
      })
      const deleted = await explain(a.token, { code: a.codes[0]! })
      assert.equal(deleted.reason, 'attributed_deleted_spot')
      assert.equal(deleted.attributed, true)
      assert.equal(deleted.spot.deleted, true)
      assert.deepEqual(deleted.orderIds, [orderId])
      assert.equal(deleted.clicks, 1)
      const byOrder = await explain(a.token, { orderId })
      assert.equal(byOrder.reason, 'attributed_deleted_spot')
      assert.equal((await explain(b.token, { orderId })).reason, 'unknown_order')
      // The product leaves the catalogue.
      const gone = a.products[1]!
      await p.database.db.deleteFrom('product_wire').where('pk', '=', gone.pk).execute()
      await p.database.db.deleteFrom('skus').where('product_pk', '=', gone.pk).execute()
      await p.database.db.deleteFrom('product_grams').where('pk', '=', gone.pk).execute()
      await p.database.db.deleteFrom('products').where('pk', '=', gone.pk).execute()
      const unknown = await explain(a.token, { code: a.codes[1]! })
      assert.equal(unknown.reason, 'unknown_product')
      assert.equal(unknown.product.sold, false)
      assert.equal((await explain(a.token, {})).errcode, 200002)
    })
  })
}
