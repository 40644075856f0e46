/**
 * Tenant fairness of webhook deliveries (issue 15 item 4), on every dialect: with one account's
 * ten webhooks pointing at a receiver that never answers and 200 deliveries queued for them,
 * another account's delivery goes out while those requests hang; an endpoint that does not answer
 * backs off alone, on an injected clock, and is probed one attempt at a time. Mechanisms only:
 * the timings are measured by bench/webhook-fairness.ts.
 */
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { after, before, beforeEach, describe, test } from 'node:test'
import type { OrderChange } from '@tuike/contract'
import { TestClock } from '../src/clock.ts'
import type { OpenDatabase } from '../src/db/open.ts'
import { DEFAULT_WEBHOOK_OPTIONS, enqueueWebhooks, Webhooks } from '../src/services/webhooks.ts'
import { DIALECTS, openTestDatabase } from './support.ts'

/**
 * A receiver in one of three moods: `ok` answers 200, `stall` holds every request open until
 * close(), `dead` resets the connection. Counts the requests it got and holds.
 */
async function receiver(mood: 'ok' | 'stall' | 'dead') {
  const held: Socket[] = []
  let requests = 0
  let onRequest: () => void = () => {}
  const first = new Promise<void>((r) => {
    onRequest = r
  })
  const server: Server = createServer((req, res) => {
    requests++
    onRequest()
    if (mood === 'dead') req.socket.destroy()
    else if (mood === 'stall') held.push(req.socket)
    else req.resume().on('end', () => res.end('ok'))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    first,
    get requests() {
      return requests
    },
    get open() {
      return held.filter((s) => !s.destroyed).length
    },
    close() {
      for (const s of held) s.destroy()
      server.closeAllConnections()
      return new Promise((r) => server.close(r))
    },
  }
}

const changes = (appid: string, n: number, seq0: number) =>
  Array.from(
    { length: n },
    (_, i) =>
      ({
        type: 'order.created',
        orderId: `${appid}-o${i}`,
        seq: seq0 + i,
        changedAt: 1_700_000_000,
      }) as unknown as OrderChange,
  )

for (const dialect of DIALECTS) {
  describe(`${dialect}: one account's stalled or dead endpoints hold no other account's webhooks`, () => {
    let database: OpenDatabase
    before(async () => {
      database = await openTestDatabase(dialect)
    })
    after(() => database.close())
    // Each test starts with an empty outbox.
    beforeEach(() => database.db.deleteFrom('webhook_deliveries').execute())

    // The scheduling clock runs ten minutes ahead of the outbox's (real-time) queueing, so every
    // queued delivery is due however slowly the database writes it.
    // The attempt timeout is far longer than the test: the stalled requests end when it closes.
    const platform = (clock: TestClock) =>
      new Webhooks(database.db, clock, {
        ...DEFAULT_WEBHOOK_OPTIONS,
        allowPrivate: true,
        retryBaseMs: 60_000,
        timeoutMs: 30_000,
        schedule: clock,
      })

    test('another account is delivered while ten endpoints hang on 200 deliveries', async () => {
      const stalled = await receiver('stall')
      const good = await receiver('ok')
      try {
        const hooks = platform(new TestClock(Date.now() + 600_000))
        for (let i = 0; i < 10; i++) await hooks.add('wxstalled', stalled.url)
        await enqueueWebhooks(database.db, 'wxstalled', changes('wxstalled', 20, 1))
        const { webhookId } = await hooks.add('wxother', good.url)
        await enqueueWebhooks(database.db, 'wxother', changes('wxother', 1, 21))
        let ended = false
        const pass = hooks.deliverDue().finally(() => {
          ended = true
        })
        const first = await Promise.race([
          good.first.then(() => 'delivered'),
          pass.then(() => 'the pass ended first'),
        ])
        assert.equal(first, 'delivered')
        await stalled.first
        assert.equal(ended, false, "the stalled account's requests still hang")
        assert.ok(stalled.open <= 8, 'an account holds at most its share of attempts')
        await stalled.close()
        await pass
        const [d] = (await hooks.deliveries('wxother', { webhookId })).deliveryList
        assert.equal(d!.status, 'delivered')
      } finally {
        await stalled.close()
        await good.close()
      }
    })

    test('an endpoint that does not answer backs off alone, then is probed once', async () => {
      const dead = await receiver('dead')
      const good = await receiver('ok')
      try {
        const clock = new TestClock(Date.now() + 600_000)
        const hooks = platform(clock)
        await hooks.add('wxdead', dead.url)
        await enqueueWebhooks(database.db, 'wxdead', changes('wxdead', 30, 100))
        const { webhookId } = await hooks.add('wxlive', good.url)
        assert.equal(await hooks.deliverDue(), 2, 'two attempts in flight per endpoint')
        const tried = dead.requests
        await enqueueWebhooks(database.db, 'wxlive', changes('wxlive', 1, 200))
        assert.equal(await hooks.deliverDue(), 1, 'only the live endpoint')
        assert.equal(dead.requests, tried, 'the dead endpoint waits out its back-off')
        assert.equal(
          (await hooks.deliveries('wxlive', { webhookId })).deliveryList[0]!.status,
          'delivered',
        )
        clock.advance(3600)
        assert.equal(await hooks.deliverDue(), 1, 'one probe after the back-off')
        assert.equal(dead.requests, tried + 1)
        assert.equal(await hooks.deliverDue(), 0, 'backing off again, for longer')
      } finally {
        await dead.close()
        await good.close()
      }
    })
  })
}
