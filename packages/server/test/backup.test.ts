/**
 * `tuike admin backup` copies a serving SQLite database under write load, and `tuike admin
 * restore` brings it back: the copy made mid-load is one consistent moment (every promoter's
 * change feed gap-free and a prefix of the original's, every order's state the one its last
 * change says), the copy made at rest equals the original's order ledger and change feed, and a
 * restore over the running server's database is refused.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import Database from 'better-sqlite3'
import { openDatabase } from '../src/index.ts'
import { seedCatalogue } from '../src/seed/catalogue.ts'
import { serve, serveArgs, tuike } from './serve-process.ts'

const KEY = 'tka_backup-test-admin-key-0123456789'

type Row = Record<string, unknown>
const LEDGER = {
  orders: 'select * from orders order by order_id',
  order_lines: 'select * from order_lines order by order_id, product_id, sku_id',
  order_changes: 'select * from order_changes order by appid, seq',
}

function read(file: string): Record<keyof typeof LEDGER, Row[]> {
  const db = new Database(file, { readonly: true })
  try {
    return {
      orders: db.prepare(LEDGER.orders).all() as Row[],
      order_lines: db.prepare(LEDGER.order_lines).all() as Row[],
      order_changes: db.prepare(LEDGER.order_changes).all() as Row[],
    }
  } finally {
    db.close()
  }
}

test('backup under write load restores a consistent moment; at rest, an equal ledger and feed', {
  timeout: 240_000,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tuike-backup-'))
  const live = join(dir, 'live.db')
  // A small catalogue instead of the demo data: the server starts in a moment.
  const seed = await openDatabase(`sqlite:${live}`)
  await seedCatalogue(seed.db, { products: 4, seed: 3 })
  await seed.close()
  const server = await serve(serveArgs(live, KEY))
  try {
    const json = async (path: string, init?: RequestInit & { admin?: boolean }) =>
      (await (
        await fetch(`${server.url}${path}`, {
          ...init,
          headers: {
            'content-type': 'application/json',
            ...(init?.admin ? { authorization: `Bearer ${KEY}` } : {}),
          },
        })
      ).json()) as any
    const { appid, secret } = await json('/admin/v1/promoters', {
      method: 'POST',
      admin: true,
      body: JSON.stringify({ name: '备份' }),
    })
    const { access_token: token } = await json(
      `/cgi-bin/token?grant_type=client_credential&appid=${appid}&secret=${secret}`,
    )
    const { pid } = await json(`/union/promoter/promotion/add?access_token=${token}`, {
      method: 'POST',
      body: JSON.stringify({ promotionSourceName: '备份测试' }),
    })
    const seeded = new Database(live)
    seeded.pragma('busy_timeout = 5000')
    const products = seeded
      .prepare('select pk, id, shop_appid from products order by pk limit 4')
      .all() as { pk: number; id: string; shop_appid: string }[]
    seeded
      .prepare(`update skus set stock = 1000000 where product_pk in (${products.map((p) => p.pk)})`)
      .run()
    seeded.close()
    const gen = await json(`/union/promoter/product/generate?access_token=${token}`, {
      method: 'POST',
      body: JSON.stringify({
        pid,
        productList: products.map((p) => ({ productId: p.id, appId: p.shop_appid })),
      }),
    })
    const codes = (gen.list as { shareInfo: { promotionUrl: string } }[]).map(
      (m) => m.shareInfo.promotionUrl.split('/s/')[1]!,
    )

    // Four writers: purchases, and for every third order a receipt and a settlement.
    let stop = false
    let written = 0
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const { orderId } = await json('/admin/v1/purchases', {
          method: 'POST',
          admin: true,
          body: JSON.stringify({ code: codes[(w + i) % codes.length] }),
        })
        assert.ok(orderId, 'purchase answered')
        if (i % 3 === 0) {
          await json(`/admin/v1/orders/${orderId}/confirm-receipt`, { method: 'POST', admin: true })
          await json(`/admin/v1/orders/${orderId}/settle`, { method: 'POST', admin: true })
        }
        written++
      }
    }
    const writers = [0, 1, 2, 3].map(writer)
    while (written < 40) await new Promise((r) => setTimeout(r, 50))
    const before = written
    const backup = (name: string) =>
      tuike(['admin', 'backup', '--db', `sqlite:${live}`, '--out', join(dir, `${name}.db`)])
    const mid = await backup('mid')
    const duringBackup = written - before
    while (written < before + duringBackup + 40) await new Promise((r) => setTimeout(r, 50))
    stop = true
    await Promise.all(writers)
    assert.equal(mid.code, 0, mid.stderr)
    assert.match(mid.stdout, /backed up to .*mid\.db: .* MB, schema \d{3}-[\w-]+, \d+ orders/)

    const quiet = await backup('quiet')
    assert.equal(quiet.code, 0, quiet.stderr)
    for (const name of ['mid', 'quiet']) {
      const r = await tuike([
        'admin',
        'restore',
        '--from',
        join(dir, `${name}.db`),
        '--db',
        `sqlite:${join(dir, `restored-${name}.db`)}`,
      ])
      assert.equal(r.code, 0, r.stderr)
    }

    const original = read(live)
    const restoredMid = read(join(dir, 'restored-mid.db'))
    // Taken while writes went on: some orders before it, more after.
    assert.ok(restoredMid.orders.length > 0)
    assert.ok(restoredMid.orders.length < original.orders.length, 'writes continued after it')
    // One moment: the feed is gap-free and a prefix of the original, and agrees with the ledger.
    const bySeq = new Map(original.order_changes.map((c) => [`${c.appid}/${c.seq}`, c]))
    const last = new Map<string, Row>()
    restoredMid.order_changes.forEach((c, i) => {
      assert.equal(c.seq, i + 1, 'gap-free (one promoter)')
      assert.deepEqual(c, bySeq.get(`${c.appid}/${c.seq}`))
      last.set(c.order_id as string, c)
    })
    assert.equal(last.size, restoredMid.orders.length, 'every order has its changes')
    for (const o of restoredMid.orders)
      assert.equal(o.commission_status, last.get(o.order_id as string)!.status)
    const lines = new Set(restoredMid.order_lines.map((l) => l.order_id))
    assert.equal(lines.size, restoredMid.orders.length, 'every order has its lines')

    // At rest: equal.
    assert.deepEqual(read(join(dir, 'restored-quiet.db')), original)

    // The running server's database is not overwritten.
    const refused = await tuike([
      'admin',
      'restore',
      '--from',
      join(dir, 'quiet.db'),
      '--db',
      `sqlite:${live}`,
      '--force',
    ])
    assert.equal(refused.code, 2)
    assert.match(refused.stderr, /open in a running process/)
    assert.equal(read(live).orders.length, original.orders.length)
  } finally {
    await server.stop('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  }
})
