import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { ENDPOINT_LIST, ENDPOINTS, type Endpoint } from '@tuike/contract'
import { createTestPlatform, DIALECTS, type TestPlatform } from './support.ts'

const KEY = 'tka_test-admin-key-hostile-input-0001'
const CONTROL = /must not contain control characters/

/** The top-level parameter names of an endpoint (query for GET, body for POST). */
function fieldsOf(ep: Endpoint): string[] {
  const schema = (ep.method === 'GET' ? ep.query : ep.body) as { shape?: object } | undefined
  return Object.keys(schema?.shape ?? {})
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: hostile bytes and numbers`, () => {
    let p: TestPlatform
    let token: string
    before(async () => {
      p = await createTestPlatform(dialect)
      await p.services.settings.ensureAdminKey(KEY)
      token = (await p.promoter()).token
    })
    after(() => p.close())

    /** Call `ep` with `params` as its query (GET) or JSON body (POST). */
    async function call(ep: Endpoint, params: Record<string, unknown>) {
      const qs = new URLSearchParams(ep.auth === 'token' ? { access_token: token } : {})
      if (ep.method === 'GET') for (const [k, v] of Object.entries(params)) qs.set(k, String(v))
      const res = await p.app.request(`${ep.path}?${qs}`, {
        method: ep.method,
        headers: { 'content-type': 'application/json' },
        body: ep.method === 'POST' ? JSON.stringify(params) : undefined,
      })
      assert.ok(res.status < 500, `${ep.id}: HTTP ${res.status}`)
      return (await res.json()) as { errcode: number; errmsg: string }
    }

    const admin = (method: string, path: string, body?: string) =>
      p.app.request(path, {
        method,
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body,
      })

    /** The answer of an NDJSON import, which is HTTP 200 even with bad lines. */
    const importAnswer = async (res: Response) => {
      assert.equal(res.status, 200)
      return (await res.json()) as { applied: number; errors: { line: number; reason: string }[] }
    }

    test('a control character in any parameter is 200002 naming the parameter', async () => {
      const controls = ['\u0000', '\u0001', '\n', '\t', '\u001f', '\u007f']
      for (const ep of ENDPOINT_LIST) {
        for (const [i, field] of fieldsOf(ep).entries()) {
          const ch = controls[i % controls.length]!
          const body = await call(ep, { [field]: `a${ch}b` })
          assert.equal(body.errcode, 200002, `${ep.id} ${field} ${JSON.stringify(ch)}`)
          assert.ok(body.errmsg.startsWith(`${field} `), `${ep.id}: ${body.errmsg}`)
          assert.match(body.errmsg, CONTROL, ep.id)
        }
      }
    })

    test('control characters inside lists, objects and JSON-text parameters are refused too', async () => {
      const generate = await call(ENDPOINTS['product/generate'], {
        pid: 'x',
        productList: [{ productId: '1', appId: 'wx1', customizeInfo: 'u\u00001' }],
      })
      assert.equal(generate.errcode, 200002)
      assert.match(generate.errmsg, /^productList\[0\]\.customizeInfo must not contain control/)
      const info = await call(ENDPOINTS['order/info'], { orderIdList: ['1', '2\u0000'] })
      assert.equal(info.errcode, 200002)
      assert.match(info.errmsg, /^orderIdList\[1\] must not contain control/)
      const list = ENDPOINTS['product/list']
      for (const [field, value, named] of [
        ['addressList', '[{"provinceName":"广东\\u0000"}]', 'addressList[0].provinceName'],
        ['shopAppIds', '["wx1","wx\\u0000"]', 'shopAppIds[1]'],
        ['shippingMethods', '{"express\\u0000":1}', 'shippingMethods'],
      ] as const) {
        const body = await call(list, { from: 0, limit: 10, [field]: value })
        assert.equal(body.errcode, 200002, field)
        assert.ok(body.errmsg.startsWith(`${named} `), body.errmsg)
        assert.match(body.errmsg, CONTROL)
      }
    })

    test('a NUL in an admin path or body is a 400 JSON error, never a 500', async () => {
      for (const [method, path] of [
        ['GET', '/admin/v1/orders/%00'],
        ['POST', '/admin/v1/orders/1%00/settle'],
        ['GET', '/admin/v1/promoters/wx%01'],
        ['GET', '/admin/v1/plans/%00'],
      ] as const) {
        const res = await admin(method, path)
        assert.equal(res.status, 400, path)
        const body = (await res.json()) as { errcode: number; errmsg: string }
        assert.equal(body.errcode, 200002, path)
        assert.match(body.errmsg, /^path must not contain control characters/)
      }
      const res = await admin('POST', '/admin/v1/promoters', JSON.stringify({ name: 'a\u0000' }))
      assert.equal(res.status, 400)
      const body = (await res.json()) as { errcode: number; errmsg: string }
      assert.equal(body.errcode, 200002)
      assert.match(body.errmsg, /^name: must not contain control characters/)
    })

    test('the landing page and the Buy form refuse a NUL without a 500', async () => {
      const landing = await p.app.request('/s/%00')
      assert.equal(landing.status, 400)
      const buy = await p.app.request('/s/abc%00/buy', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'ticket=x&quantity=1',
      })
      assert.equal(buy.status, 400)
    })

    test('an NDJSON import with a NUL line fails that line alone; the good lines land', async () => {
      const res = await admin(
        'POST',
        '/admin/v1/import/categories',
        [
          JSON.stringify({ catId: '8801', name: '好的一级' }),
          JSON.stringify({ catId: '8802', name: '坏\u0000名字' }),
          JSON.stringify({ catId: '88\u00003', name: '坏编号' }),
          JSON.stringify({ catId: '8804', name: '好的二级', parentId: '8801' }),
        ].join('\n'),
      )
      const body = await importAnswer(res)
      assert.equal(body.applied, 2)
      assert.deepEqual(
        body.errors.map((e) => e.line),
        [2, 3],
      )
      assert.match(body.errors[0]!.reason, /^name: must not contain control characters/)
      assert.match(body.errors[1]!.reason, /^catId: must not contain control characters/)
    })

    test('integers of 2^64 and beyond a field range are 200002 naming the field', async () => {
      const huge = '18446744073709551616'
      for (const [id, params, field] of [
        ['promotion/list', { start: huge, limit: 10 }, 'start'],
        ['promotion/list', { start: 0, limit: huge }, 'limit'],
        ['order/search', { page: huge, pageSize: 10 }, 'page'],
        ['order/search', { page: 1, pageSize: 10, startTimestamp: huge }, 'startTimestamp'],
        ['product/list', { from: huge, limit: 10 }, 'from'],
        ['product/list', { from: 0, limit: 10, minPrice: '2147483648' }, 'minPrice'],
        ['product/list', { from: 0, limit: 10, maxPrice: huge }, 'maxPrice'],
        ['product/list', { from: 0, limit: 10, minCommissionValue: huge }, 'minCommissionValue'],
        ['product/list', { from: 0, limit: 10, sortType: `-${huge}` }, 'sortType'],
        ['order/search_normal_order', { offset: huge, limit: 10 }, 'offset'],
        ['tuike/order/changes', { limit: huge }, 'limit'],
      ] as const) {
        const body = await call(ENDPOINTS[id], params)
        assert.equal(body.errcode, 200002, `${id} ${field}: ${body.errmsg}`)
        assert.ok(body.errmsg.startsWith(`${field} `), `${id}: ${body.errmsg}`)
      }
    })

    test('import refuses money and counts beyond their documented range, line by line', async () => {
      await admin(
        'POST',
        '/admin/v1/import/categories',
        JSON.stringify({ catId: '8901', name: '范围测试' }),
      )
      await admin(
        'POST',
        '/admin/v1/import/shops',
        JSON.stringify({
          name: '范围测试小商店',
          appId: 'wxrange00000000001',
          username: 'gh_range',
          headImgUrl: '',
          shippingMethods: { express: 1, sameCity: 0, pickup: 0 },
        }),
      )
      const product = (id: string, extra: Record<string, unknown> = {}) =>
        JSON.stringify({
          productId: id,
          shopAppId: 'wxrange00000000001',
          title: `范围 ${id}`,
          categoryId: '8901',
          minPrice: 100,
          commissionRatio: 1000,
          skus: [{ skuId: `${id}01`, salePrice: 100, marketPrice: 200, stockNum: 1 }],
          ...extra,
        })
      const res = await admin(
        'POST',
        '/admin/v1/import/products',
        [
          product('89001'),
          product('89002', {
            skus: [{ skuId: '8900201', salePrice: '99999999999999999999', marketPrice: 1 }],
          }),
          product('89003', { minPrice: '2147483648' }),
          product('89004', { totalStockNum: 2 ** 40 }),
          product('89005', { status: 2 ** 31 }),
          product('89006'),
        ].join('\n'),
      )
      const body = await importAnswer(res)
      assert.equal(body.applied, 2)
      assert.deepEqual(
        body.errors.map((e) => e.line),
        [2, 3, 4, 5],
      )
      assert.match(body.errors[0]!.reason, /^skus\.0\.salePrice: /)
      assert.match(body.errors[1]!.reason, /^minPrice: /)
      assert.match(body.errors[2]!.reason, /^totalStockNum: /)
      assert.match(body.errors[3]!.reason, /^status: /)
    })
  })
}
