/**
 * Webhook egress (issue 15 items 6 and 7): every special-purpose range of the IANA IPv4 and IPv6
 * registries is refused, embedded IPv4 unwrapped first (a table of addresses); and each delivery
 * and the 机构 callback URL check connect to the address they checked, resolved afresh by an
 * injected resolver, with the URL's own Host header, on every dialect.
 */
import assert from 'node:assert/strict'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, test } from 'node:test'
import type { OrderChange } from '@tuike/contract'
import { systemClock } from '../src/clock.ts'
import type { OpenDatabase } from '../src/db/open.ts'
import { type EgressPolicy, pinnedRequest, type Resolver } from '../src/security/egress.ts'
import { specialPurpose } from '../src/security/special-addresses.ts'
import { verifyCallbackUrl } from '../src/services/store-callbacks.ts'
import {
  DEFAULT_WEBHOOK_OPTIONS,
  enqueueWebhooks,
  validateWebhookUrl,
  Webhooks,
} from '../src/services/webhooks.ts'
import { DIALECTS, openTestDatabase } from './support.ts'

/** [address, refused?]: every registry entry's edges, the examples, and public neighbours. */
const ADDRESSES: [string, boolean][] = [
  ['0.0.0.0', true],
  ['10.1.2.3', true],
  ['100.64.0.1', true],
  ['100.127.255.255', true],
  ['100.128.0.1', false],
  ['127.0.0.1', true],
  ['169.254.169.254', true],
  ['172.16.0.1', true],
  ['172.32.0.1', false],
  ['192.0.0.8', true],
  ['192.0.0.170', true],
  ['192.0.2.1', true],
  ['192.31.196.1', true],
  ['192.52.193.1', true],
  ['192.88.99.1', true],
  ['192.168.1.1', true],
  ['192.175.48.1', true],
  ['198.18.0.1', true],
  ['198.19.255.255', true],
  ['198.20.0.1', false],
  ['198.51.100.7', true],
  ['203.0.113.9', true],
  ['224.0.0.1', true],
  ['239.255.255.250', true],
  ['240.0.0.1', true],
  ['255.255.255.255', true],
  ['8.8.8.8', false],
  ['93.184.216.34', false],
  ['::', true],
  ['::1', true],
  ['::127.0.0.1', true],
  ['::ffff:127.0.0.1', true],
  ['::ffff:7f00:1', true],
  ['::ffff:8.8.8.8', true],
  ['64:ff9b::a9fe:a9fe', true],
  ['64:ff9b::7f00:1', true],
  ['64:ff9b:1::1', true],
  ['100::1', true],
  ['2001::1', true],
  ['2001:0:4136:e378:8000:63bf:3fff:fdd2', true],
  ['2001:2::1', true],
  ['2001:db8::1', true],
  ['2002:a9fe:a9fe::', true],
  ['2002:7f00:1::1', true],
  ['2002:0a00:0001::1', true],
  ['2620:4f:8000::1', true],
  ['3fff::1', true],
  ['5f00::1', true],
  ['fc00::1', true],
  ['fd12:3456::1', true],
  ['fe80::1', true],
  ['fec0::1', true],
  ['ff02::1', true],
  ['2606:4700:4700::1111', false],
  ['2a00:1450:4001:80b::200e', false],
  ['2002:808:808::1', false],
  ['64:ff9b::808:808', false],
]

describe('special-purpose addresses are refused, embedded IPv4 unwrapped', () => {
  for (const [address, refused] of ADDRESSES) {
    test(`${address} ${refused ? 'refused' : 'allowed'}`, async () => {
      assert.equal(specialPurpose(address) !== undefined, refused, String(specialPurpose(address)))
      const host = address.includes(':') ? `[${address}]` : address
      const check = validateWebhookUrl(`https://${host}/hook`, {
        allowPrivate: false,
        resolve: () => Promise.reject(new Error('an IP literal is not resolved')),
      })
      if (refused) await assert.rejects(check, /special-purpose address/)
      else await check
    })
  }
  test('--allow-private-webhooks accepts them', async () => {
    const url = await validateWebhookUrl('http://[::127.0.0.1]:8080/x', {
      allowPrivate: true,
      resolve: () => Promise.reject(new Error('unused')),
    })
    assert.equal(url, 'http://[::7f00:1]:8080/x')
  })
})

/** A loopback receiver recording each request's Host header. */
async function receiver(answer: (url: URL) => string = () => 'ok') {
  const got: { host: string | undefined; headers: IncomingHttpHeaders }[] = []
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      got.push({ host: req.headers.host, headers: req.headers })
      res.end(answer(new URL(req.url ?? '/', 'http://x')))
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as AddressInfo).port
  return { port, got, close: () => new Promise((r) => server.close(r)) }
}

