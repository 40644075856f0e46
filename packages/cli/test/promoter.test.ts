/**
 * The promoter commands end to end: a real Tuike server in this process (fixed clock, fixed
 * server key, deterministic seed data), the real `tuike` binary as a child process. Tables, CSV
 * and JSON are compared with golden files (UPDATE_GOLDEN=1 rewrites them).
 */
import assert from 'node:assert/strict'
import { readFileSync, statSync } from 'node:fs'
import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { TuikeClient } from '@tuike/sdk'
import { adminCall } from '@tuike/testkit'
import {
  ADMIN_KEY,
  golden,
  PID_PREFIX,
  type PromoterServer,
  promoterServer,
  type Run,
  runOk,
  run as runTuike,
  T0S,
} from './support.ts'

/** Everything any run printed: checked at the end for secrets and colour codes. */
const printed: string[] = []

/** Keep what a run printed, for the last test's secret check. */
function keep(r: Run): Run {
  printed.push(r.stdout, r.stderr)
  return r
}

/** Run the binary, keeping what it printed. */
async function run(
  args: string[],
  env: Record<string, string | undefined>,
  input?: string,
): Promise<Run> {
  return keep(await runTuike(args, env, input))
}

describe('tuike promoter commands', () => {
  let temp: PromoterServer
  // Set by before(): the suite's folder, server, promoter and the CLI's environment.
  let { dir, server, appid, secret, env } = {} as PromoterServer
  let norm: (s: string) => string
  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await adminCall((u, i) => fetch(server.url + u, i), ADMIN_KEY, method, path, body)
    assert.ok(res.status < 300, `${method} ${path}: ${res.status}`)
    return res.body
  }
  const ok = async (args: string[], extra: Record<string, string | undefined> = {}) =>
    keep(await runOk(args, { ...env, ...extra }))

  before(async () => {
    temp = await promoterServer('promoter', {
      tz: 'Asia/Shanghai',
      products: 300,
      orders: 120,
      seed: 1,
    })
    ;({ dir, server, appid, secret, env } = temp)
    norm = (text) => text.split(server.url).join('http://SERVER').split(appid).join('wxAPPID')
  })

  after(() => temp?.close())

  test('login stores a 0600 profile, never prints the secret, and --profile uses it', async () => {
    const noEnv = {
      ...env,
      TUIKE_APPID: undefined,
      TUIKE_APPSECRET: undefined,
      TUIKE_BASE_URL: undefined,
    }
    const r = await run(
      [
        'login',
        '--profile',
        'local',
        '--appid',
        appid,
        '--base-url',
        server.url,
        '--secret-stdin',
        '--json',
      ],
      noEnv,
      `${secret}\n`,
    )
    assert.equal(r.code, 0, r.stderr)
    const out = JSON.parse(r.stdout)
    assert.equal(out.profile, 'local')
    assert.equal(out.verified, true)
    const file = join(dir, 'config', 'config.json')
    assert.equal(statSync(file).mode & 0o777, 0o600)
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).profiles.local.secret, secret)

    const token = await ok(['token', '--profile', 'local', '--json'], noEnv)
    const t = JSON.parse(token.stdout)
    assert.equal(t.profile, 'local')
    assert.match(t.token, /^.{4}….{4} \(\d+ chars\)$/)
    assert.ok(t.expiresIn > 0 && t.expiresIn <= 7200)
    // The real token (stable_token hands every caller the same one) never appears.
    const real = await new TuikeClient({
      appId: appid,
      appSecret: secret,
      baseURL: server.url,
    }).accessToken()
    printed.push(`SENTINEL-TOKEN:${real}`)
    assert.ok(!token.stdout.includes(real))
    const human = await ok(['token'], noEnv)
    assert.match(human.stdout, /expires in: +\d+ min/)

    const list = await ok(['login', '--list', '--json'], noEnv)
    assert.deepEqual(
      JSON.parse(list.stdout).map((p: any) => p.profile),
      ['local'],
    )

    // A wrong secret: exit 1 with the errcode, and the wrong secret is not echoed.
    const bad = await run(
      ['login', '--profile', 'bad', '--appid', appid, '--base-url', server.url, '--secret-stdin'],
      noEnv,
      'ffffffffffffffffffffffffffffffff\n',
    )
    assert.equal(bad.code, 1)
    assert.match(bad.stderr, /API error \d+/)
    assert.ok(!bad.stderr.includes('ffffffffffffffffffffffffffffffff'))
    // env overrides the profile's appid
    const wrong = await run(['spots', 'ls', '--profile', 'local'], {
      ...noEnv,
      TUIKE_APPID: 'wx0000000000000000',
    })
    assert.equal(wrong.code, 1)
    assert.match(wrong.stderr, /hint: /)
    // no credentials at all: a usage error
    const none = await run(['spots', 'ls'], { ...noEnv, TUIKE_CONFIG_DIR: join(dir, 'empty') })
    assert.equal(none.code, 2)
    assert.match(none.stderr, /tuike login/)
    const gone = await ok(['logout', '--profile', 'local'], noEnv)
    assert.match(gone.stdout, /removed profile "local"/)
  })

  test('categories and products: tables, JSON, units and sort names', async () => {
    golden('categories.txt', (await ok(['categories'])).stdout)
    const args = [
      'products',
      'list',
      '--has-coupon',
      '--min-ratio',
      '20%',
      '--sort',
      'commission-desc',
      '--limit',
      '8',
    ]
    golden('products-list.txt', (await ok(args)).stdout)
    const json = await ok([
      'products',
      'list',
      '--min-price',
      '9.9',
      '--max-price',
      '99',
      '--limit',
      '3',
      '--json',
    ])
    golden('products-list.json', json.stdout)
    for (const p of JSON.parse(json.stdout).productList) {
      assert.ok(p.product.info.minPrice >= 990 && p.product.info.minPrice <= 9900)
    }
    golden(
      'products-select.txt',
      (await ok(['products', 'select', '--sort', 'price-asc', '--limit', '5'])).stdout,
    )

    const all = await ok(['products', 'list', '--all', '--min-ratio', '20', '--json'])
    const lines = all.stdout.trim().split('\n')
    const total = JSON.parse(
      (await ok(['products', 'list', '--min-ratio', '20%', '--limit', '1', '--json'])).stdout,
    ).total
    assert.ok(total > 50, 'more than one page')
    assert.equal(lines.length, total)
    assert.ok(lines.every((l) => JSON.parse(l).leagueExInfo.commissionRatio >= 2000))
    const ids = (await ok(['products', 'list', '--limit', '3', '-q'])).stdout.trim().split('\n')
    assert.equal(ids.length, 3)
    assert.ok(ids.every((id) => /^\d+$/.test(id)))

    const bad = await run(['products', 'list', '--sort', 'cheapest'], env)
    assert.equal(bad.code, 2)
    assert.match(
      bad.stderr,
      /valid: default, price-asc, price-desc, ratio-asc, ratio-desc, commission-asc, commission-desc/,
    )
    const badPrice = await run(['products', 'list', '--min-price', 'nine'], env)
    assert.equal(badPrice.code, 2)
    assert.match(badPrice.stderr, /yuan/)
    const badShip = await run(['products', 'list', '--shipping', 'drone'], env)
    assert.equal(badShip.code, 2)
    assert.match(badShip.stderr, /valid: express, same-city/)
  })

  test('spots: add, rename, rm, ls; a duplicate name is errcode 14007 with a hint', async () => {
    golden('spots-ls.txt', (await ok(['spots', 'ls'])).stdout)
    const pid = (await ok(['spots', 'add', '临时活动', '-q'])).stdout.trim()
    assert.match(pid, new RegExp(`^${PID_PREFIX}_\\d+$`))
    const dup = await run(['spots', 'add', '临时活动'], env)
    assert.equal(dup.code, 1)
    assert.match(dup.stderr, /API error 14007: /)
    assert.match(dup.stderr, /hint: a spot with that name exists/)
    const renamed = JSON.parse((await ok(['spots', 'rename', pid, '临时活动2', '--json'])).stdout)
    assert.deepEqual(renamed, [{ promotionSourceName: '临时活动2', promotionSourcePid: pid }])
    await ok(['spots', 'rm', '临时活动2'])
    const after = JSON.parse((await ok(['spots', 'ls', '--json'])).stdout)
    assert.deepEqual(
      after.map((s: any) => s.promotionSourceName),
      ['首页推荐', '朋友圈', '社群团购'],
    )
    const missing = await run(['spots', 'rm', 'nope'], env)
    assert.equal(missing.code, 2)
    assert.match(missing.stderr, /spots: 首页推荐, 朋友圈, 社群团购/)
  })

  test('material: wording, links and tags for a spot, QR PNGs, and its errors', async () => {
    const products = JSON.parse(
      (
        await ok([
          'products',
          'list',
          '--has-coupon',
          '--sort',
          'commission-desc',
          '--limit',
          '2',
          '--json',
        ])
      ).stdout,
    ).productList.map((p: any) => p.productId)
    const qr = join(dir, 'qr')
    const r = await ok([
      'material',
      ...products,
      '--spot',
      '朋友圈',
      '--customize',
      'c11',
      '--qr',
      qr,
    ])
    golden('material.txt', norm(r.stdout.split(qr).join('QRDIR')))
    for (const id of products) {
      for (const f of [`${id}.png`, `${id}-coupon.png`]) {
        assert.deepEqual([...readFileSync(join(qr, f)).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47])
      }
    }
    const links = (
      await ok([
        'material',
        products[0],
        '--pid',
        `${PID_PREFIX}_1000000001`,
        '--customize',
        'c11',
        '-q',
      ])
    ).stdout
    const id = products[0]
    assert.match(
      links,
      new RegExp(
        `^${id}\tlink\thttps://tuike\\.test/s/\\w+\n${id}\tcoupon\thttps://tuike\\.test/s/\\w+\n$`,
      ),
    )
    assert.ok(
      r.stdout.includes(links.split('\n')[0]!.split('\t')[2]!),
      'the same spot gives the same link',
    )
    const json = JSON.parse(
      (await ok(['material', products[0], '--spot', '朋友圈', '--json'])).stdout,
    )
    assert.equal(json[0].pid, `${PID_PREFIX}_1000000001`)
    const both = await run(['material', products[0]], env)
    assert.equal(both.code, 2)
    assert.match(both.stderr, /--spot NAME or --pid PID/)
    const unknown = await run(['material', '99999999', '--spot', '朋友圈'], env)
    assert.equal(unknown.code, 1)
    assert.match(unknown.stderr, /not in the union catalogue: 99999999/)
  })

  test('orders get and search: tables, NDJSON and status filters', async () => {
    const db = server.database.db
    const ids = (
      await db.selectFrom('orders').select('order_id').orderBy('order_id').limit(3).execute()
    ).map((r) => r.order_id)
    golden('orders-get.txt', (await ok(['orders', 'get', ...ids])).stdout)
    const missing = await run(['orders', 'get', ids[0]!, '1999999999999999'], env)
    assert.equal(missing.code, 1)
    assert.match(missing.stderr, /not found: 1999999999999999/)
    golden(
      'orders-search.txt',
      (await ok(['orders', 'search', '--since', '2026-10-25', '--until', '2026-10-31'])).stdout,
    )
    const settled = await ok([
      'orders',
      'search',
      '--since',
      '30d',
      '--status',
      'settled',
      '--json',
    ])
    const lines = settled.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    assert.ok(lines.length > 0)
    assert.ok(
      lines.every((o) =>
        o.productList.every((l: any) => l.commissionStatus === 'SETTLEMENT_SUCCESS'),
      ),
    )
    const since = T0S - 30 * 86400
    assert.ok(lines.every((o) => o.payTime >= since && o.payTime <= T0S))
    const bad = await run(['orders', 'search', '--status', 'paid'], env)
    assert.equal(bad.code, 2)
    assert.match(bad.stderr, /valid: pending, settled, canceled/)
    const badDate = await run(['orders', 'search', '--since', 'yesterday'], env)
    assert.equal(badDate.code, 2)
    assert.match(badDate.stderr, /2026-11-01/)
  })

  describe('the ledger', () => {
    let ledger: string
    before(() => {
      ledger = join(dir, 'orders.sqlite')
    })

    test('the first sync pulls history; a second changes nothing', async () => {
      const first = JSON.parse((await ok(['orders', 'sync', '--ledger', ledger, '--json'])).stdout)
      assert.equal(first.new, 120)
      assert.equal(first.updated, 0)
      assert.equal(first.orders, 120)
      const again = JSON.parse((await ok(['orders', 'sync', '--ledger', ledger, '--json'])).stdout)
      assert.equal(again.new, 0)
      assert.equal(again.updated, 0)
      assert.equal(again.orders, 120)
      assert.ok(again.windows <= 2, 'a later run reads only the overlap')
      golden(
        'report-day.txt',
        (
          await ok([
            'report',
            '--source',
            'ledger',
            '--by',
            'day',
            '--since',
            '2026-10-20',
            '--ledger',
            ledger,
          ])
        ).stdout,
      )
      golden(
        'report-spot.txt',
        (await ok(['report', '--source', 'ledger', '--by', 'spot', '--ledger', ledger])).stdout,
      )
      golden(
        'report-product.json',
        (
          await ok([
            'report',
            '--source',
            'ledger',
            '--by',
            'product',
            '--ledger',
            ledger,
            '--json',
          ])
        ).stdout,
      )
      // The server's report (Tuike) agrees with the one computed from the synced ledger.
      const strip = (rows: any[]) => rows.map(({ clicks: _c, ...r }) => r)
      for (const by of ['spot', 'product']) {
        const fromServer = JSON.parse(
          (await ok(['report', '--by', by, '--source', 'server', '--json'])).stdout,
        )
        const fromLedger = JSON.parse(
          (await ok(['report', '--by', by, '--source', 'ledger', '--ledger', ledger, '--json']))
            .stdout,
        )
        assert.ok(fromServer.every((r: any) => typeof r.clicks === 'number'))
        const byKey = (rows: any[]) =>
          [...rows].sort((a, b) => (a.key < b.key ? -1 : 1)).map(({ name: _n, ...r }) => r)
        assert.deepEqual(byKey(strip(fromServer)), byKey(fromLedger), by)
      }
      const csv = join(dir, 'orders.csv')
      await ok(['orders', 'export', '--ledger', ledger, '--format', 'csv', '--out', csv])
      golden('export.csv', readFileSync(csv, 'utf8'))
      const nd = (await ok(['orders', 'export', '--ledger', ledger, '--format', 'ndjson'])).stdout
      golden('export.ndjson', nd)
      // The live export of the same range holds the same orders.
      const live = (
        await ok(['orders', 'export', '--since', String(T0S - 91 * 86400), '--format', 'ndjson'])
      ).stdout
      const ids = (text: string) =>
        text
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l).orderId)
          .sort()
      assert.deepEqual(ids(live), ids(nd))
      const liveCsv = (
        await ok(['orders', 'export', '--since', '2026-10-25', '--until', '2026-10-31'])
      ).stdout
      assert.match(liveCsv, /^\uFEFF订单号,支付时间（北京时间）,/)
    })

    test('a sync picks up status changes made between runs', async () => {
      const db = server.database.db
      const pending = await db
        .selectFrom('orders')
        .select('order_id')
        .where('commission_status', '=', 'SETTLEMENT_PENDING')
        .where('confirm_receipt_time', '=', 0)
        .orderBy('order_id')
        .limit(2)
        .execute()
      const [refunded, settled] = pending.map((r) => r.order_id)
      await admin('POST', '/admin/v1/clock/advance', { seconds: 3600 })
      await admin('POST', `/admin/v1/orders/${refunded}/refund`)
      await admin('POST', `/admin/v1/orders/${settled}/confirm-receipt`)
      await admin('POST', `/admin/v1/orders/${settled}/settle`)
      const later = { TUIKE_NOW: String(T0S + 3600 + 60) }
      const r = JSON.parse(
        (await ok(['orders', 'sync', '--ledger', ledger, '--json'], later)).stdout,
      )
      assert.equal(r.new, 0)
      assert.equal(r.updated, 2)
      const again = JSON.parse(
        (await ok(['orders', 'sync', '--ledger', ledger, '--json'], later)).stdout,
      )
      assert.equal(again.updated, 0, 'idempotent')
      const got = (await ok(['orders', 'export', '--ledger', ledger, '--format', 'ndjson'])).stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
      const status = (id: string) =>
        got.find((o) => o.orderId === id).productList[0].commissionStatus
      assert.equal(status(refunded!), 'SETTLEMENT_CANCELED')
      assert.equal(status(settled!), 'SETTLEMENT_SUCCESS')
      golden(
        'report-spot-after.txt',
        (await ok(['report', '--source', 'ledger', '--by', 'spot', '--ledger', ledger])).stdout,
      )
    })

    test('an interrupted sync resumes where it stopped and ends with the same ledger', async () => {
      // A proxy that drops every connection after the 15th order/search request.
      let searches = 0
      let failAfter = 15
      const target = new URL(server.url)
      const proxy: Server = createServer((req, res) => {
        if (req.url?.startsWith('/union/promoter/order/search') && ++searches > failAfter) {
          req.socket.destroy()
          return
        }
        const up = request(
          {
            host: target.hostname,
            port: target.port,
            path: req.url,
            method: req.method,
            headers: req.headers,
          },
          (r) => {
            res.writeHead(r.statusCode ?? 502, r.headers)
            r.pipe(res)
          },
        )
        req.pipe(up)
      })
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
      const via = {
        TUIKE_BASE_URL: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
        TUIKE_NOW: String(T0S + 3600 + 60),
      }
      try {
        const resumed = join(dir, 'resumed.sqlite')
        const cut = await run(['orders', 'sync', '--ledger', resumed, '--source', 'windows'], {
          ...env,
          ...via,
        })
        assert.equal(cut.code, 1)
        assert.match(cut.stderr, /onnection/)
        const partial = await ok([
          'report',
          '--source',
          'ledger',
          '--by',
          'spot',
          '--ledger',
          resumed,
          '--json',
        ])
        const partialOrders = JSON.parse(partial.stdout).reduce(
          (n: number, r: any) => n + r.orders,
          0,
        )
        assert.ok(partialOrders > 0 && partialOrders < 120, `kept ${partialOrders} orders`)

        searches = 0
        failAfter = Number.POSITIVE_INFINITY
        const rest = JSON.parse(
          (await ok(['orders', 'sync', '--ledger', resumed, '--json', '--source', 'windows'], via))
            .stdout,
        )
        assert.ok(rest.windows < 80, `resumed with ${rest.windows} windows, not from the start`)
        assert.equal(rest.orders, 120)
        const a = (await ok(['orders', 'export', '--ledger', resumed, '--format', 'csv'])).stdout
        const b = (await ok(['orders', 'export', '--ledger', ledger, '--format', 'csv'])).stdout
        assert.equal(a, b, 'the resumed ledger equals the uninterrupted one')
      } finally {
        proxy.close()
      }
    })

    test('a ledger refuses another account, and reading commands need an existing ledger', async () => {
      const other = await run(['orders', 'sync', '--ledger', ledger], {
        ...env,
        TUIKE_APPID: 'wx1111111111111111',
      })
      assert.equal(other.code, 2)
      assert.match(other.stderr, /is the ledger of/)
      const none = await run(
        ['report', '--source', 'ledger', '--ledger', join(dir, 'nope.sqlite')],
        env,
      )
      assert.equal(none.code, 2)
      assert.match(none.stderr, /orders sync/)
    })
  })

  test('a disabled account: exit 1 with errcode, errmsg and a hint; usage errors exit 2', async () => {
    const { appid: other, secret: otherSecret } =
      await server.tuike.services.promoters.create('禁用')
    await admin('POST', `/admin/v1/promoters/${other}/disable`)
    const r = await run(['spots', 'ls'], {
      ...env,
      TUIKE_APPID: other,
      TUIKE_APPSECRET: otherSecret,
    })
    printed.push(`SENTINEL-SECRET:${otherSecret}`)
    assert.equal(r.code, 1)
    assert.match(r.stderr, /API error 48001: /)
    assert.match(r.stderr, /hint: /)
    assert.ok(!r.stderr.includes(otherSecret))
    assert.equal((await run(['orders', 'frobnicate'], env)).code, 2)
    assert.equal((await run(['products', 'list', '--bogus'], env)).code, 2)
    const unreachable = await run(['spots', 'ls'], { ...env, TUIKE_BASE_URL: 'http://127.0.0.1:9' })
    assert.equal(unreachable.code, 1)
  })

  test('no run printed a secret, a token or a colour code', () => {
    const sentinels = printed
      .filter((p) => p.startsWith('SENTINEL-'))
      .map((p) => p.replace(/^SENTINEL-\w+:/, ''))
    const secrets = [secret, ...sentinels]
    const output = printed.filter((p) => !p.startsWith('SENTINEL-')).join('\n')
    assert.ok(output.length > 10_000)
    for (const s of secrets) assert.ok(!output.includes(s), 'a secret or token was printed')
    assert.ok(!output.includes('\x1b['), 'no ANSI colour without a TTY (NO_COLOR set)')
  })
})
