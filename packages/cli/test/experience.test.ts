/**
 * Issue 18's CLI points against a real server (fixed clock, seeded data) and the real binary:
 * tables that fit 80 columns and plain rows when piped, one time rule (Beijing time, --tz),
 * the console's CSV, validation exiting 2, completion, token --raw, and the operator commands.
 */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { formatTime, orderCsvLines, ordersCsv, TuikeClient } from '@tuike/sdk'
import {
  ADMIN_KEY,
  golden,
  type PromoterServer,
  promoterServer,
  run,
  runOk,
  T0S,
} from './support.ts'

describe('tuike: issue 18 (tables, time, CSV, validation, operator)', () => {
  let temp: PromoterServer
  // Set by before(): the suite's folder, server, promoter and the CLI's environment.
  let { dir, server, appid, secret, env } = {} as PromoterServer
  const ok = (args: string[], extra: Record<string, string | undefined> = {}) =>
    runOk(args, { ...env, ...extra })
  const usage = async (args: string[], message: RegExp, extra = {}) => {
    const r = await run(args, { ...env, ...extra })
    assert.equal(r.code, 2, `tuike ${args.join(' ')} exits 2: ${r.stderr}`)
    assert.match(r.stderr, message)
    return r
  }

  before(async () => {
    // The machine's zone is not Beijing: the CLI must not use it.
    const tz = 'America/New_York'
    temp = await promoterServer('experience', { tz, products: 120, orders: 40, seed: 2 })
    ;({ dir, server, appid, secret, env } = temp)
  })

  after(() => temp?.close())

  const norm = (text: string) => text.split(appid).join('wxAPPID')

  test('an 80-column terminal: every table line fits, long titles end in …', async () => {
    const tty = { TUIKE_FORCE_TTY: '80' }
    const products = await ok(
      ['products', 'list', '--sort', 'commission-desc', '--limit', '6'],
      tty,
    )
    const orders = await ok(
      ['orders', 'search', '--since', '2026-10-25', '--until', '2026-10-31'],
      tty,
    )
    for (const out of [products.stdout, orders.stdout]) {
      for (const line of out.trimEnd().split('\n')) {
        // CJK characters take two columns.
        const width = [...line].reduce(
          (w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1),
          0,
        )
        assert.ok(width <= 80, `${width} columns: ${line}`)
      }
    }
    assert.match(products.stdout, /…/)
    assert.match(products.stdout, /券后 ¥/)
    golden('products-list-80.txt', products.stdout)
    golden('orders-search-80.txt', norm(orders.stdout))
  })

  test('piped: tab-separated rows under a header row, nothing cut, summaries on stderr', async () => {
    const r = await ok(['products', 'list', '--sort', 'commission-desc', '--limit', '6'])
    const rows = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => l.split('\t'))
    assert.deepEqual(rows[0], [
      'productId',
      'title',
      'shop',
      'price ¥',
      '券后 ¥',
      'ratio',
      'commission ¥',
      'sold',
    ])
    assert.equal(rows.length, 7)
    assert.ok(rows.every((row) => row.length === 8))
    assert.ok(!r.stdout.includes('…') && !r.stdout.includes('│'))
    const json = JSON.parse(
      (await ok(['products', 'list', '--sort', 'commission-desc', '--limit', '6', '--json']))
        .stdout,
    )
    assert.deepEqual(
      rows.slice(1).map((row) => row[1]),
      json.productList.map((p: any) => p.product.info.title),
    )
    assert.match(r.stderr, /1–6 of \d+/)
    golden('products-list-piped.tsv', r.stdout)
  })

  test('orders: Beijing time whatever the machine zone, newest first like --json, --tz', async () => {
    const table = await ok(['orders', 'search', '--since', '2026-10-20'])
    const rows = table.stdout
      .trimEnd()
      .split('\n')
      .map((l) => l.split('\t'))
    assert.equal(rows[0]![1], 'paid (UTC+8)')
    const json = (await ok(['orders', 'search', '--since', '2026-10-20', '--json'])).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    const ids = [...new Set(rows.slice(1).map((r) => r[0]))]
    assert.deepEqual(
      ids,
      json.map((o) => o.orderId),
      'the same order, newest first',
    )
    const first = json[0]
    assert.equal(rows[1]![1], formatTime(first.payTime, 'Asia/Shanghai'))
    assert.ok(json.every((o, i) => i === 0 || json[i - 1].payTime >= o.payTime))
    const utc = await ok(['orders', 'get', first.orderId, '--tz', 'UTC'])
    assert.match(utc.stdout, /paid \(UTC\)/)
    assert.ok(utc.stdout.includes(formatTime(first.payTime, 'UTC')))
    // --since 2026-10-20 is Beijing midnight, not New York's.
    assert.ok(json.every((o) => o.payTime >= Date.UTC(2026, 9, 19, 16) / 1000))
  })

  test('report --by day: the server and the ledger give the same Beijing days', async () => {
    const ledger = join(dir, 'ledger.sqlite')
    await ok(['orders', 'sync', '--ledger', ledger])
    const by = (source: string) =>
      ok(['report', '--by', 'day', '--source', source, '--ledger', ledger, '--json']).then((r) =>
        JSON.parse(r.stdout).map(({ clicks: _c, name: _n, ...row }: any) => row),
      )
    const fromServer = await by('server')
    assert.ok(fromServer.length > 5)
    assert.deepEqual(await by('ledger'), fromServer)
    // Another zone's days come from the ledger; the server is not asked for them.
    await usage(
      ['report', '--by', 'day', '--source', 'server', '--tz', 'UTC', '--ledger', ledger],
      /Beijing-time days/,
    )
    const utc = JSON.parse(
      (await ok(['report', '--by', 'day', '--tz', 'UTC', '--ledger', ledger, '--json'])).stdout,
    )
    const count = (rows: any[]) => rows.reduce((n, r) => n + r.orders, 0)
    assert.equal(count(utc), count(fromServer))
  })

  test("orders export: the console's CSV (BOM, Chinese titles, same columns), live and from the ledger", async () => {
    const ledger = join(dir, 'ledger.sqlite')
    const live = await ok(['orders', 'export', '--since', '2026-10-25', '--until', '2026-10-31'])
    const orders = (
      await ok([
        'orders',
        'export',
        '--since',
        '2026-10-25',
        '--until',
        '2026-10-31',
        '--format',
        'ndjson',
      ])
    ).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    assert.ok(live.stdout.startsWith('\uFEFF订单号,支付时间（北京时间）,'))
    assert.equal(live.stdout, ordersCsv(orders.flatMap(orderCsvLines)))
    const fromLedger = (
      await ok([
        'orders',
        'export',
        '--ledger',
        ledger,
        '--since',
        '2026-10-25',
        '--until',
        '2026-10-31',
      ])
    ).stdout
    const sorted = (csv: string) => csv.split('\r\n').slice(1).sort()
    assert.deepEqual(sorted(fromLedger), sorted(live.stdout))
    golden('export-console.csv', norm(fromLedger))
  })

  test('validation: impossible dates, ambiguous ratios, empty spot names exit 2 with a reason', async () => {
    await usage(['orders', 'search', '--since', '2026-13-01'], /"2026-13-01" is not a date/)
    await usage(['orders', 'search', '--until', '2026-02-30'], /not a date/)
    await usage(['report', '--since', '2026-11-01T25:00'], /not a date/)
    await usage(['products', 'list', '--min-ratio', '0.2'], /ambiguous: write 20% .* or 0\.2%/)
    await usage(['spots', 'add', ''], /spot name/)
    await usage(['spots', 'add', '一二三四五六七八九十一二三四五六七八九十一'], /1–20 characters/)
    await usage(
      ['--tz', 'Mars/Olympus', 'orders', 'search'],
      /--tz: "Mars\/Olympus" is not a time zone/,
    )
    const twenty = await ok(['products', 'list', '--min-ratio', '20', '--limit', '3', '--json'])
    assert.ok(
      JSON.parse(twenty.stdout).productList.every(
        (p: any) => p.leagueExInfo.commissionRatio >= 2000,
      ),
    )
  })

  test('material -q labels each link with its product; token --raw prints the token alone', async () => {
    const ids = JSON.parse(
      (await ok(['products', 'list', '--has-coupon', '--limit', '2', '--json'])).stdout,
    ).productList.map((p: any) => p.productId)
    await ok(['spots', 'add', '测试链接'])
    const q = (await ok(['material', ...ids, '--spot', '测试链接', '-q'])).stdout
      .trimEnd()
      .split('\n')
    const rows = q.map((l) => l.split('\t'))
    assert.ok(
      rows.every(
        (r) => r.length === 3 && ids.includes(r[0]) && /^https:\/\/tuike\.test\//.test(r[2]!),
      ),
    )
    assert.deepEqual([...new Set(rows.map((r) => r[1]))].sort(), ['coupon', 'link'])
    const raw = await run(['token', '--raw'], env)
    const real = await new TuikeClient({
      appId: appid,
      appSecret: secret,
      baseURL: server.url,
    }).accessToken()
    assert.equal(raw.stdout, `${real}\n`)
  })

  test('completion: bash, zsh and fish complete commands and flags from the command tree', async () => {
    const script = (await ok(['completion', 'bash'])).stdout
    const file = join(dir, 'completion.bash')
    writeFileSync(file, script)
    const complete = (words: string[]) =>
      spawnSync('bash', [
        '-c',
        `source ${file}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _tuike; echo "\${COMPREPLY[*]}"`,
      ])
        .stdout.toString()
        .trim()
    assert.equal(complete(['tuike', 'orders', 's']), 'search sync')
    assert.equal(complete(['tuike', 'orders', 'search', '--since', '7d', '--st']), '--status')
    assert.match(complete(['tuike', 'admin', '']), /purchase/)
    // zsh runs the bash function through bashcompinit (0-based arrays, as _bash_complete sets
    // them); zsh filters COMPREPLY by the typed prefix itself, so the candidates hold the words.
    writeFileSync(join(dir, 'completion.zsh'), (await ok(['completion', 'zsh'])).stdout)
    const zsh = (words: string[]) =>
      spawnSync('zsh', [
        '-f',
        '-c',
        `autoload -U compinit && compinit -u -D; source ${join(dir, 'completion.zsh')}; setopt ksharrays; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _tuike; echo "\${COMPREPLY[*]}"`,
      ])
        .stdout.toString()
        .trim()
        .split(' ')
    assert.ok(zsh(['tuike', 'orders', 's']).includes('search'))
    assert.ok(zsh(['tuike', 'orders', 'search', '--since', '7d', '--st']).includes('--status'))
    assert.ok(zsh(['tuike', 'admin', 'cl']).includes('clock'))
    writeFileSync(join(dir, 'completion.fish'), (await ok(['completion', 'fish'])).stdout)
    const fish = (line: string) =>
      spawnSync('fish', [
        '--no-config',
        '-c',
        `source ${join(dir, 'completion.fish')}; complete -C '${line}'`,
      ])
        .stdout.toString()
        .split('\n')
        .map((l) => l.split('\t')[0])
        .filter(Boolean)
    assert.deepEqual(fish('tuike orders s'), ['search', 'sync'])
    assert.deepEqual(fish('tuike orders search --st'), ['--status'])
    await usage(['completion', 'tcsh'], /valid: bash, zsh, fish/)
  })

  describe('operator', () => {
    test('purchase, confirm receipt, clock, settle and refund from the CLI; a profile holds the key', async () => {
      const noKey = { TUIKE_ADMIN_KEY: undefined }
      await usage(['admin', 'orders', 'ls'], /no admin key/, noKey)
      const login = await run(
        [
          'login',
          '--admin',
          '--profile',
          'ops',
          '--base-url',
          server.url,
          '--secret-stdin',
          '--json',
        ],
        { ...env, TUIKE_BASE_URL: undefined },
        `${ADMIN_KEY}\n`,
      )
      assert.equal(login.code, 0, login.stderr)
      assert.equal(JSON.parse(login.stdout).role, 'operator')
      const ops = { ...noKey, TUIKE_BASE_URL: undefined, TUIKE_PROFILE: 'ops' }
      const id = (await ok(['spots', 'ls', '-q'])).stdout.trim().split('\n')[0]!
      const product = JSON.parse((await ok(['products', 'list', '--limit', '1', '--json'])).stdout)
        .productList[0].productId
      const link = (await ok(['material', product, '--pid', id, '-q'])).stdout
        .split('\n')[0]!
        .split('\t')[2]!
      const bought = (await ok(['admin', 'purchase', link, '--quantity', '2'], ops)).stdout.trim()
      assert.match(bought, /^\d{16,19}$/)
      const order = JSON.parse((await ok(['admin', 'orders', 'get', bought, '--json'], ops)).stdout)
      assert.equal(order.productList[0].productCnt, 2)
      await ok(['admin', 'orders', 'confirm-receipt', bought], ops)
      const moved = JSON.parse(
        (await ok(['admin', 'clock', 'advance', '1h', '--json'], ops)).stdout,
      )
      assert.equal(moved.now, T0S + 3600)
      const settled = JSON.parse(
        (await ok(['admin', 'orders', 'settle', bought, '--json'], ops)).stdout,
      )
      assert.equal(settled.productList[0].commissionStatus, 'SETTLEMENT_SUCCESS')
      const second = (await ok(['admin', 'purchase', link], ops)).stdout.trim()
      const refunded = JSON.parse(
        (await ok(['admin', 'orders', 'refund', second, '--json'], ops)).stdout,
      )
      assert.equal(refunded.productList[0].commissionStatus, 'SETTLEMENT_CANCELED')
      const ls = (await ok(['admin', 'orders', 'ls'], ops)).stdout
      assert.ok(ls.includes(bought) && ls.includes(second))
      await usage(['admin', 'clock', 'advance', 'soon'], /not a duration/, ops)
      // The old name still works, with a warning.
      const old = await ok(['admin', 'promoter', 'ls'], {
        ...ops,
        TUIKE_URL: server.url,
        TUIKE_PROFILE: undefined,
        TUIKE_ADMIN_KEY: ADMIN_KEY,
      })
      assert.match(old.stderr, /deprecated; use --base-url/)
    })

    test('rotate-key beside the database: the old key stops at once, the printed one works', async () => {
      const db = `sqlite:${join(dir, 'server.db')}`
      await usage(
        ['admin', 'rotate-key', '--db', `sqlite:${join(dir, 'none.db')}`],
        /no database at/,
      )
      const r = await ok(['admin', 'rotate-key', '--db', db, '--json'])
      const { adminKey } = JSON.parse(r.stdout)
      assert.match(adminKey, /^tka_.{32,}$/)
      const old = await run(['admin', 'promoter', 'ls'], { ...env, TUIKE_ADMIN_KEY: ADMIN_KEY })
      assert.equal(old.code, 1)
      assert.match(old.stderr, /HTTP 401|invalid admin key/)
      await ok(['admin', 'promoter', 'ls'], { TUIKE_ADMIN_KEY: adminKey })
      const quiet = await ok(['admin', 'rotate-key', '--db', db, '-q'])
      assert.match(quiet.stdout, /^tka_\S+\n$/)
    })
  })
})
