/**
 * `tuike serve` as an operator meets it: settings checked at start (one line naming the option,
 * exit 2), --print-config with secrets masked, warnings for unknown TUIKE_* variables, a database
 * newer than the code refused, --no-migrate, /readyz failing first during a SIGTERM drain, and
 * /metrics on the main port (admin key) and on --metrics-port.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import Database from 'better-sqlite3'
import { parsePrometheus, total } from './prometheus.ts'
import { cleanEnv, serve, serveArgs, tuike } from './serve-process.ts'

const KEY = 'tka_serve-ops-test-admin-key-0123456789'

let dir: string
/** A quiet server over the SQLite `file` in the test directory, plus `extra` options. */
const args = (file: string, ...extra: string[]) => serveArgs(join(dir, file), KEY, ...extra)
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'tuike-ops-'))
})
after(() => rmSync(dir, { recursive: true, force: true }))

describe('settings are checked at start', () => {
  test('each bad setting is one line naming the option and what it accepts, exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['--db', 'mysql://root:pw@db/x'],
        /^tuike: --db \(TUIKE_DB\): "mysql:\/\/root:\*\*\*@db\/x" is not a database URL; use sqlite:<file> or postgres:\/\//,
      ],
      [
        ['--admin-key', 'short-key'],
        /^tuike: --admin-key \(TUIKE_ADMIN_KEY\): too short \(9 characters\); use at least 32/,
      ],
      [['--redis', 'localhost:6379'], /^tuike: --redis \(TUIKE_REDIS_URL\): .* is not a Redis URL/],
      [
        ['--public-url', 'tuike.example.com'],
        /^tuike: --public-url \(TUIKE_PUBLIC_URL\): .* is not an http\(s\) URL/,
      ],
      [
        ['--port', '70000'],
        /option '--port <port>' argument '70000' is invalid\. must be a port number/,
      ],
      [
        ['--log-level', 'loud'],
        /Allowed choices are trace, debug, info, warn, error, fatal, silent/,
      ],
    ]
    const results = await Promise.all(
      cases.map(([args]) => tuike(['serve', '--db', `sqlite:${join(dir, 'bad.db')}`, ...args])),
    )
    for (const [i, [args, expected]] of cases.entries()) {
      const r = results[i]!
      assert.equal(r.code, 2, args.join(' '))
      assert.match(r.stderr.trim(), expected)
      assert.equal(r.stderr.trim().split('\n').length, 1, 'one line')
      assert.equal(r.stderr.includes('short-key'), false, 'a key is never echoed')
    }
  })

  test('--print-config shows each setting and its source with secrets masked; unknown TUIKE_* warned', async () => {
    const r = await tuike(
      [
        'serve',
        '--print-config',
        '--db',
        'postgres://tuike:hunter2@db.internal/tuike',
        '--port',
        '9000',
      ],
      cleanEnv({ TUIKE_ADMIN_KEY: KEY, TUIKE_PROT: '1', TUIKE_LOG_LEVEL: 'debug' }),
    )
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /--port +9000 +\(flag\)/)
    assert.match(r.stdout, /--db +postgres:\/\/tuike:\*\*\*@db\.internal\/tuike +\(flag\)/)
    assert.match(r.stdout, /--admin-key +\*\*\* \(39 characters\) +\(env TUIKE_ADMIN_KEY\)/)
    assert.match(r.stdout, /--log-level +debug +\(env TUIKE_LOG_LEVEL\)/)
    assert.match(r.stdout, /--host +127\.0\.0\.1 +\(default\)/)
    assert.match(r.stdout, /tokenTtl +7200/)
    for (const secret of ['hunter2', KEY]) assert.equal(r.stdout.includes(secret), false)
    assert.match(
      r.stderr,
      /^tuike: warning: TUIKE_PROT is not a Tuike setting and is ignored \(did you mean TUIKE_PORT\?\)$/m,
    )
  })

  test('a port in use is named, exit 2', async () => {
    const first = await serve(args('port.db'))
    try {
      const port = new URL(first.url).port
      const r = await tuike([
        'serve',
        '--db',
        `sqlite:${join(dir, 'port2.db')}`,
        '--port',
        port,
        '--seed',
        'none',
      ])
      assert.equal(r.code, 2)
      assert.match(
        r.stderr,
        new RegExp(`^tuike: --port ${port}: 127\\.0\\.0\\.1:${port} is already in use`),
      )
    } finally {
      await first.stop('SIGKILL')
    }
  })

  test('a database newer than the code is refused with exit 2; --no-migrate needs migrate up first', async () => {
    const file = join(dir, 'versions.db')
    const status = await tuike(['admin', 'migrate', 'status', '--db', `sqlite:${file}`])
    assert.match(status.stdout, /pending +001-accounts/)
    const behind = await tuike(['serve', '--db', `sqlite:${file}`, '--no-migrate', '--port', '0'])
    assert.equal(behind.code, 2)
    assert.match(behind.stderr, /lacks migration 001-accounts.*run tuike admin migrate up/)
    const up = await tuike(['admin', 'migrate', 'up', '--db', `sqlite:${file}`])
    assert.match(up.stdout, /^applied 001-accounts, .* in [\d.]+ s$/m)
    const again = await tuike(['admin', 'migrate', 'up', '--db', `sqlite:${file}`])
    assert.match(again.stdout, /Up to date: nothing to apply/)
    const served = await serve(args('versions.db', '--no-migrate'))
    await served.stop()

    const db = new Database(file)
    db.prepare(
      "insert into kysely_migration (name, timestamp) values ('999-next-release', '2030-01-01')",
    ).run()
    db.close()
    const r = await tuike(['serve', '--db', `sqlite:${file}`, '--port', '0'])
    assert.equal(r.code, 2)
    assert.match(
      r.stderr,
      /^tuike: the database sqlite:.*versions\.db was upgraded by a newer Tuike \(it has migration 999-next-release, this version knows up to \d{3}-[\w-]+\): run that version, or restore a backup made before the upgrade$/m,
    )
    const newer = await tuike(['admin', 'migrate', 'status', '--db', `sqlite:${file}`])
    assert.match(newer.stdout, /newer +999-next-release/)
    assert.equal((await tuike(['admin', 'migrate', 'up', '--db', `sqlite:${file}`])).code, 2)
  })
})

