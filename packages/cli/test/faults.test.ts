/**
 * `tuike orders sync` against a sandbox that fails 20 % of calls with -1, drops connections and
 * drifts orders between pages (docs/sandbox.md): the runs (each resuming the last) end with a
 * ledger holding exactly the server's orders, in the server's states. Also `tuike admin faults`.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { seedCatalogue, seedOrders, silentLogger, TestClock } from '@tuike/server'
import { type RunningServer, startServer } from '@tuike/server/serve'
import Database from 'better-sqlite3'
import { run } from './support.ts'

const T0 = Date.UTC(2026, 9, 31, 16, 0, 0)
const ADMIN_KEY = 'tka_faults_cli_test_0123456789abcdef'

describe('tuike under injected faults', () => {
  let dir: string
  let server: RunningServer
  let appid: string
  let env: Record<string, string | undefined>

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tuike-faults-'))
    const clock = new TestClock(T0)
    server = await startServer({
      port: 0,
      host: '127.0.0.1',
      db: `sqlite:${join(dir, 'server.db')}`,
      adminKey: ADMIN_KEY,
      seed: 'none',
      clock,
      config: { publicUrl: 'https://tuike.test', faults: true },
      log: silentLogger,
    })
    const s = server.tuike.services
    const created = await s.promoters.create('sync 推客')
    appid = created.appid
    await seedCatalogue(server.database.db, { products: 50, seed: 2 })
    // 500 orders in the last day: the day's window has three pages of 200, so drift lands between.
    await seedOrders(server.database.db, { orders: 500, appids: [appid], seed: 2, clock, days: 1 })
    env = {
      PATH: process.env.PATH,
      HOME: dir,
      NO_COLOR: '1',
      TUIKE_CONFIG_DIR: join(dir, 'config'),
      TUIKE_NOW: String(T0 / 1000),
      TUIKE_BASE_URL: server.url,
      TUIKE_APPID: appid,
      TUIKE_APPSECRET: created.secret,
      TUIKE_ADMIN_KEY: ADMIN_KEY,
    }
  })

  after(async () => {
    await server?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  /** Every order line of the account on the server: `orderId/lineNo status`. */
  async function serverLines(): Promise<string[]> {
    const rows = await server.database.db
      .selectFrom('orders')
      .innerJoin('order_lines', 'order_lines.order_id', 'orders.order_id')
      .select(['orders.order_id', 'order_lines.line_no', 'orders.commission_status'])
      .where('orders.appid', '=', appid)
      .execute()
    return rows.map((r) => `${r.order_id}/${r.line_no} ${r.commission_status}`).sort()
  }

  function ledgerLines(file: string): string[] {
    const db = new Database(file, { readonly: true })
    try {
      const rows = db
        .prepare('select order_id, line_no, commission_status from order_lines')
        .all() as { order_id: string; line_no: number; commission_status: string }[]
      return rows.map((r) => `${r.order_id}/${r.line_no} ${r.commission_status}`).sort()
    } finally {
      db.close()
    }
  }

  test('admin faults add, ls, log and rm', async () => {
    const add = await run(
      [
        'admin',
        'faults',
        'add',
        'errcode',
        '--errcode',
        '45011',
        '--endpoint',
        'product/category',
        '--times',
        '1',
        '--appid',
        appid,
      ],
      env,
    )
    assert.equal(add.code, 0, add.stderr)
    const faultId = add.stdout.trim()
    assert.match(faultId, /^f_[0-9a-f]{12}$/)
    const bad = await run(['admin', 'faults', 'add', 'errcode', '--errcode', '12345'], env)
    assert.notEqual(bad.code, 0)
    assert.match(bad.stderr, /errcode: not an errcode of the catalogue/)
    const ls = await run(['admin', 'faults', 'ls'], env)
    assert.match(
      ls.stdout,
      new RegExp(
        [faultId, 'errcode', appid, 'product/category', '1', '1', '1', '45011', '0', '0'].join(
          '[\\s│]+',
        ),
      ),
    )
    // 45011 is retried by the SDK: the command succeeds, and the log shows the fault it rode out.
    const cats = await run(['categories', '--json'], env)
    assert.equal(cats.code, 0, cats.stderr)
    const log = await run(['admin', 'faults', 'log', '--json'], env)
    const entries = JSON.parse(log.stdout)
    assert.deepEqual(
      {
        appid: entries[0].appid,
        endpoint: entries[0].endpoint,
        faultId: entries[0].faultId,
        detail: entries[0].detail,
      },
      { appid, endpoint: 'product/category', faultId, detail: '45011' },
    )
    const rm = await run(['admin', 'faults', 'rm', faultId], env)
    assert.equal(rm.stdout, `removed ${faultId}\n`)
    assert.equal((await run(['admin', 'faults', 'ls', '--json'], env)).stdout.trim(), '[]')
  })

  {
    const source = 'windows'
    test(`orders sync (${source}) under 20 % -1, drops and paging drift ends with the server's orders`, async () => {
      const admin = async (args: string[]) => {
        const r = await run(['admin', 'faults', 'add', ...args, '--appid', appid], env)
        assert.equal(r.code, 0, r.stderr)
        return r.stdout.trim()
      }
      const rules = [
        await admin(['errcode', '--errcode', '-1', '--rate', '20%', '--seed', '11']),
        await admin(['drop', '--rate', '5%', '--seed', '12']),
        await admin(['paging-drift', '--seed', '13']),
      ]
      const ledger = join(dir, `${source}.sqlite`)
      let runs = 0
      let last = { code: 1 as number | null, stdout: '', stderr: '' }
      // A failed run (retries used up) is resumed by the next, as cron would.
      while (last.code !== 0 && runs < 10) {
        last = await run(['orders', 'sync', '--ledger', ledger, '--source', source, '--json'], env)
        runs++
      }
      assert.equal(last.code, 0, `still failing after ${runs} runs: ${last.stderr}`)
      for (const id of rules) await run(['admin', 'faults', 'rm', id], env)
      const fired = JSON.parse((await run(['admin', 'faults', 'log', '--json'], env)).stdout) as {
        faultId: string
        kind: string
      }[]
      const kinds = new Set(fired.filter((e) => rules.includes(e.faultId)).map((e) => e.kind))
      assert.ok(kinds.has('errcode') && kinds.has('drop'), `faults fired: ${[...kinds]}`)
      assert.ok(kinds.has('paging-drift'), 'drift fired')
      const lines = ledgerLines(ledger)
      assert.equal(new Set(lines.map((l) => l.split(' ')[0])).size, lines.length, 'no duplicates')
      assert.deepEqual(lines, await serverLines())
    })
  }
})