/** A resolver answering from a table that the test changes; counts its lookups. */
function table(entries: Record<string, string[]>) {
  const calls: string[] = []
  const resolve: Resolver = async (host) => {
    calls.push(host)
    const hit = entries[host]
    if (!hit) throw new Error(`ENOTFOUND ${host}`)
    return hit
  }
  return { entries, calls, resolve }
}

describe('the pinned request', () => {
  test('connects to the resolved address and sends the URL host', async () => {
    const r = await receiver()
    try {
      const dns = table({ 'hook.example': ['127.0.0.1'] })
      const res = await pinnedRequest(
        `http://hook.example:${r.port}/x`,
        { method: 'POST', headers: {}, body: '{}', timeoutMs: 5000 },
        { allowPrivate: true, resolve: dns.resolve },
      )
      assert.equal(res.status, 200)
      assert.equal(r.got[0]!.host, `hook.example:${r.port}`)
      assert.deepEqual(dns.calls, ['hook.example'])
    } finally {
      await r.close()
    }
  })

  test('the 机构 callback URL check goes through it', async () => {
    const r = await receiver((url) => url.searchParams.get('echostr') ?? '')
    try {
      const dns = table({ 'cb.example': ['127.0.0.1'] })
      const policy: EgressPolicy = { allowPrivate: true, resolve: dns.resolve }
      await verifyCallbackUrl(`http://cb.example:${r.port}/cb`, 'tok123', policy, 1_700_000_000)
      assert.equal(r.got[0]!.host, `cb.example:${r.port}`)
      dns.entries['cb.example'] = ['169.254.169.254']
      await assert.rejects(
        verifyCallbackUrl(
          `http://cb.example:${r.port}/cb`,
          'tok123',
          { allowPrivate: false, resolve: dns.resolve },
          1_700_000_000,
        ),
        /169\.254\.169\.254, a link local address/,
      )
      assert.equal(r.got.length, 1)
    } finally {
      await r.close()
    }
  })
})

const change = (orderId: string, seq: number) =>
  ({ type: 'order.created', orderId, seq, changedAt: 1_700_000_000 }) as unknown as OrderChange

for (const dialect of DIALECTS) {
  describe(`${dialect}: each delivery resolves, checks and connects to the checked address`, () => {
    let database: OpenDatabase
    before(async () => {
      database = await openTestDatabase(dialect)
    })
    after(() => database.close())

    test('a name re-pointed at a special-purpose address after its check receives nothing', async () => {
      const dns = table({ 'hook.example': ['93.184.216.34'] })
      const hooks = new Webhooks(database.db, systemClock, {
        ...DEFAULT_WEBHOOK_OPTIONS,
        resolve: dns.resolve,
      })
      const { webhookId } = await hooks.add('wxrebind', 'http://hook.example:9/h')
      dns.entries['hook.example'] = ['127.0.0.1']
      await enqueueWebhooks(database.db, 'wxrebind', [change('o1', 1)])
      assert.equal(await hooks.deliverDue(), 1)
      const [d] = (await hooks.deliveries('wxrebind', { webhookId })).deliveryList
      assert.equal(d!.attempts[0]!.responseStatus, 0)
      assert.match(d!.attempts[0]!.error, /hook\.example resolves to 127\.0\.0\.1, a loopback/)
      assert.deepEqual(dns.calls, ['hook.example', 'hook.example'], 'resolved again to deliver')
    })

    test('a delivery reaches the address its name resolves to now, with its Host', async () => {
      const r = await receiver()
      try {
        const dns = table({ 'moved.example': ['127.0.0.1'] })
        const hooks = new Webhooks(database.db, systemClock, {
          ...DEFAULT_WEBHOOK_OPTIONS,
          allowPrivate: true,
          resolve: dns.resolve,
        })
        const { webhookId } = await hooks.add('wxpinned', `http://moved.example:${r.port}/h`)
        await enqueueWebhooks(database.db, 'wxpinned', [change('o2', 1)])
        assert.equal(await hooks.deliverDue(), 1)
        const [d] = (await hooks.deliveries('wxpinned', { webhookId })).deliveryList
        assert.equal(d!.status, 'delivered', JSON.stringify(d))
        assert.equal(r.got[0]!.host, `moved.example:${r.port}`)
        assert.match(String(r.got[0]!.headers['tuike-webhook-signature']), /^v1=/)
      } finally {
        await r.close()
      }
    })
  })
}