test('SIGTERM: /readyz fails first while requests are still served; metrics on both ports', {
  timeout: 120_000,
}, async () => {
  const server = await serve(args('drain.db', '--drain-delay', '3', '--metrics-port', '0'), (o) =>
    o.includes('Metrics:'),
  )
  const metricsUrl = /Metrics: +(http:\/\/\S+\/metrics)/.exec(server.out())![1]!
  const ready = await fetch(`${server.url}/readyz`)
  assert.equal(ready.status, 200)
  assert.deepEqual(await ready.json(), {
    status: 'ready',
    checks: { database: 'ok', migrations: 'ok', redis: 'not configured', draining: false },
  })
  assert.equal((await fetch(`${server.url}/metrics`)).status, 401)
  const scraped = await fetch(`${server.url}/metrics`, {
    headers: { authorization: `Bearer ${KEY}` },
  })
  const m = parsePrometheus(await scraped.text())
  assert.equal(total(m, 'tuike_http_requests_total', { endpoint: '/readyz', status: '200' }), 1)
  assert.ok(total(m, 'process_resident_memory_bytes') > 0, 'process metrics')
  assert.ok(total(m, 'tuike_sqlite_wal_bytes') > 0, 'the WAL of the database file')

  const exited = server.stop('SIGTERM')
  let draining: Response | undefined
  for (let i = 0; i < 40 && !draining; i++) {
    const r = await fetch(`${server.url}/readyz`)
    if (r.status === 503) draining = r
    else await new Promise((res) => setTimeout(res, 50))
  }
  assert.ok(draining, '/readyz answers 503 during the drain')
  assert.deepEqual(
    ((await draining.json()) as { checks: { draining: boolean } }).checks.draining,
    true,
  )
  assert.equal(draining.headers.get('connection'), 'close')
  // Still serving everything else while load balancers notice.
  assert.equal((await fetch(`${server.url}/healthz`)).status, 200)
  const api = await fetch(
    `${server.url}/cgi-bin/token?grant_type=client_credential&appid=wx0&secret=x`,
  )
  assert.equal(api.status, 200)
  const open = parsePrometheus(await (await fetch(metricsUrl)).text())
  assert.equal(total(open, 'tuike_draining'), 1, 'the metrics port needs no key')
  assert.ok(total(open, 'tuike_http_requests_total', { endpoint: '/readyz', status: '503' }) >= 1)
  assert.equal(await exited, 0)
  const logged = server
    .out()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l))
  assert.ok(logged.some((l) => l.msg === 'draining' && l.closingInSeconds === 3))
  assert.ok(logged.some((l) => l.msg === 'stopped'))
})
