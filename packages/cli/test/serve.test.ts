import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { promisify } from 'node:util'
import { CATEGORIES_WITH_A_BAD_LINE, type ServeProcess, startServeProcess } from '@tuike/testkit'

const BIN = join(import.meta.dirname, '..', 'bin', 'tuike.js')
const run = promisify(execFile)
/** Run `tuike …args` with `env`; rejects (with code, stdout, stderr) unless it exits 0. */
const tuike = (args: string[], env: NodeJS.ProcessEnv) =>
  run(process.execPath, [BIN, ...args], { env })

/** Start `tuike serve` on a free port (a fresh admin key and demo data) and wait for its banner. */
function serve(dir: string): Promise<ServeProcess> {
  return startServeProcess(['--port', '0', '--db', `sqlite:${join(dir, 't.db')}`], {
    env: { ...process.env, TUIKE_ADMIN_KEY: '' },
  })
}

describe('tuike serve', () => {
  let dir: string
  let server: ServeProcess
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tuike-serve-'))
    server = await serve(dir)
  })
  /** The environment of an operator command: this server and the key its banner printed once. */
  const adminEnv = () => {
    const key = server.out.match(/Admin key \(shown once; keep it\): +(\S+)/)![1]!
    return { ...process.env, TUIKE_BASE_URL: server.url, TUIKE_ADMIN_KEY: key }
  }
  after(() => {
    server?.child.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  })

  test('prints the URL, the docs URL, the admin key and the demo credentials once', async () => {
    assert.match(server.out, /API docs: +http:\/\/127\.0\.0\.1:\d+\/docs/)
    assert.match(server.out, /Admin key \(shown once; keep it\): +tka_\S+/)
    assert.match(server.out, /appid: +wx[0-9a-f]{16}/)
    assert.match(server.out, /secret: +[0-9a-f]{32}/)
    assert.equal((await fetch(`${server.url}/docs`)).status, 200)
  })

  test('the demo credentials work over the network', async () => {
    const appid = server.out.match(/appid: +(wx[0-9a-f]{16})/)![1]
    const secret = server.out.match(/secret: +([0-9a-f]{32})/)![1]
    const t = (await (
      await fetch(
        `${server.url}/cgi-bin/token?grant_type=client_credential&appid=${appid}&secret=${secret}`,
      )
    ).json()) as any
    const list = (await (
      await fetch(`${server.url}/union/promoter/promotion/list?access_token=${t.access_token}`)
    ).json()) as any
    assert.equal(list.errcode, 0)
    assert.ok(list.total >= 1, 'demo spots exist')
  })

  test('the demo 机构 works over the network: two bound sharers and weeks of their orders', async () => {
    const block = server.out.slice(server.out.indexOf('Demo 机构'))
    const appid = block.match(/appid: +(wx[0-9a-f]{16})/)![1]
    const secret = block.match(/secret: +([0-9a-f]{32})/)![1]
    const sharers = block.match(/sharers: +(wx[0-9a-f]{16}), (wx[0-9a-f]{16})/)!.slice(1)
    const t = (await (
      await fetch(
        `${server.url}/cgi-bin/token?grant_type=client_credential&appid=${appid}&secret=${secret}`,
      )
    ).json()) as { access_token: string }
    const post = async (path: string, body: unknown) =>
      (await fetch(`${server.url}${path}?access_token=${t.access_token}`, {
        method: 'POST',
        body: JSON.stringify(body),
      }).then((r) => r.json())) as any
    const bound = await post('/channels/ec/promoter/get_bind_sharer_list', { page_size: 20 })
    assert.deepEqual(bound.sharer_info_list.map((x: any) => x.sharer_appid).sort(), sharers.sort())
    const orders = await post('/channels/ec/league/headsupplier/order/list/get', {
      page_size: 30,
      create_time_range: { start_time: Math.floor(Date.now() / 1000) - 29 * 86400 },
    })
    assert.equal(orders.errcode, 0)
    assert.equal(orders.list.length, 30)
    assert.equal(orders.has_more, true)
    const detail = await post('/channels/ec/league/headsupplier/order/get', orders.list[0])
    assert.ok(
      sharers.includes(
        detail.commssion_order.order_detail.commission_info.sharer_info.sharer_appid,
      ),
    )
  })

  test('a raw (unencoded) Chinese query answers 40066 invalid url', async () => {
    const port = Number(new URL(server.url).port)
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(
          Buffer.concat([
            Buffer.from('GET /union/promoter/product/list?from=0&limit=10&query='),
            Buffer.from('洗衣液'),
            Buffer.from(' HTTP/1.1\r\nHost: x\r\n\r\n'),
          ]),
        )
      })
      let data = ''
      socket.on('data', (d) => {
        data += d
      })
      socket.on('end', () => resolve(data))
      socket.on('error', reject)
    })
    const body = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))
    assert.equal(body.errcode, 40066)
    assert.match(body.errmsg, /^invalid url rid: /)
  })

  test('admin CLI commands talk to the running server', async () => {
    const env = adminEnv()
    const created = JSON.parse(
      (await tuike(['admin', '--json', 'promoter', 'create', '--name', 'CLI 推客'], env)).stdout,
    )
    assert.match(created.appid, /^wx[0-9a-f]{16}$/)
    const list = JSON.parse((await tuike(['admin', '--json', 'promoter', 'list'], env)).stdout)
    assert.ok(list.some((p: any) => p.appid === created.appid && p.name === 'CLI 推客'))
    const quota = await tuike(
      ['admin', 'promoter', 'set-quota', created.appid, '--minute', '600', '--daily', 'default'],
      env,
    )
    assert.match(quota.stdout, /per minute 600, per day server default/)
    const disabled = await tuike(['admin', 'promoter', 'disable', created.appid], env)
    assert.match(disabled.stdout, /disabled/)
    const inst = JSON.parse(
      (await tuike(['admin', '--json', 'institution', 'create', '--name', 'CLI 机构'], env)).stdout,
    )
    assert.match(inst.appid, /^wx[0-9a-f]{16}$/)
    assert.match(inst.secret, /^[0-9a-f]{32}$/)
    assert.match(inst.username, /^gh_[0-9a-f]{12}$/)
    const token = (await (
      await fetch(
        `${server.url}/cgi-bin/token?grant_type=client_credential&appid=${inst.appid}&secret=${inst.secret}`,
      )
    ).json()) as { access_token: string }
    assert.ok(token.access_token)
    const institutions = await tuike(['admin', 'institution', 'ls'], env)
    // Piped: tab-separated rows.
    assert.match(institutions.stdout, new RegExp(`^${inst.appid}\tCLI 机构\tgh_`, 'm'))
    const bad = await tuike(['admin', 'promoter', 'list'], {
      ...env,
      TUIKE_ADMIN_KEY: 'wrong',
    }).catch((e) => e)
    assert.equal(bad.code, 1)
    assert.match(bad.stderr, /401/)
    assert.equal(bad.stderr.includes('wrong'), false, 'the key is not echoed')
    // `..` used to resolve away (`/promoters/../disable` → `/disable`); now it is refused.
    const dotdot = await tuike(['admin', 'promoter', 'disable', '..'], env).catch((e) => e)
    assert.equal(dotdot.code, 1)
    assert.match(dotdot.stderr, /invalid path segment/)
  })

  test('admin import streams NDJSON and reports bad lines by their line number in the file', async () => {
    const env = adminEnv()
    const file = join(dir, 'cats.ndjson')
    writeFileSync(file, CATEGORIES_WITH_A_BAD_LINE)
    const r = await tuike(['admin', 'import', 'categories', file], env).catch((e) => e)
    assert.equal(r.code, 1, 'bad lines make the exit code 1')
    assert.match(r.stdout, /applied 2 lines, 1 bad/)
    assert.match(r.stdout, /line 2: /)
  })

  test('SIGTERM drains and exits cleanly, and a restart keeps the data without re-seeding', async () => {
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', resolve))
    server.child.kill('SIGTERM')
    assert.equal(await exited, 0)
    const again = await serve(dir)
    const out = again.out
    await again.stop('SIGTERM')
    assert.doesNotMatch(out, /Admin key/, 'the admin key is printed only when created')
    assert.doesNotMatch(out, /secret:/)
  })
})
