import assert from 'node:assert/strict'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, test } from 'node:test'
import { httpFetch } from '../src/http-fetch.ts'

/** What the server saw of each request: method, path, body and three headers. */
const seen: {
  method: string
  url: string
  body: string
  retry?: string
  type?: string
  auth?: string
}[] = []
let server: Server
let base: string

function bodyOf(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = ''
    req.on('data', (c) => {
      body += c
    })
    req.on('end', () => resolve(body))
  })
}

before(async () => {
  server = createServer(async (req, res) => {
    const body = await bodyOf(req)
    seen.push({
      method: req.method!,
      url: req.url!,
      body,
      retry: req.headers['x-tuike-retry-count'] as string | undefined,
      type: req.headers['content-type'],
      ...(req.headers.authorization && { auth: req.headers.authorization }),
    })
    if (req.url === '/see-other') {
      res.writeHead(303, { location: '/answer' }).end()
    } else if (req.url === '/moved') {
      res.writeHead(307, { location: `${base}/answer` }).end()
    } else if (req.url === '/elsewhere') {
      // Another origin (localhost is not 127.0.0.1), the same server.
      res.writeHead(307, { location: base.replace('127.0.0.1', 'localhost') + '/answer' }).end()
    } else if (req.url === '/slow') {
      setTimeout(() => res.end('late'), 5000).unref()
    } else {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '2' })
      res.end(JSON.stringify({ errcode: 45011, errmsg: '限流' }))
    }
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
after(() => {
  server.closeAllConnections()
  server.close()
})

describe('httpFetch (the CLI client over node:http)', () => {
  test('sends method, headers and body; answers status, headers and the body as text', async () => {
    seen.length = 0
    const res = await httpFetch(`${base}/answer`, {
      method: 'POST',
      headers: { 'x-tuike-retry-count': '0', 'content-type': 'application/json' },
      body: '{"a":"测试"}',
    })
    assert.deepEqual(seen, [
      {
        method: 'POST',
        url: '/answer',
        body: '{"a":"测试"}',
        retry: '0',
        type: 'application/json',
      },
    ])
    assert.equal(res.status, 429)
    assert.equal(res.ok, false)
    assert.equal(res.headers.get('Retry-After'), '2')
    assert.equal(res.headers.get('x-request-id'), null)
    assert.deepEqual(JSON.parse(await res.text()), { errcode: 45011, errmsg: '限流' })
  })

  test('follows redirects as fetch does: 303 goes on as a GET, 307 keeps method and body', async () => {
    seen.length = 0
    await httpFetch(`${base}/see-other`, { method: 'POST', body: 'x' })
    await httpFetch(`${base}/moved`, { method: 'POST', body: 'y' })
    assert.deepEqual(
      seen.map((s) => `${s.method} ${s.url} ${s.body}`),
      ['POST /see-other x', 'GET /answer ', 'POST /moved y', 'POST /answer y'],
    )
  })

  test('a redirect to another origin drops the authorization header, as fetch does', async () => {
    seen.length = 0
    const headers = { authorization: 'Bearer tka_secret', cookie: 's=1' }
    await httpFetch(`${base}/moved`, { headers })
    await httpFetch(`${base}/elsewhere`, { headers })
    assert.deepEqual(
      seen.map((s) => `${s.url} ${s.auth ?? '-'}`),
      [
        '/moved Bearer tka_secret',
        '/answer Bearer tka_secret',
        '/elsewhere Bearer tka_secret',
        '/answer -',
      ],
    )
  })

  test('a refused connection and an abort reject', async () => {
    await assert.rejects(httpFetch('http://127.0.0.1:1/'), /ECONNREFUSED/)
    const stop = new AbortController()
    const slow = httpFetch(`${base}/slow`, { signal: stop.signal })
    setTimeout(() => stop.abort(), 20)
    await assert.rejects(slow, { name: 'AbortError' })
  })
})
