import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { RunningServer } from '../src/serve.ts'
import { localServer, raw } from './local-server.ts'

describe('a request without a usable Host header', () => {
  let server: RunningServer
  let port: number
  before(async () => {
    ;({ server, port } = await localServer())
  })
  after(() => server.close())

  test('gets a WeChat-style JSON error, not an empty 400', async () => {
    for (const host of [
      '',
      'Host: \r\n',
      'Host: a b\r\n',
      'Host: [::1\r\n',
      'Host: x:99999\r\n',
      'Host: a/b\r\n',
      'Host: u@evil\r\n',
      'Host: a?b\r\n',
    ]) {
      const answer = await raw(
        port,
        `GET /union/promoter/promotion/list HTTP/1.1\r\n${host}Connection: close\r\n\r\n`,
      )
      assert.match(answer, /^HTTP\/1\.1 400 /, JSON.stringify(host))
      assert.match(answer, /\r\ncontent-type: application\/json/i, JSON.stringify(host))
      const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))
      assert.equal(body.errcode, 47001, JSON.stringify(host))
      assert.match(body.errmsg, /^data format error: the Host header is missing or malformed rid: /)
    }
  })

  test('HTTP/1.0 without Host (a load balancer health check) is served on the local address', async () => {
    // HTTP/1.0 has no Host header (RFC 1945); HAProxy's default httpchk sends none.
    for (const path of ['/healthz', '/readyz']) {
      const answer = await raw(port, `GET ${path} HTTP/1.0\r\n\r\n`)
      assert.match(answer, /^HTTP\/1\.1 200 /, answer)
    }
  })

  test('a good Host, with or without a port, is served', async () => {
    for (const host of ['localhost', `127.0.0.1:${port}`, '[::1]:8080', 'tuike.example.com']) {
      const answer = await raw(
        port,
        `GET /healthz HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
      )
      assert.match(answer, /^HTTP\/1\.1 200 /, host)
    }
  })
})
