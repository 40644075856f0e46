/**
 * Webhooks are written to an outbox in the transaction of the order change: a real `tuike serve`
 * process killed with SIGKILL after the purchases committed but before their events were
 * delivered (the receiver was failing) delivers every event after a restart, each signed.
 */
import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { accessToken, startFileServe } from '@tuike/testkit'
import Database from 'better-sqlite3'

const ADMIN_KEY = 'tka_webhook-durability-admin-key-0000'

/** Webhooks to a loopback receiver, retried 50 ms apart. */
const WEBHOOK_OPTIONS = ['--allow-private-webhooks', '--webhook-retry-base', '50']

test('kill -9 between commit and delivery: every event is delivered after restart', {
  timeout: 300_000,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tuike-webhooks-'))
  const file = join(dir, 'tuike.db')
  let accepting = false
  const received = new Map<string, { headers: IncomingHttpHeaders; body: string }>()
  const receiver = createServer((req, res) => {
    let body = ''
    req.on('data', (d: Buffer) => {
      body += d.toString()
    })
    req.on('end', () => {
      if (!accepting) {
        res.writeHead(503).end()
        return
      }
      received.set(String(req.headers['tuike-webhook-id']), { headers: req.headers, body })
      res.writeHead(204).end()
    })
  })
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
  const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`
  try {
    const first = await startFileServe(file, ADMIN_KEY, 'demo', WEBHOOK_OPTIONS)
    const tokenOf = (url: string) => accessToken((path) => fetch(`${url}${path}`), first.demo!)
    const t = await tokenOf(first.url)
    const call = async (url: string, path: string, body?: unknown) =>
      (await (
        await fetch(`${url}${path}${path.includes('?') ? '&' : '?'}access_token=${t}`, {
          method: body === undefined ? 'GET' : 'POST',
          headers: { 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        })
      ).json()) as any
    const hook = await call(first.url, '/tuike/v1/webhook/add', {
      url: hookUrl,
      events: ['order.created'],
    })
    assert.equal(hook.errcode, 0, JSON.stringify(hook))
    const spots = await call(first.url, '/union/promoter/promotion/list')
    const pid = spots.promotionSourceList[0].promotionSourcePid
    const sqlite = new Database(file)
    sqlite.pragma('busy_timeout = 5000')
    const product = sqlite
      .prepare('select pk, id, shop_appid from products order by pk limit 1')
      .get() as {
      pk: number
      id: string
      shop_appid: string
    }
    sqlite.prepare('update skus set stock = 100000 where product_pk = ?').run(product.pk)
    sqlite.close()
    const gen = await call(first.url, '/union/promoter/product/generate', {
      pid,
      productList: [{ productId: product.id, appId: product.shop_appid }],
    })
    const code = gen.list[0].shareInfo.promotionUrl.split('/s/')[1]
    const orderIds: string[] = []
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        const res = await fetch(`${first.url}/admin/v1/purchases`, {
          method: 'POST',
          headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
          body: JSON.stringify({ code }),
        })
        assert.equal(res.status, 201)
        orderIds.push(((await res.json()) as { orderId: string }).orderId)
      }),
    )
    // Committed, answered, not delivered (the receiver fails): kill the process outright.
    first.child.kill('SIGKILL')
    await new Promise((r) => first.child.once('exit', r))
    assert.equal(received.size, 0)
    accepting = true

    const second = await startFileServe(file, ADMIN_KEY, 'none', WEBHOOK_OPTIONS)
    try {
      const deadline = Date.now() + 60_000
      while (received.size < 20 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100))
      const delivered = [...received.values()].map(({ headers, body }) => {
        const ts = String(headers['tuike-webhook-timestamp'])
        const expected = `v1=${createHmac('sha256', hook.secret).update(`${ts}.${body}`).digest('hex')}`
        assert.equal(headers['tuike-webhook-signature'], expected)
        return JSON.parse(body) as { type: string; data: { orderId: string } }
      })
      assert.deepEqual(delivered.map((e) => e.data.orderId).sort(), [...orderIds].sort())
      assert.ok(delivered.every((e) => e.type === 'order.created'))
    } finally {
      second.child.kill('SIGTERM')
    }
  } finally {
    receiver.close()
    rmSync(dir, { recursive: true, force: true })
  }
})
