import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { ENDPOINT_LIST, STORE_ENDPOINT_LIST } from '@tuike/contract'
import { servedEndpointIds, UNSERVED } from '../src/index.ts'
import { seedCatalogue } from '../src/seed/catalogue.ts'
import { createTestPlatform, type TestPlatform } from './support.ts'

describe('every contract endpoint is served or listed as known-unserved', () => {
  let p: TestPlatform
  before(async () => {
    p = await createTestPlatform('sqlite')
  })
  after(() => p.close())

  test('served and unserved partition the endpoint table', () => {
    const served = new Set<string>(servedEndpointIds(p.services))
    const unserved = new Set<string>(UNSERVED)
    for (const ep of ENDPOINT_LIST) {
      assert.ok(
        served.has(ep.id) !== unserved.has(ep.id),
        `${ep.id} must be exactly one of served/unserved`,
      )
    }
    for (const id of [...served, ...unserved]) {
      assert.ok(
        ENDPOINT_LIST.some((ep) => ep.id === id),
        `${id} is not in the contract`,
      )
    }
  })

  test('every endpoint path answers JSON with an errcode, never a 404', async () => {
    const { token } = await p.promoter()
    for (const ep of ENDPOINT_LIST) {
      const res = await p.app.request(`${ep.path}?access_token=${token}`, {
        method: ep.method,
        headers: { 'content-type': 'application/json' },
        body: ep.method === 'POST' ? '{}' : undefined,
      })
      assert.equal(res.status, 200, ep.path)
      const body = (await res.json()) as { errcode?: number }
      assert.equal(typeof body.errcode, 'number', ep.path)
      if (UNSERVED.includes(ep.id as never)) assert.equal(body.errcode, 48001, ep.path)
    }
  })

  test('every successor endpoint is served: a 机构 token gets its documented codes, never 48001', async () => {
    const { token } = await p.institution()
    for (const ep of STORE_ENDPOINT_LIST) {
      const res = await p.app.request(`${ep.path}?access_token=${token}`, {
        method: 'POST',
        body: '{}',
      })
      assert.equal(res.status, 200, ep.path)
      const body = (await res.json()) as { errcode?: number }
      assert.ok(
        body.errcode === 0 || ep.errcodes.includes(body.errcode!),
        `${ep.path}: ${JSON.stringify(body)}`,
      )
    }
  })

  test('/openapi.json documents every endpoint and /docs loads without a CDN', async () => {
    const doc = (await (await p.app.request('/openapi.json')).json()) as any
    assert.equal(doc.openapi, '3.1.0')
    for (const ep of [...ENDPOINT_LIST, ...STORE_ENDPOINT_LIST])
      assert.ok(doc.paths[ep.path]?.[ep.method.toLowerCase()], ep.path)
    const html = await (await p.app.request('/docs')).text()
    assert.doesNotMatch(html, /https?:\/\//, 'no external URL in the docs page')
    for (const asset of html.match(/\/docs\/[\w./-]+/g) ?? []) {
      assert.equal((await p.app.request(asset)).status, 200, asset)
    }
    assert.deepEqual(await (await p.app.request('/healthz')).json(), { status: 'ok' })
  })

  test('/openapi.json describes the public pages and an access_token security scheme', async () => {
    const doc = (await (await p.app.request('/openapi.json')).json()) as any
    assert.deepEqual(doc.components.securitySchemes.accessToken, {
      type: 'apiKey',
      in: 'query',
      name: 'access_token',
      description: 'From /cgi-bin/token or /cgi-bin/stable_token.',
    })
    for (const ep of ENDPOINT_LIST) {
      const op = doc.paths[ep.path][ep.method.toLowerCase()]
      const names = (op.parameters ?? []).map((x: { name: string }) => x.name)
      assert.ok(!names.includes('access_token'), `${ep.path}: access_token is the security scheme`)
      assert.deepEqual(op.security, ep.auth === 'token' ? [{ accessToken: [] }] : [], ep.path)
    }
    // What each public page is documented to answer, checked against what it answers.
    await seedCatalogue(p.database.db, { products: 3, seed: 1 })
    const { token } = await p.promoter()
    const { pid } = await p.post('/union/promoter/promotion/add', token, {
      promotionSourceName: 'a',
    })
    const product = await p.firstProduct()
    const generated = await p.post('/union/promoter/product/generate', token, {
      pid,
      productList: [{ productId: product.id, appId: product.shop_appid }],
    })
    const code = new URL(generated.list[0].shareInfo.promotionUrl).pathname.split('/')[2]
    const pages: [string, string, string, number][] = [
      ['get', '/healthz', '/healthz', 200],
      ['get', '/readyz', '/readyz', 200],
      ['get', '/metrics', '/metrics', 401],
      ['get', '/s/{code}', `/s/${code}`, 200],
      ['get', '/s/{code}', '/s/nonexistent', 404],
      ['get', '/s/{code}/qr.png', `/s/${code}/qr.png`, 200],
      ['get', '/s/{code}/qr.png', '/s/nonexistent/qr.png', 404],
      ['post', '/s/{code}/buy', `/s/${code}/buy`, 400],
      ['get', '/shop/a/{code}', '/shop/a/nonexist', 404],
      ['get', '/qr/{code}.png', '/qr/nonexist.png', 404],
      ['get', '/open-business-view', '/open-business-view?queryString=x', 400],
      ['post', '/open-business-view', '/open-business-view', 400],
    ]
    for (const [method, path, url, status] of pages) {
      const op = doc.paths[path]?.[method]
      assert.ok(op, `${method} ${path} is documented`)
      const res = await p.app.request(url, {
        method: method.toUpperCase(),
        body: method === 'post' ? new FormData() : undefined,
      })
      assert.equal(res.status, status, url)
      const type = (res.headers.get('content-type') ?? '').split(';')[0]!
      assert.ok(
        op.responses[status]?.content?.[type],
        `${method} ${path} documents ${status} ${type}`,
      )
    }
    assert.deepEqual(doc.paths['/metrics'].get.security, [{ adminKey: [] }])
  })
})
