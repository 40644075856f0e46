/**
 * The GET calls `tuike serve` answers straight from node:http (http/direct.ts) go out byte for
 * byte as Hono answers them: a request target with an empty fragment takes Hono's path on the
 * same server (its URL drops the fragment), so each pair below differs only in that. And they are
 * logged and counted as every other request is, a sandbox drop included.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createLogger } from '../src/log.ts'
import type { RunningServer } from '../src/serve.ts'
import { localServer, raw } from './local-server.ts'
import { parsePrometheus, total } from './prometheus.ts'

/** One GET over a fresh connection: the raw answer, or '' when the server hung up. */
function get(port: number, target: string, headers = ''): Promise<string> {
  return raw(
    port,
    `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${headers}Connection: close\r\n\r\n`,
  )
}

/** The answer with its date and request id blanked; and that request id. */
function blank(answer: string): { text: string; rid: string } {
  const rid = /\r\nx-request-id: ([0-9a-f-]+)\r\n/.exec(answer)?.[1] ?? ''
  const text = answer.replace(/\r\nDate: [^\r]+/, '\r\nDate: …').replaceAll(rid || '\u0000', '…')
  return { text, rid }
}

describe('GET calls answered from node:http directly', () => {
  const lines: Record<string, any>[] = []
  let server: RunningServer
  let port: number
  let token: string
  before(async () => {
    ;({ server, port } = await localServer({
      jobs: false,
      config: { faults: true },
      log: createLogger((l) => lines.push(JSON.parse(l)), { level: 'debug' }),
    }))
    const { appid, secret } = await server.tuike.services.promoters.create('direct')
    const answer = await get(
      port,
      `/cgi-bin/token?grant_type=client_credential&appid=${appid}&secret=${secret}`,
    )
    token = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)).access_token
    assert.ok(token, answer)
  })
  after(() => server.close())

  test('every answer is the one Hono gives, headers and all', async () => {
    const list = '/union/promoter/promotion/list'
    const cases: [string, string?][] = [
      [`${list}?start=0&limit=20&access_token=${token}`],
      [`${list}?access_token=${token}&start=-1`],
      [`${list}?access_token=nope`],
      [`${list}?start=0`],
      [`${list}?access_token${token}`],
      [`${list}?access_token=${token}&filter[a]=1`],
      [`${list}?access_token=${token}&start=%ZZ&limit=2+0`],
      [`${list}?access_token=${token}`, 'X-Tuike-Fault: 45011\r\n'],
      [`${list}?access_token=${token}`, 'X-Tuike-Fault: sometimes\r\n'],
      [`/union/promoter/product/category?access_token=${token}`],
      ['/cgi-bin/token?grant_type=client_credential&appid=nope&secret=x'],
    ]
    for (const [target, headers] of cases) {
      const direct = blank(await get(port, target, headers))
      const hono = blank(await get(port, `${target}#`, headers))
      assert.match(direct.rid, /^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/, target)
      assert.equal(direct.text, hono.text, target)
      // The pair took both paths: Hono logs the target as sent, fragment and all.
      const other = lines.find((l) => l.msg === 'request' && l.rid === hono.rid)
      assert.ok(other?.url.endsWith('#'), target)
      // The access line of each: its rid, the URL as sent, the route's label.
      const line = lines.find((l) => l.msg === 'request' && l.rid === direct.rid)
      assert.equal(line?.method, 'GET', target)
      assert.equal(line?.url, target.replace(/(access_token|secret)=[^&]+/, '$1=[REDACTED]'))
      assert.equal(
        line?.endpoint,
        target.startsWith('/cgi-bin/') ? 'cgi-bin/token' : target.slice(16, target.indexOf('?')),
      )
      assert.equal(line?.status, Number(/^HTTP\/1\.1 (\d+)/.exec(direct.text)![1]))
      const errcode = JSON.parse(direct.text.slice(direct.text.indexOf('\r\n\r\n') + 4)).errcode
      assert.equal(line?.errcode, errcode || undefined, target)
    }
  })

  test('a sandbox drop closes the connection, and is logged and counted', async () => {
    const before = lines.length
    const answer = await get(
      port,
      `/union/promoter/promotion/list?access_token=${token}`,
      'X-Tuike-Fault: drop\r\n',
    )
    assert.equal(answer, '')
    const line = lines.slice(before).find((l) => l.msg === 'request')
    assert.deepEqual([line?.status, line?.errcode, line?.endpoint], [502, -1, 'promotion/list'])
    const m = parsePrometheus(await server.tuike.metrics.text())
    assert.equal(
      total(m, 'tuike_http_requests_total', {
        endpoint: 'promotion/list',
        status: '502',
        errcode: '-1',
      }),
      1,
    )
    assert.ok(
      total(m, 'tuike_http_requests_total', {
        endpoint: 'promotion/list',
        status: '200',
        errcode: '0',
      }) >= 2,
    )
  })
})
