import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ENDPOINTS } from '@tuike/contract'
import { ENDPOINT_METHODS, type TuikeClient } from '../src/index.ts'
import { recordingClient, TOKEN } from './support.ts'

interface Case {
  id: keyof typeof ENDPOINTS
  call: (c: TuikeClient) => PromiseLike<unknown>
  /** Raw query string without access_token, exactly as sent. */
  query: string
  body?: unknown
}

const PID = 'oUnIc49zinb1mtlfB5K-NfGJxxNE_341161518'

/** A POST whose JSON body is the argument the method was given, with nothing in the query. */
function posted<B>(
  id: Case['id'],
  body: B,
  call: (c: TuikeClient, body: B) => PromiseLike<unknown>,
): Case {
  return { id, call: (c) => call(c, body), query: '', body }
}

/** A POST whose method takes one id and sends it as the body's only field. */
function postedId(
  id: Case['id'],
  field: string,
  value: string,
  call: (c: TuikeClient, value: string) => PromiseLike<unknown>,
): Case {
  return { id, call: (c) => call(c, value), query: '', body: { [field]: value } }
}

const CASES: Case[] = [
  {
    id: 'tuike/order/changes',
    call: (c) => c.tuike.orders.changesPage({ cursor: 'dHVpa2U6djE6MQ', limit: 500 }),
    query: 'cursor=dHVpa2U6djE6MQ&limit=500',
  },
  posted(
    'tuike/webhook/add',
    { url: 'https://h.example/x', events: ['order.created' as const] },
    (c, b) => c.tuike.webhooks.create(b),
  ),
  {
    id: 'tuike/webhook/list',
    call: (c) => c.tuike.webhooks.list(),
    query: '',
  },
  postedId('tuike/webhook/del', 'webhookId', 'wh_1', (c, v) => c.tuike.webhooks.delete(v)),
  postedId('tuike/webhook/test', 'webhookId', 'wh_1', (c, v) => c.tuike.webhooks.test(v)),
  postedId('tuike/webhook/redeliver', 'deliveryId', 'dlv_1', (c, v) =>
    c.tuike.webhooks.redeliver(v),
  ),
  {
    id: 'tuike/webhook/deliveries',
    call: (c) => c.tuike.webhooks.deliveries({ webhookId: 'wh_1', status: 'failed' }),
    query: 'webhookId=wh_1&status=failed',
  },
  {
    id: 'tuike/report',
    call: (c) => c.tuike.report({ by: 'spot', since: 1700000000, until: 1700086399 }),
    query: 'by=spot&since=1700000000&until=1700086399',
  },
  {
    id: 'tuike/attribution/explain',
    call: (c) => c.tuike.attribution.explain({ code: 'k3mz8x2pq7ab' }),
    query: 'code=k3mz8x2pq7ab',
  },
  posted('promotion/add', { promotionSourceName: '首页' }, (c, b) => c.promotions.create(b)),
  posted('promotion/del', { promotionSourcePid: PID, promotionSourceName: 'a' }, (c, b) =>
    c.promotions.delete(b),
  ),
  posted(
    'promotion/upd',
    {
      previousPromotionInfo: { promotionSourcePid: PID, promotionSourceName: 'a' },
      promotionInfo: { promotionSourceName: 'b' },
    },
    (c, b) => c.promotions.update(b),
  ),
  {
    id: 'promotion/list',
    call: (c) => c.promotions.list({ start: 0, limit: 20 }),
    query: 'start=0&limit=20',
  },
  {
    id: 'promotion/list',
    call: (c) => c.promotions.list(),
    query: '',
  },
  {
    id: 'product/category',
    call: (c) => c.products.categories(),
    query: '',
  },
  {
    id: 'product/list',
    call: (c) => c.products.list({ from: 0, limit: 20, query: '洗衣液 100%' }),
    query: 'from=0&limit=20&query=%E6%B4%97%E8%A1%A3%E6%B6%B2%20100%25',
  },
  {
    id: 'product/list',
    call: (c) =>
      c.products.list({
        from: 50,
        limit: 50,
        query: undefined,
        minPrice: 100,
        sortType: undefined,
        category: ['1247', '1267'],
        noCategory: [],
        shopAppIds: ['wxb825f130c284597f', 'wx0000000000000001'],
        hasCoupon: 1,
        shippingMethods: { express: 1, sameCity: 0 },
        addressList: [{ addressInfo: { provinceName: '广东省' } }],
      }),
    query:
      'from=50&limit=50&minPrice=100&hasCoupon=1&category=1247%2C1267' +
      '&shopAppIds=wxb825f130c284597f%2Cwx0000000000000001' +
      '&shippingMethods=%7B%22express%22%3A1%2C%22sameCity%22%3A0%7D' +
      '&addressList=%5B%7B%22addressInfo%22%3A%7B%22provinceName%22%3A%22%E5%B9%BF%E4%B8%9C%E7%9C%81%22%7D%7D%5D',
  },
  {
    id: 'product/select',
    call: (c) =>
      c.products.select({ from: 0, limit: 10, minCommissionRatio: 2000, productId: ['1'] }),
    query: 'from=0&limit=10&minCommissionRatio=2000&productId=1',
  },
  posted(
    'product/generate',
    {
      pid: PID,
      productList: [{ productId: '14495788', appId: 'wxb825f130c284597f', customizeInfo: 'u1' }],
    },
    (c, b) => c.products.generate(b),
  ),
  posted('product/parse_tag', { tagList: ['#小程序://a/b/c'] }, (c, b) => c.products.parseTag(b)),
  {
    id: 'order/info',
    call: (c) => c.orders.retrieve(['1952315038682581', '2010887254486876164']),
    query: '',
    body: { orderIdList: ['1952315038682581', '2010887254486876164'] },
  },
  {
    id: 'order/search',
    call: (c) =>
      c.orders.search({
        page: 1,
        pageSize: 200,
        startTimestamp: 1612281600,
        endTimestamp: undefined,
        commissionStatus: undefined,
      }),
    query: 'page=1&pageSize=200&startTimestamp=1612281600',
  },
  {
    id: 'order/search_normal_order',
    call: (c) =>
      c.orders.searchNormalOrder({
        offset: 0,
        limit: 10,
        commissionStatus: [5, 6, 8, 10],
        outOrderIdList: ['out-1', 'out-2'],
        sortBy: 2,
      }),
    query:
      'offset=0&limit=10&sortBy=2&commissionStatus=5%2C6%2C8%2C10&outOrderIdList=out-1%2Cout-2',
  },
  {
    id: 'target/plan_info',
    call: (c) =>
      c.target.planInfo({ planInvitationUrl: 'https://mp.weixin.qq.com/p?planId=1&x=y' }),
    query: 'planInvitationUrl=https%3A%2F%2Fmp.weixin.qq.com%2Fp%3FplanId%3D1%26x%3Dy',
  },
  posted('target/apply_target', { planId: '1964112935262240768', applyReason: '匹配' }, (c, b) =>
    c.target.applyTarget(b),
  ),
  {
    id: 'target/apply_status',
    call: (c) => c.target.applyStatus({ planId: '1964112935262240768' }),
    query: 'planId=1964112935262240768',
  },
  posted('open_account/bind', { openAccount: 'wx1234567890abcdef' }, (c, b) =>
    c.openAccount.bind(b),
  ),
  {
    id: 'open_account/get',
    call: (c) => c.openAccount.retrieve(),
    query: '',
  },
  posted(
    'open_account/add_customize_info',
    { unionid: 'oTmHYjg6', customizeInfo: 'm-42' },
    (c, b) => c.openAccount.addCustomizeInfo(b),
  ),
  posted('open_account/del_customize_info', { unionid: 'oTmHYjg6' }, (c, b) =>
    c.openAccount.deleteCustomizeInfo(b),
  ),
  {
    id: 'open_account/get_customize_info',
    call: (c) => c.openAccount.retrieveCustomizeInfo({ unionid: 'oTmHYjg6' }),
    query: 'unionid=oTmHYjg6',
  },
  {
    id: 'open_product/list',
    call: (c) => c.openProducts.list({ from: 0, limit: 30, query: '杯', shopAppIds: ['wx1'] }),
    query: 'from=0&limit=30&query=%E6%9D%AF&shopAppIds=wx1',
  },
  posted(
    'open_product/generate',
    {
      pid: PID,
      getShortUrl: true,
      productList: [{ productId: '1', appId: 'wx1' }],
    },
    (c, b) => c.openProducts.generate(b),
  ),
]

