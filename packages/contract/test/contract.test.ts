import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  ENDPOINT_LIST,
  ENDPOINTS,
  type Endpoint,
  ERRCODES,
  errcodeInfo,
  openAPIDocument,
  parseWire,
  responseProblems,
  STORE_ENDPOINT_LIST,
  STORE_ENDPOINTS,
} from '../src/index.ts'

/** Every row of both tables (the union with its extensions, and the successor). */
const ALL_ENDPOINTS = [...ENDPOINT_LIST, ...STORE_ENDPOINT_LIST]

/** GET endpoints that take no parameter besides access_token. */
const PARAMETERLESS_GETS = new Set(['product/category', 'open_account/get'])

function check(ep: Pick<Endpoint, 'fieldErrcodes'>, schema: Endpoint['query'], input: unknown) {
  assert.ok(schema)
  return parseWire(ep, schema, input)
}

function fails(result: ReturnType<typeof parseWire>) {
  assert.equal(result.ok, false, 'expected a validation failure')
  return result as { ok: false; errcode: number; errmsg: string }
}

describe('endpoint table', () => {
  for (const ep of ALL_ENDPOINTS) {
    describe(ep.id, () => {
      test('has a response schema and the schema its method needs', () => {
        assert.ok(ep.response, 'no response schema')
        if (ep.method === 'POST') {
          assert.ok(ep.body, 'POST without a body schema')
          assert.equal(ep.query, undefined, 'POST endpoints take no query parameters')
        } else {
          assert.equal(ep.body, undefined, 'GET endpoints take no body')
          if (!PARAMETERLESS_GETS.has(ep.id)) assert.ok(ep.query, 'GET without a query schema')
        }
      })

      test('examples validate against their schemas', () => {
        if (ep.query) {
          assert.ok(ep.examples.query, 'no query example')
          const r = ep.query.safeParse(ep.examples.query)
          assert.ok(r.success, `query example: ${r.error?.message}`)
        } else {
          assert.equal(ep.examples.query, undefined, 'query example without a query schema')
        }
        if (ep.body) {
          assert.notEqual(ep.examples.body, undefined, 'no body example')
          const r = ep.body.safeParse(ep.examples.body)
          assert.ok(r.success, `body example: ${r.error?.message}`)
        } else {
          assert.equal(ep.examples.body, undefined, 'body example without a body schema')
        }
        const r = ep.response.safeParse(ep.examples.response)
        assert.ok(r.success, `response example: ${r.error?.message}`)
      })

      test('the response example conforms exactly: documented fields, errmsg convention', () => {
        assert.deepEqual(responseProblems(ep, ep.examples.response), [])
      })

      if (ep.body) {
        test('a bare array or scalar body is told the expected shape', () => {
          for (const input of [[], ['1796194434000000299'], 'x', 42, null]) {
            const r = fails(check(ep, ep.body, input))
            assert.equal(r.errcode, ep.paramErrcode ?? 200002)
            assert.match(r.errmsg, /^body must be \{"\w+": .*\}$/)
          }
          const example = ep.examples.body as Record<string, unknown>
          const shown = fails(check(ep, ep.body, [])).errmsg
          for (const key of Object.keys(example)) {
            // Required on its own (a rule over several keys, "one of the two ids", is not).
            const without = ep.body!.safeParse({ ...example, [key]: undefined })
            if (!without.success && without.error.issues.some((i) => i.path[0] === key)) {
              assert.ok(shown.includes(`"${key}":`), `${shown} names the required ${key}`)
            }
          }
        })
      }

      test('every errcode it names is in ERRCODES', () => {
        const codes = [...ep.errcodes, ...Object.values(ep.fieldErrcodes ?? {})]
        for (const code of codes) assert.ok(errcodeInfo(code), `errcode ${code} not in ERRCODES`)
      })
    })
  }

  test('ids are unique and each row is keyed by its id', () => {
    const ids = ALL_ENDPOINTS.map((ep) => ep.id)
    assert.equal(new Set(ids).size, ids.length)
    for (const [key, ep] of Object.entries({ ...ENDPOINTS, ...STORE_ENDPOINTS }))
      assert.equal(ep.id, key)
  })

  test('store endpoints: POST under /channels/ec/, with their empty-body errcode by prefix', () => {
    assert.equal(STORE_ENDPOINT_LIST.length, 13)
    for (const ep of STORE_ENDPOINT_LIST) {
      assert.equal(ep.family, 'store')
      assert.equal(ep.method, 'POST')
      assert.equal(ep.successErrmsg, 'ok')
      const [prefix, code] = ep.id.startsWith('promoter/')
        ? ['/channels/ec/promoter/', 10071003]
        : ['/channels/ec/league/headsupplier/', 10024000]
      assert.equal(ep.path, `${prefix}${ep.id.replace(/^(promoter|headsupplier)\//, '')}`)
      assert.equal(ep.bodyErrcode, code, ep.id)
      assert.ok(ep.paramErrcode === 10024000 || ep.paramErrcode === 10071003, ep.id)
    }
  })

  test('union endpoints live at /union/promoter/<id>', () => {
    const union = ENDPOINT_LIST.filter((ep) => ep.family === 'union')
    assert.equal(union.length, 22)
    for (const ep of union) assert.equal(ep.path, `/union/promoter/${ep.id}`)
  })

  test('no OpenAPI schema degrades to "anything" (an empty schema in a union)', () => {
    const doc = openAPIDocument(ENDPOINT_LIST)
    const empties: string[] = []
    const walk = (v: unknown, at: string): void => {
      if (!v || typeof v !== 'object') return
      for (const [k, x] of Object.entries(v)) {
        if ((k === 'anyOf' || k === 'oneOf') && Array.isArray(x)) {
          for (const [i, o] of x.entries()) {
            if (o && typeof o === 'object' && Object.keys(o).length === 0) {
              empties.push(`${at}.${k}[${i}]`)
            }
          }
        }
        walk(x, `${at}.${k}`)
      }
    }
    walk(doc.paths, 'paths')
    assert.deepEqual(empties, [])
  })

  test('the catalogue holds only integer codes', () => {
    for (const code of Object.keys(ERRCODES)) assert.ok(Number.isInteger(Number(code)))
  })

  test('the OpenAPI document has one operation per endpoint', () => {
    const doc = openAPIDocument(ALL_ENDPOINTS) as { paths: Record<string, Record<string, unknown>> }
    const operations = Object.entries(doc.paths)
      .filter(([path]) => ALL_ENDPOINTS.some((ep) => ep.path === path))
      .flatMap(([, ops]) => Object.keys(ops))
    assert.equal(operations.length, ALL_ENDPOINTS.length)
    for (const ep of ALL_ENDPOINTS) {
      assert.ok(doc.paths[ep.path]?.[ep.method.toLowerCase()], `${ep.method} ${ep.path} missing`)
    }
    assert.doesNotThrow(() => JSON.stringify(doc))
  })
})

