import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { seedCatalogue } from '@tuike/server'
import type { RunningServer } from '@tuike/server/serve'
import { adminCall } from '@tuike/testkit'
import { cliEnv, run as runTuike, type TempServer, tempServer } from './support.ts'

const ADMIN_KEY = 'tka_union_extras_cli-000000000000000'

describe('tuike plans, open-account, customize, trade and webhooks commands', () => {
  let dir: string
  let server: RunningServer
  let temp: TempServer
  let env: NodeJS.ProcessEnv
  let secret: string
  const run = async (args: string[]) => {
    const out = await runTuike(args, env)
    assert.equal(
      `${out.stdout}${out.stderr}`.includes(secret),
      false,
      'the secret is never printed',
    )
    return out
  }
  const admin = async (method: string, path: string, body?: unknown) =>
    (await adminCall((u, i) => fetch(server.url + u, i), ADMIN_KEY, method, path, body)).body

  before(async () => {
    temp = await tempServer('extras', {
      adminKey: ADMIN_KEY,
      config: { allowPrivateWebhooks: true },
    })
    ;({ dir, server } = temp)
    await seedCatalogue(server.database.db, { products: 200, seed: 2 })
    const created = await server.tuike.services.promoters.create('extras')
    secret = created.secret
    await server.tuike.services.promotions.add(created.appid, '朋友圈')
    env = cliEnv(dir, server, created.appid, created.secret)
  })
  after(() => temp?.close())

  test('plans info shows the plan; apply and status follow the operator decision', async () => {
    const product = await server.database.db
      .selectFrom('products')
      .select(['id', 'shop_appid'])
      .orderBy('pk')
      .executeTakeFirstOrThrow()
    const now = Math.floor(Date.now() / 1000)
    const plan = await admin('POST', '/admin/v1/plans', {
      shopAppid: product.shop_appid,
      name: '双十二定向',
      startTime: now - 60,
      endTime: now + 86400,
      products: [{ productId: product.id, commissionRatio: 3300 }],
    })
    const info = await run(['plans', 'info', plan.invitationUrl])
    assert.equal(info.code, 0, info.stderr)
    assert.match(info.stdout, /双十二定向 {2}\(planId \d+, active\)/)
    assert.match(info.stdout, new RegExp(`${product.id}.*33%`))
    const json = JSON.parse((await run(['plans', 'info', plan.invitationUrl, '--json'])).stdout)
    const planId = json.targetPlanInfo.planId as string
    assert.equal(typeof planId, 'string')
    assert.match((await run(['plans', 'status', planId])).stdout, /not applied/)
    assert.match((await run(['plans', 'apply', planId, '--reason', '社群'])).stdout, /applied/)
    assert.match((await run(['plans', 'status', planId])).stdout, /awaiting review/)
    await admin('POST', `/admin/v1/plans/${planId}/applications/${env.TUIKE_APPID}/approve`)
    assert.match((await run(['plans', 'status', planId])).stdout, /joined/)
    const missing = await run(['plans', 'apply', planId])
    assert.equal(missing.code, 2, 'a missing --reason is a usage error')
  })

  test('open-account bind/show and customize set/get/rm', async () => {
    assert.match((await run(['open-account', 'show'])).stdout, /\(none bound\)/)
    assert.match((await run(['open-account', 'bind', 'wx00000000000000aa'])).stdout, /bound/)
    assert.match((await run(['open-account', 'show'])).stdout, /wx00000000000000aa/)
    assert.equal((await run(['customize', 'set', 'oUNION1', 'member-7'])).code, 0)
    assert.equal((await run(['customize', 'get', 'oUNION1'])).stdout, 'member-7\n')
    assert.deepEqual(JSON.parse((await run(['customize', 'get', 'oUNION1', '--json'])).stdout), {
      unionid: 'oUNION1',
      customizeInfo: 'member-7',
    })
    assert.equal((await run(['customize', 'rm', 'oUNION1'])).code, 0)
    assert.equal((await run(['customize', 'get', 'oUNION1'])).stdout, '\n')
  })

  test('trade products, material and orders', async () => {
    const list = JSON.parse((await run(['trade', 'products', '--json'])).stdout)
    assert.ok(list.total > 0, 'the seeded catalogue marks trade-component products')
    const id = list.productList[0].product.productId as string
    const ids = (await run(['trade', 'products', '-q', '--limit', '30'])).stdout.trim().split('\n')
    assert.ok(ids.includes(id))
    assert.equal((await run(['trade', 'products', '--limit', '31'])).code, 2)
    const link = (await run(['trade', 'material', id, '--spot', '朋友圈', '-q'])).stdout.trim()
    assert.match(link, /\/s\/\w+$/)
    const code = link.split('/s/')[1]
    const bought = await admin('POST', '/admin/v1/purchases', { code })
    assert.match(bought.orderId, /^\d+$/)
    const orders = await run(['trade', 'orders', '--since', '1d', '--status', 'paid'])
    assert.equal(orders.code, 0, orders.stderr)
    assert.ok(orders.stdout.includes(bought.orderId), orders.stdout)
    const bad = await run(['trade', 'orders', '--status', 'nope'])
    assert.equal(bad.code, 2)
    assert.match(bad.stderr, /paid, pending, canceled, settled/)
  })

  test('webhooks add (secret once), ls, test, deliveries, rm; bad events are a usage error', async () => {
    const received: string[] = []
    const { createServer } = await import('node:http')
    const receiver = createServer((req, res) => {
      let body = ''
      req.on('data', (d) => {
        body += d
      })
      req.on('end', () => {
        received.push(body)
        res.end('ok')
      })
    })
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
    const url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`
    try {
      const added = await run(['webhooks', 'add', url, '--events', 'order.settled,order.canceled'])
      assert.equal(added.code, 0, added.stderr)
      const id = /webhook (\S+)/.exec(added.stdout)![1]!
      assert.match(added.stdout, /secret {2}\S+ {2}\(shown once/)
      const listed = await run(['webhooks', 'ls'])
      assert.ok(listed.stdout.includes(id))
      assert.ok(listed.stdout.includes('order.settled,order.canceled'))
      const secretShown = /secret {2}(\S+)/.exec(added.stdout)![1]!
      assert.equal(listed.stdout.includes(secretShown), false, 'the secret is not listed again')
      assert.equal((await run(['webhooks', 'test', id])).code, 0)
      assert.ok(
        received.some((b) => b.includes('webhook.test')),
        'the receiver got the test event',
      )
      const deliveries = JSON.parse((await run(['webhooks', 'deliveries', id, '--json'])).stdout)
      assert.ok(Array.isArray(deliveries))
      assert.equal((await run(['webhooks', 'rm', id])).code, 0)
      assert.equal((await run(['webhooks', 'ls', '--json'])).stdout.includes(id), false)
      const bad = await run(['webhooks', 'add', url, '--events', 'order.paid'])
      assert.equal(bad.code, 2)
      assert.match(bad.stderr, /order\.created, order\.updated/)
    } finally {
      receiver.close()
    }
  })
})
