import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  createLogger,
  createTuike,
  type OpenDatabase,
  openDatabase,
  type Tuike,
} from '../src/index.ts'
import type { RequestLine } from '../src/log.ts'
import { withRid } from '../src/request-context.ts'

describe('logs never carry a token or a secret', () => {
  const lines: string[] = []
  let database: OpenDatabase
  let tuike: Tuike
  before(async () => {
    database = await openDatabase('sqlite::memory:')
    tuike = await createTuike({ db: database.db, log: createLogger((line) => lines.push(line)) })
  })
  after(() => database.close())

  test('token calls, union calls and errors are logged with credentials redacted', async () => {
    const { appid, secret } = await tuike.services.promoters.create('log')
    const t = (await (
      await tuike.app.request(
        `/cgi-bin/token?grant_type=client_credential&appid=${appid}&secret=${secret}`,
      )
    ).json()) as { access_token: string }
    const s = (await (
      await tuike.app.request('/cgi-bin/stable_token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'client_credential', appid, secret }),
      })
    ).json()) as { access_token: string }
    await tuike.app.request(
      `/cgi-bin/token?grant_type=client_credential&appid=${appid}&secret=${secret}x`,
    )
    await tuike.app.request(`/union/promoter/promotion/list?access_token=${t.access_token}`)
    await tuike.app.request(
      `/union/promoter/promotion/list?access_token=${s.access_token}&start=bad`,
    )
    await tuike.app.request(`/union/promoter/promotion/add?access_token=${t.access_token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{broken',
    })
    assert.ok(lines.length >= 6, 'every request is logged')
    const text = lines.join('\n')
    for (const secretText of [secret, t.access_token, s.access_token]) {
      assert.equal(text.includes(secretText), false)
    }
    assert.match(text, /access_token=\[REDACTED\]/)
    assert.match(text, /secret=\[REDACTED\]/)
    assert.match(text, /"rid":"[0-9a-f]{8}-/)
    // Redaction keeps each line whole JSON (it used to swallow the fields after the URL).
    for (const line of lines) {
      const entry = JSON.parse(line)
      if (entry.msg === 'request') assert.equal(typeof entry.status, 'number', line)
    }
  })

  test('credentials under percent-encoded parameter names are redacted too', async () => {
    lines.length = 0
    const { appid, secret } = await tuike.services.promoters.create('log-encoded')
    const res = await tuike.app.request(
      `/cgi-bin/token?grant_type=client_credential&appid=${appid}&secre%74=${secret}`,
    )
    const { access_token: token } = (await res.json()) as { access_token: string }
    assert.ok(token, 'the server reads secre%74 as secret')
    for (const query of [
      `%61ccess_token=${token}`,
      `access%5Ftoken=${token}&start=0`,
      `%61%63%63%65%73%73%5f%74%6f%6b%65%6e=${token}`,
      `x=1&%41ppSecret=${secret}`,
    ]) {
      await tuike.app.request(`/union/promoter/promotion/list?${query}`)
    }
    assert.equal(lines.length, 5)
    const text = lines.join('\n')
    assert.equal(text.includes(secret), false, text)
    assert.equal(text.includes(token), false, text)
    assert.equal(text.match(/=\[REDACTED\]/g)?.length, 5)
  })
})

describe('log levels and the terminal format', () => {
  test('lines below the level are not written', () => {
    const lines: string[] = []
    const log = createLogger((l) => lines.push(l), { level: 'warn' })
    log.debug('d')
    log.info('i')
    log.warn('w', { n: 1 })
    log.error('e')
    assert.deepEqual(
      lines.map((l) => JSON.parse(l).msg),
      ['w', 'e'],
    )
  })

  test('a terminal gets one short readable line per event, credentials still redacted', () => {
    const lines: string[] = []
    const log = createLogger((l) => lines.push(l), { format: 'pretty' })
    log.info('request', {
      method: 'GET',
      url: '/union/promoter/promotion/list?access_token=SECRET123&start=0',
      status: 200,
      ms: 1.5,
      endpoint: 'promotion/list',
    })
    log.warn('webhook delivery', { deliveryId: 'dlv_1', outcome: 'retry', error: 'HTTP 503' })
    assert.match(
      lines[0]!,
      /^\d\d:\d\d:\d\d\.\d{3} INFO {2}GET \/union\/promoter\/promotion\/list\?access_token=\[REDACTED\]&start=0 200 1\.5 ms$/,
    )
    assert.match(
      lines[1]!,
      /^\S+ WARN {2}webhook delivery deliveryId=dlv_1 outcome=retry error="HTTP 503"$/,
    )
    assert.equal(lines.join('\n').includes('SECRET123'), false)
  })

  test("the access line is pino's own line for the same fields, byte for byte", () => {
    const lines: string[] = []
    for (const format of ['json', 'pretty'] as const) {
      const log = createLogger((l) => lines.push(l), { format, level: 'info' })
      const fields: RequestLine[] = [
        { method: 'GET', url: '/p?access_token=T0K&start=0', status: 200, ms: 0.4, endpoint: 'x' },
        {
          method: 'GET',
          url: '/q"\\\u0001é?secret=s',
          status: 404,
          ms: 12,
          endpoint: 'unmatched',
          errcode: 40066,
        },
      ]
      for (const f of fields) {
        withRid('0a0b0c0d-01020304-a1b2c3d4', () => {
          log.request!('info', f)
          log.info('request', { ...f })
        })
        log.request!('info', f)
        log.info('request', { ...f })
      }
      log.request!('debug', fields[0]!)
    }
    assert.equal(lines.length, 16, 'a debug line is not written at level info')
    const sameTime = (l: string) => l.replace(/"time":"[^"]+"|^\S+/, 'T')
    for (let i = 0; i < lines.length; i += 2)
      assert.equal(sameTime(lines[i]!), sameTime(lines[i + 1]!))
    assert.equal(lines.join('\n').includes('T0K'), false)
  })
})