describe('error mapping', () => {
  const list = ENDPOINTS['product/list']
  const generate = ENDPOINTS['product/generate']
  const item = { productId: '14495788', appId: 'wxb825f130c284597f' }

  test('a missing field answers 200002 "<field> cannot be empty"', () => {
    const r = fails(check(generate, generate.body, { productList: [item] }))
    assert.deepEqual([r.errcode, r.errmsg], [200002, 'pid cannot be empty'])
    const q = fails(check(list, list.query, { limit: '10' }))
    assert.deepEqual([q.errcode, q.errmsg], [200002, 'from cannot be empty'])
  })

  test('product/list limit 51 answers 200002 naming limit and the cap', () => {
    const r = fails(check(list, list.query, { from: '0', limit: '51' }))
    assert.deepEqual([r.errcode, r.errmsg], [200002, 'limit must be <= 50'])
    assert.ok(check(list, list.query, { from: '0', limit: '50' }).ok)
  })

  test('open_product/list caps limit at 30', () => {
    const ep = ENDPOINTS['open_product/list']
    const r = fails(check(ep, ep.query, { from: '0', limit: '31' }))
    assert.deepEqual([r.errcode, r.errmsg], [200002, 'limit must be <= 30'])
  })

  test('product/generate: a numeric customizeInfo answers 200001', () => {
    const body = { pid: 'p', productList: [{ ...item, customizeInfo: 42 }] }
    const r = fails(check(generate, generate.body, body))
    assert.equal(r.errcode, 200001)
    assert.match(r.errmsg, /customizeInfo/)
  })

  test('product/generate: a customizeInfo of 81 characters answers 200002', () => {
    const long = { pid: 'p', productList: [{ ...item, customizeInfo: '字'.repeat(81) }] }
    const r = fails(check(generate, generate.body, long))
    assert.equal(r.errcode, 200002)
    assert.match(r.errmsg, /productList\[0\]\.customizeInfo .*80/)
    const ok = { pid: 'p', productList: [{ ...item, customizeInfo: '字'.repeat(80) }] }
    assert.ok(check(generate, generate.body, ok).ok)
  })

  test('product/generate: a numeric productId is read as a string', () => {
    const r = check(generate, generate.body, { pid: 'p', productList: [{ ...item, productId: 7 }] })
    assert.ok(r.ok)
    assert.equal(
      (r.value as { productList: { productId: string }[] }).productList[0].productId,
      '7',
    )
  })

  test('product/parse_tag: 11 tags answer top-level 201001; a missing list stays 200002', () => {
    const ep = ENDPOINTS['product/parse_tag']
    const tags = Array.from({ length: 11 }, (_, i) => `#小程序://shop/p/${i}`)
    assert.equal(fails(check(ep, ep.body, { tagList: tags })).errcode, 201001)
    assert.ok(check(ep, ep.body, { tagList: tags.slice(0, 10) }).ok)
    const missing = fails(check(ep, ep.body, {}))
    assert.deepEqual([missing.errcode, missing.errmsg], [200002, 'tagList cannot be empty'])
  })

  test('order/search: a millisecond startTimestamp is refused as not Unix seconds', () => {
    const ep = ENDPOINTS['order/search']
    const r = fails(check(ep, ep.query, { page: '1', startTimestamp: '1612281600000' }))
    assert.equal(r.errcode, 200002)
    assert.match(r.errmsg, /^startTimestamp .*Unix seconds/)
    assert.ok(check(ep, ep.query, { page: '1', startTimestamp: '1612281600' }).ok)
  })

  test('order/search: pageSize above 200 and page 0 are refused', () => {
    const ep = ENDPOINTS['order/search']
    assert.equal(
      fails(check(ep, ep.query, { page: '1', pageSize: '201' })).errmsg,
      'pageSize must be <= 200',
    )
    assert.equal(fails(check(ep, ep.query, { page: '0' })).errmsg, 'page must be >= 1')
  })

  test('order/info: a bare JSON array body answers 200002', () => {
    const ep = ENDPOINTS['order/info']
    const r = fails(check(ep, ep.body, ['1952315038682581']))
    assert.equal(r.errcode, 200002)
    const tooMany = Array.from({ length: 201 }, (_, i) => String(i))
    assert.equal(fails(check(ep, ep.body, { orderIdList: tooMany })).errcode, 200002)
  })

  test('shopAppIds is accepted as a comma list and as a JSON array', () => {
    for (const shopAppIds of ['wxa,wxb', '["wxa","wxb"]']) {
      const r = check(list, list.query, { from: '0', limit: '10', shopAppIds })
      assert.ok(r.ok)
      assert.deepEqual((r.value as { shopAppIds: string[] }).shopAppIds, ['wxa', 'wxb'])
    }
  })

  test('broken JSON in shippingMethods answers 200002 naming shippingMethods', () => {
    const r = fails(
      check(list, list.query, { from: '0', limit: '10', shippingMethods: '{"express":' }),
    )
    assert.equal(r.errcode, 200002)
    assert.match(r.errmsg, /^shippingMethods /)
  })

  test('a bad value inside JSON text is named by its path, not reported as missing', () => {
    const r = fails(
      check(list, list.query, { from: '0', limit: '10', shippingMethods: '{"express":2}' }),
    )
    assert.equal(r.errcode, 200002)
    assert.match(r.errmsg, /^shippingMethods\.express must be 0 or 1/)
  })

  test('product/list reads every documented parameter with its wire encoding', () => {
    const r = check(list, list.query, {
      from: '0',
      limit: '20',
      query: '洗衣液',
      queryType: '1',
      minPrice: '100',
      maxPrice: '5000',
      minCommissionValue: '10',
      minCommissionRatio: '1000',
      sortType: '99',
      categoryId: '1247',
      category: '1247,1267',
      noCategory: '1270',
      productId: '7554942,14495788',
      shopAppIds: 'wxa',
      hasCoupon: '1',
      shippingMethods: '{"express":1,"sameCity":0}',
      addressList: '[{"addressInfo":{"provinceName":"广东省","countyName":"南山区"}}]',
    })
    assert.ok(r.ok)
    assert.deepEqual(r.value, {
      from: 0,
      limit: 20,
      query: '洗衣液',
      queryType: 1,
      minPrice: 100,
      maxPrice: 5000,
      minCommissionValue: 10,
      minCommissionRatio: 1000,
      sortType: 99,
      categoryId: '1247',
      category: ['1247', '1267'],
      noCategory: ['1270'],
      productId: ['7554942', '14495788'],
      shopAppIds: ['wxa'],
      hasCoupon: 1,
      shippingMethods: { express: 1, sameCity: 0 },
      addressList: [{ addressInfo: { provinceName: '广东省', countyName: '南山区' } }],
    })
    assert.equal(
      fails(check(list, list.query, { from: '0', limit: '1', queryType: '3' })).errcode,
      200002,
    )
  })

  test('product/select accepts and ignores query and queryType', () => {
    const ep = ENDPOINTS['product/select']
    const r = check(ep, ep.query, { from: '0', limit: '10', query: 'x', queryType: 'junk' })
    assert.ok(r.ok)
    assert.deepEqual(r.value, { from: 0, limit: 10 })
  })

  test('search_normal_order reads code lists and id lists', () => {
    const ep = ENDPOINTS['order/search_normal_order']
    const r = check(ep, ep.query, {
      offset: '0',
      limit: '10',
      commissionStatus: '5,6,8',
      outOrderIdList: '["a","b"]',
      transactionIdList: 't1,t2',
    })
    assert.ok(r.ok)
    const v = r.value as Record<string, unknown>
    assert.deepEqual(v.commissionStatus, [5, 6, 8])
    assert.deepEqual(v.outOrderIdList, ['a', 'b'])
    assert.deepEqual(v.transactionIdList, ['t1', 't2'])
    const bad = fails(check(ep, ep.query, { offset: '0', limit: '10', commissionStatus: 'PAID' }))
    assert.match(bad.errmsg, /^commissionStatus /)
  })

  test('ids above 2^53 survive as strings', () => {
    const ep = ENDPOINTS['target/apply_status']
    const r = check(ep, ep.query, { planId: '1964112935262240768' })
    assert.ok(r.ok)
    assert.equal((r.value as { planId: string }).planId, '1964112935262240768')
  })
})

