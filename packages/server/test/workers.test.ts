/**
 * Issue 16: `tuike serve --workers 2` over one SQLite file. Each worker caches token checks in
 * memory, yet a revocation made through one worker holds on the other at its very next call
 * (the auth epoch, services/auth-epoch.ts); and concurrent purchases spread over both workers
 * are each answered with an orderId that the database holds, once.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { type ServeProcess, startServeProcess } from '@tuike/testkit'
import Database from 'better-sqlite3'
import { stockedCodes } from './serve-process.ts'

const KEY = 'tka_workers-test-admin-key-0000000000'
const LIST = '/union/promoter/promotion/list'
/** Calls made on fresh connections: the cluster hands connections to the workers in turn. */
const SPREAD = 8

/** GET `url` on a connection of its own (no keep-alive), so calls alternate between workers. */
function getFresh(url: string): Promise<{ errcode: number }> {
  return new Promise((resolve, reject) => {
    request(url, { agent: false }, (res) => {
      let body = ''
      res.on('data', (d) => {
        body += d
      })
      res.on('end', () => resolve(JSON.parse(body)))
    })
      .on('error', reject)
      .end()
  })
}

describe('tuike serve --workers 2 over one SQLite file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tuike-workers-'))
  const file = join(dir, 'tuike.db')
  let node: ServeProcess
  let appid: string

  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${node.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    return { status: res.status, body: (await res.json()) as Record<string, any> }
  }
  const token = async (secret: string) =>
    (
      (await (
        await fetch(
          `${node.url}/cgi-bin/token?grant_type=client_credential&appid=${appid}&secret=${secret}`,
        )
      ).json()) as { access_token: string }
    ).access_token
  /** The errcodes of SPREAD promotion/list calls, over both workers. */
  const codes = async (t: string) =>
    Promise.all(
      Array.from(
        { length: SPREAD },
        async () => (await getFresh(`${node.url}${LIST}?access_token=${t}`)).errcode,
      ),
    )
  const every = (n: number) => Array.from({ length: SPREAD }, () => n)

  before(async () => {
    node = await startServeProcess(
      [
        '--workers',
        '2',
        '--db',
        `sqlite:${file}`,
        '--port',
        '0',
        '--admin-key',
        KEY,
        '--seed',
        'demo',
      ],
      { timeoutMs: 180_000 },
    )
    appid = /appid:\s+(wx[0-9a-f]{16})/.exec(node.out)![1]!
  })
  after(async () => {
    await node?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  test('disable, rotate-secret and an invalidate-tokens fault hold on both workers at once', async () => {
    const { body: rotated } = await admin('POST', `/admin/v1/promoters/${appid}/rotate-secret`)
    let t = await token(rotated.secret)
    assert.deepEqual(await codes(t), every(0)) // both workers now hold the token in memory

    assert.equal((await admin('POST', `/admin/v1/promoters/${appid}/disable`)).status, 200)
    assert.deepEqual(await codes(t), every(48001))
    assert.equal((await admin('POST', `/admin/v1/promoters/${appid}/enable`)).status, 200)
    assert.deepEqual(await codes(t), every(0))

    const { body: again } = await admin('POST', `/admin/v1/promoters/${appid}/rotate-secret`)
    assert.deepEqual(await codes(t), every(40001))

    t = await token(again.secret)
    assert.deepEqual(await codes(t), every(0))
    const rule = await admin('POST', '/admin/v1/faults', {
      kind: 'invalidate-tokens',
      appid,
      endpoint: 'promotion/list',
      rate: 1,
      times: 1,
    })
    assert.equal(rule.status, 201, JSON.stringify(rule.body))
    // The first call fires the rule (and answers 40001); every later one finds its token gone.
    assert.equal((await getFresh(`${node.url}${LIST}?access_token=${t}`)).errcode, 40001)
    assert.deepEqual(await codes(t), every(40001))
  })

  test('200 concurrent purchases: every answer carries an orderId, and each order is stored once', async () => {
    const { body } = await admin('POST', `/admin/v1/promoters/${appid}/rotate-secret`)
    const t = await token(body.secret)
    const spots = (await (await fetch(`${node.url}${LIST}?access_token=${t}`)).json()) as {
      promotionSourceList: { promotionSourcePid: string }[]
    }
    const pid = spots.promotionSourceList[0]!.promotionSourcePid
    const sqlite = new Database(file)
    sqlite.pragma('busy_timeout = 5000')
    try {
      const { codes } = await stockedCodes(sqlite, node.url, t, pid)
      const before = (sqlite.prepare('select count(*) n from orders').get() as { n: number }).n

      const answers = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          admin('POST', '/admin/v1/purchases', { code: codes[i % codes.length] }),
        ),
      )
      const failed = answers.filter((a) => a.status !== 201 || typeof a.body.orderId !== 'string')
      assert.deepEqual(failed, [])
      const ids = new Set(answers.map((a) => a.body.orderId as string))
      assert.equal(ids.size, 200)
      const after = (sqlite.prepare('select count(*) n from orders').get() as { n: number }).n
      assert.equal(after - before, 200)
    } finally {
      sqlite.close()
    }
  })
})
