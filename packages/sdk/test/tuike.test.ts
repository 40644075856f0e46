/**
 * client.tuike against a real in-process Tuike server: the change feed iterator with cursor
 * persistence, and verifyWebhook on a signature the server computes.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { webhookSignature } from '@tuike/server'
import { createTestPlatform, oneLineOrder } from '@tuike/testkit'
import { TuikeClient, verifyWebhook, WebhookVerificationError } from '../src/index.ts'

test('changes() yields every change once and resumes from the saved cursor', async () => {
  const p = await createTestPlatform('sqlite')
  try {
    const { appid, secret } = await p.services.promoters.create('sdk')
    const client = new TuikeClient({
      appId: appid,
      appSecret: secret,
      baseURL: 'http://tuike.test',
      fetch: (input, init) => p.app.request(input, init),
    })
    const order = () => p.services.orders.create(oneLineOrder(appid, { skuId: '1', pid: 'p' }))
    const ids = [await order(), await order(), await order()]
    await p.services.orders.refund(ids[1]!)
    let stored: string | undefined
    const seen: number[] = []
    for await (const c of client.tuike.orders.changes({
      limit: 2,
      loadCursor: () => stored,
      saveCursor: (c) => {
        stored = c
      },
    }))
      seen.push(c.seq)
    assert.deepEqual(seen, [1, 2, 3, 4])
    await order()
    const more: number[] = []
    for await (const c of client.tuike.orders.changes({ loadCursor: () => stored }))
      more.push(c.seq)
    assert.deepEqual(more, [5])
    const rep = await client.tuike.report({ by: 'day' })
    assert.equal(rep.totals.orders, 4)
  } finally {
    await p.close()
  }
})

test('verifyWebhook accepts the server signature and refuses tampering and old timestamps', async () => {
  const secret = 'whsec_0123456789abcdef0123456789abcdef'
  const body = JSON.stringify({ id: 'dlv_1', type: 'webhook.test', createdAt: 1, data: {} })
  const ts = Math.floor(Date.now() / 1000)
  const headers = {
    'Tuike-Webhook-Id': 'dlv_1',
    'Tuike-Webhook-Timestamp': String(ts),
    'Tuike-Webhook-Signature': webhookSignature(secret, ts, body),
  }
  const event = await verifyWebhook(headers, body, secret)
  assert.equal(event.id, 'dlv_1')
  await verifyWebhook(new Headers(headers), new TextEncoder().encode(body), secret)
  await assert.rejects(verifyWebhook(headers, `${body} `, secret), WebhookVerificationError)
  await assert.rejects(verifyWebhook(headers, body, 'whsec_other'), WebhookVerificationError)
  await assert.rejects(
    verifyWebhook(headers, body, secret, { now: () => (ts + 3600) * 1000 }),
    WebhookVerificationError,
  )
})