for (const c of CASES) {
  test(`wire: ${ENDPOINT_METHODS[c.id]}`, async () => {
    const { client, api } = recordingClient()
    await c.call(client)
    const ep = ENDPOINTS[c.id]
    const [req, ...more] = api()
    assert.equal(more.length, 0, 'one request')
    assert.equal(req.method, ep.method)
    assert.equal(req.url.pathname, ep.path)
    const params = req.rawQuery.split('&')
    assert.equal(params.filter((p) => p.startsWith('access_token=')).length, 1)
    assert.equal(params.at(-1), `access_token=${TOKEN}`, 'access_token is appended last')
    const rest = params.slice(0, -1).join('&')
    assert.equal(rest, c.query)
    for (const p of params) {
      assert.doesNotMatch(p, /=$|=(null|undefined|%5Bobject)/, `no empty or null value: ${p}`)
    }
    if (ep.method === 'POST') {
      assert.equal(req.headers.get('content-type'), 'application/json')
      assert.deepEqual(JSON.parse(req.body ?? ''), c.body)
    } else {
      assert.equal(req.body, undefined)
      assert.equal(req.headers.get('content-type'), null)
    }
    assert.equal(req.headers.get('x-tuike-retry-count'), '0')
  })
}

test('wire: the token endpoints send appid/secret and stable_token a JSON body', async () => {
  const { client, calls } = recordingClient()
  await client.tokens.retrieve()
  await client.tokens.retrieveStable({ force_refresh: true })
  assert.equal(calls[0].method, 'GET')
  assert.equal(calls[0].url.pathname, '/cgi-bin/token')
  assert.equal(
    calls[0].rawQuery,
    'grant_type=client_credential&appid=wx0123456789abcdef&secret=S3cr3t-appsecret-0123456789abcdef',
  )
  assert.equal(calls[1].method, 'POST')
  assert.equal(calls[1].url.pathname, '/cgi-bin/stable_token')
  assert.equal(calls[1].rawQuery, '')
  assert.equal(calls[1].headers.get('content-type'), 'application/json')
  assert.deepEqual(JSON.parse(calls[1].body ?? ''), {
    grant_type: 'client_credential',
    appid: 'wx0123456789abcdef',
    secret: 'S3cr3t-appsecret-0123456789abcdef',
    force_refresh: true,
  })
})

