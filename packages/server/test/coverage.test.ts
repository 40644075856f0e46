import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { ENDPOINT_LIST } from '@tuike/contract'
import { servedEndpointIds, UNSERVED } from '../src/index.ts'
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

  test('/openapi.json documents every endpoint and /docs loads without a CDN', async () => {
    const doc = (await (await p.app.request('/openapi.json')).json()) as any
    assert.equal(doc.openapi, '3.1.0')
    for (const ep of ENDPOINT_LIST)
      assert.ok(doc.paths[ep.path]?.[ep.method.toLowerCase()], ep.path)
    const html = await (await p.app.request('/docs')).text()
    assert.doesNotMatch(html, /https?:\/\//, 'no external URL in the docs page')
    for (const asset of html.match(/\/docs\/[\w./-]+/g) ?? []) {
      assert.equal((await p.app.request(asset)).status, 200, asset)
    }
    assert.deepEqual(await (await p.app.request('/healthz')).json(), { status: 'ok' })
  })
})
