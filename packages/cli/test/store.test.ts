/**
 * `tuike store …` end to end: a real Tuike server in this process with a 机构, two sharers and a
 * promoter, the real `tuike` binary as a child process. A sharer's purchase is followed from
 * pending to settled through `store orders ls` and `store orders sync`, into the same ledger as
 * the promoter's union orders, and `tuike report` spans both. Tables are golden files.
 */
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { TuikeClient } from '@tuike/sdk'
import { seedCatalogue, seedOrders } from '@tuike/server'
import { ADMIN_KEY, type FixedServer, fixedServer, golden, runOk } from './support.ts'

describe('tuike store commands', () => {
  let temp: FixedServer
  // Set by before(): the suite's folder, server and clock.
  let { dir, server, clock } = {} as FixedServer
  let admin: TuikeClient
  let env: Record<string, string | undefined>
  let unionEnv: Record<string, string | undefined>
  let norm: (s: string) => string
  let sharers: string[]
  const ledger = () => join(dir, 'ledger.sqlite')
  const now = () => String(Math.floor(clock.now() / 1000))
  const ok = (args: string[], e = env) => runOk(args, { ...e, TUIKE_NOW: now() })

  before(async () => {
    temp = await fixedServer('store')
    ;({ dir, server, clock } = temp)
    const db = server.database.db
    await seedCatalogue(db, { products: 40, seed: 1 })
    admin = new TuikeClient({ baseURL: server.url, adminKey: ADMIN_KEY })
    const inst = await admin.admin.institutions.create({ name: 'CLI 机构' })
    sharers = []
    for (const [nickname, commissionRatio] of [
      ['小王', 300000],
      ['小李', 500000],
    ] as const) {
      clock.advance(60)
      const s = await admin.admin.institutions.addSharer(inst.appid, { nickname, commissionRatio })
      sharers.push(s.sharer_appid)
    }
    const promoter = await server.tuike.services.promoters.create('CLI 推客')
    await seedOrders(db, { orders: 20, appids: [promoter.appid], seed: 1, clock })
    const base = {
      PATH: process.env.PATH,
      HOME: dir,
      TZ: 'Asia/Shanghai',
      NO_COLOR: '1',
      TUIKE_CONFIG_DIR: join(dir, 'config'),
      TUIKE_BASE_URL: server.url,
    }
    env = { ...base, TUIKE_APPID: inst.appid, TUIKE_APPSECRET: inst.secret }
    unionEnv = { ...base, TUIKE_APPID: promoter.appid, TUIKE_APPSECRET: promoter.secret }
    norm = (text) =>
      sharers.reduce(
        (t, s, i) => t.split(s).join(`wxSHARER${i + 1}`.padEnd(s.length, '_')),
        text.split(server.url).join('http://SERVER').split(inst.appid).join('wxINST'),
      )
  })

  after(() => temp?.close())

  test('store --help has examples; sharers ls and products ls are tables', async () => {
    assert.match((await ok(['store', '--help'])).stdout, /Examples:[\s\S]*store orders sync/)
    golden('store-sharers-ls.txt', norm((await ok(['store', 'sharers', 'ls'])).stdout))
    const status = JSON.parse(
      (await ok(['store', 'sharers', 'bind-status', '--sharer', sharers[0]!, '--json'])).stdout,
    )
    assert.deepEqual([status.bind_status, status.sharer_appid], [1, sharers[0]])
    golden(
      'store-products-ls.txt',
      norm((await ok(['store', 'products', 'ls', '--limit', '3', '--min-price', '1'])).stdout),
    )
  })

  test('a sharer’s order from pending to settled: orders ls, sync, and one report over both APIs', async () => {
    const [item] = JSON.parse(
      (await ok(['store', 'products', 'ls', '--limit', '1', '--json'])).stdout,
    ) as {
      product_id: string | number
      shop_appid: string
      product_info: { skus: { sku_id: string }[] }
    }[]
    const id = String(item!.product_id)
    const link = (
      await ok([
        'store',
        'materials',
        'link',
        id,
        '--shop',
        item!.shop_appid,
        '--sharer',
        sharers[1]!,
      ])
    ).stdout
      .trim()
      .split('\n')
      .find((l) => l.startsWith('http'))!
    clock.advance(3600)
    const { orderId } = await admin.admin.purchases.create({
      link,
      skuId: item!.product_info.skus[0]!.sku_id,
      quantity: 2,
    })
    const listed = JSON.parse(
      (await ok(['store', 'orders', 'ls', '--since', '1d', '--json'])).stdout,
    )
    assert.deepEqual(
      listed.map((o: { order_id: string; status: number }) => [o.order_id, o.status]),
      [[orderId, 20]],
    )
    const table = (await ok(['store', 'orders', 'ls', '--since', '1d'])).stdout
    assert.match(table, /小李/)
    assert.match(table, /1 commission order/)

    await ok(['orders', 'sync', '--ledger', ledger(), '-q'], unionEnv)
    const first = JSON.parse(
      (await ok(['store', 'orders', 'sync', '--ledger', ledger(), '--json'])).stdout,
    )
    assert.deepEqual([first.new, first.orders], [1, 1])

    clock.advance(86400)
    await admin.admin.orders.confirmReceipt(orderId)
    await admin.admin.clock.advance({ seconds: 7 * 86400 })
    const second = JSON.parse(
      (await ok(['store', 'orders', 'sync', '--ledger', ledger(), '--json'])).stdout,
    )
    assert.deepEqual([second.updated, second.orders], [1, 1])
    const again = JSON.parse(
      (await ok(['store', 'orders', 'sync', '--ledger', ledger(), '--json'])).stdout,
    )
    assert.equal(again.new + again.updated, 0, 'a second sync changes nothing')

    const rows = JSON.parse(
      (await ok(['report', '--source', 'ledger', '--by', 'spot', '--ledger', ledger(), '--json']))
        .stdout,
    ) as { key: string; name: string; orders: number; settledFen: number }[]
    const sharerRow = rows.find((r) => r.key === sharers[1])
    assert.equal(sharerRow?.name, '小李')
    assert.equal(sharerRow?.orders, 1)
    assert.ok((sharerRow?.settledFen ?? 0) > 0, 'the settled 机构 service fee is in the report')
    assert.ok(
      rows.some((r) => r.key !== sharers[1] && r.orders > 0),
      'the union orders share the report',
    )
  })
})