test('every endpoint of the contract table has an SDK method, and a wire case', () => {
  const { client } = recordingClient()
  for (const id of Object.keys(ENDPOINTS)) {
    const name = (ENDPOINT_METHODS as Record<string, string>)[id]
    assert.ok(name, `no SDK method for ${id}`)
    const parts = name.split('.')
    const verb = parts.pop()!
    let resource = client as unknown as Record<string, unknown> | undefined
    for (const part of parts) resource = resource?.[part] as Record<string, unknown> | undefined
    assert.equal(typeof resource?.[verb], 'function', `${name} is not a method`)
    if (!id.startsWith('cgi-bin/'))
      assert.ok(
        CASES.some((c) => c.id === id),
        `no wire case for ${id}`,
      )
  }
  assert.deepEqual(Object.keys(ENDPOINT_METHODS).sort(), Object.keys(ENDPOINTS).sort())
})

test('order/info with 450 ids sends three chunks of at most 200 and joins the orders', async () => {
  const ids = Array.from({ length: 450 }, (_, i) => String(9007199254740993n + BigInt(i)))
  const { client, api } = recordingClient((req) => {
    if (req.url.pathname.startsWith('/cgi-bin/')) return { access_token: TOKEN, expires_in: 7200 }
    const { orderIdList } = JSON.parse(req.body ?? '{}') as { orderIdList: string[] }
    return { errcode: 0, errmsg: 'ok', orderList: orderIdList.map((orderId) => ({ orderId })) }
  })
  const r = await client.orders.retrieve(ids)
  assert.deepEqual(
    api().map((c) => (JSON.parse(c.body ?? '') as { orderIdList: string[] }).orderIdList.length),
    [200, 200, 50],
  )
  assert.deepEqual(
    r.orderList.map((o) => o.orderId),
    ids,
  )
})

test('parse_tag with 25 tags sends chunks of 10 and keeps per-item errors as data', async () => {
  const tags = Array.from({ length: 25 }, (_, i) => `#小程序://s/p/${i}`)
  const { client, api } = recordingClient((req) => {
    if (req.url.pathname.startsWith('/cgi-bin/')) return { access_token: TOKEN, expires_in: 7200 }
    const { tagList } = JSON.parse(req.body ?? '{}') as { tagList: string[] }
    return {
      errcode: 0,
      errmsg: 'ok',
      tagList: tagList.map((t) =>
        t.endsWith('/3')
          ? { errcode: 37027, errmsg: 'tag not exist' }
          : { productId: t.split('/').at(-1) },
      ),
    }
  })
  const r = await client.products.parseTag({ tagList: tags })
  assert.equal(api().length, 3)
  assert.equal(r.tagList.length, 25)
  assert.deepEqual(r.tagList[3], { errcode: 37027, errmsg: 'tag not exist' })
})