describe('response conformance', () => {
  const list = ENDPOINTS['promotion/list']
  const ok = { errcode: 0, errmsg: '', promotionSourceList: [], total: 0, promotionMaxCnt: 100 }

  test('an exact success answer and a WeChat-style error conform', () => {
    assert.deepEqual(responseProblems(list, ok), [])
    const err = { errcode: 40001, errmsg: 'invalid credential rid: 0a1b2c3d-0a1b2c3d-0a1b2c3d' }
    assert.deepEqual(responseProblems(list, err), [])
  })

  test('undocumented fields, wrong types and another errmsg convention are reported', () => {
    assert.deepEqual(responseProblems(list, { ...ok, next: 1 }), ['undocumented field next'])
    const nested = {
      ...ok,
      promotionSourceList: [{ promotionSourceName: 'a', promotionSourcePid: 'p', x: 1 }],
    }
    assert.deepEqual(responseProblems(list, nested), [
      'undocumented field promotionSourceList[0].x',
    ])
    assert.match(responseProblems(list, { ...ok, total: '0' })[0]!, /^total: /)
    assert.match(responseProblems(list, { ...ok, errmsg: 'ok' })[0]!, /convention is empty/)
    const token = ENDPOINTS['cgi-bin/token']
    const t = { access_token: 'T', expires_in: 7200 }
    assert.deepEqual(responseProblems(token, t), [])
    assert.deepEqual(responseProblems(token, { errcode: 0, ...t }), ['undocumented field errcode'])
  })

  test('an error needs the rid suffix and nothing besides errcode and errmsg', () => {
    assert.match(
      responseProblems(list, { errcode: 40001, errmsg: 'invalid credential' })[0]!,
      /rid/,
    )
    const extra = { errcode: 1, errmsg: 'x rid: 0a1b2c3d-0a1b2c3d-0a1b2c3d', hint: 'h' }
    assert.deepEqual(responseProblems(list, extra), ['an error carries other fields: hint'])
  })
})
