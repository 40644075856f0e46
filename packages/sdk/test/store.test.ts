/**
 * The successor API through the SDK: the callback verifier against the spec's worked examples
 * (§9.2, §9.3, §9.6), the uint64 pre-pass, and `client.store` against the in-process server,
 * from an unbound sharer to a settled commission seen through the key list, the detail fan-out
 * and the callbacks received by storeCallbackMiddleware on a real node:http server.
 */
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, test } from 'node:test'
import { STORE_ENDPOINTS } from '@tuike/contract'
import { seedCatalogue, TestClock } from '@tuike/server'
import { createTestPlatform, STORE_CALLBACK_EXAMPLE, type TestPlatform } from '@tuike/testkit'
import { STORE_ENDPOINT_METHODS, type StoreCommissionOrder, TuikeClient } from '../src/index.ts'
import { quoteLongIntegers } from '../src/internal/long-ints.ts'
import {
  type OtherStoreEvent,
  StoreCallbackError,
  type StoreCallbackEvent,
  StoreOrderVersions,
  storeCallbackMiddleware,
  verifyStoreCallback,
} from '../src/store-callbacks.ts'
import { recordingClient } from './support.ts'

const A43 = STORE_CALLBACK_EXAMPLE.aesKey
const DOC_ENCRYPT = STORE_CALLBACK_EXAMPLE.encrypt
const DOC_QUERY =
  'signature=6c5c811b55cc85e0e1b54100749188c20beb3f5d&timestamp=1714112445&nonce=415670741&openid=o9AgO5Kd5ggOC-bXrbNODIiE3bGY&encrypt_type=aes&msg_signature=046e02f8204d34f8ba5fa3b1db94908f3df2e9b3'

describe('callback verifier: the spec’s worked examples', () => {
  test('§9.2 URL verification answers echostr; a wrong signature is refused', () => {
    const query = new URLSearchParams(
      'signature=f464b24fc39322e44b38aa78f5edd27bd1441696&echostr=4375120948345356249&timestamp=1714036504&nonce=1514711492',
    )
    assert.deepEqual(verifyStoreCallback({ token: 'AAAAA' }, { method: 'GET', query }), {
      kind: 'verify',
      echostr: '4375120948345356249',
    })
    assert.throws(
      () => verifyStoreCallback({ token: 'AAAAB' }, { method: 'GET', query }),
      StoreCallbackError,
    )
  })

  test('§9.3 plaintext POST: signature over token, timestamp, nonce', () => {
    const body =
      '{"ToUserName":"gh_97417a04a28d","FromUserName":"o9AgO5Kd5ggOC-bXrbNODIiE3bGY","CreateTime":1714037059,"MsgType":"event","Event":"debug_demo","debug_str":"hello world"}'
    const query = new URLSearchParams(
      'signature=899cf89e464efb63f54ddac96b0a0a235f53aa78&timestamp=1714037059&nonce=486452656',
    )
    const r = verifyStoreCallback({ token: 'AAAAA' }, { method: 'POST', query, body })
    assert.equal(r.kind === 'event' && r.mode, 'plaintext')
    assert.equal(r.kind === 'event' && (r.event as OtherStoreEvent).debug_str, 'hello world')
  })

  test('§9.6 secure POST: msg_signature, AES-256-CBC with 32-byte padding (pad 19), appid', () => {
    const body = { ToUserName: 'gh_97417a04a28d', Encrypt: DOC_ENCRYPT }
    const config = { token: 'AAAAA', encodingAesKey: A43, appid: 'wxba5fad812f8e6fb9' }
    const query = new URLSearchParams(DOC_QUERY)
    const r = verifyStoreCallback(config, { method: 'POST', query, body: JSON.stringify(body) })
    assert.deepEqual(r, {
      kind: 'event',
      mode: 'secure',
      appid: 'wxba5fad812f8e6fb9',
      event: {
        ToUserName: 'gh_97417a04a28d',
        FromUserName: 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY',
        CreateTime: 1714112445,
        MsgType: 'event',
        Event: 'debug_demo',
        debug_str: 'hello world',
      },
    })
    // An already parsed body (a JSON body parser ran first) verifies the same way.
    assert.equal(verifyStoreCallback(config, { method: 'POST', query, body }).kind, 'event')
    const refused = (
      c: typeof config,
      q: URLSearchParams,
      b: Record<string, unknown>,
      re: RegExp,
    ) =>
      assert.throws(
        () => verifyStoreCallback(c, { method: 'POST', query: q, body: b }),
        (e: unknown) => e instanceof StoreCallbackError && re.test(e.message),
      )
    refused({ ...config, appid: 'wxother' }, query, body, /appid wxba5fad812f8e6fb9/)
    refused({ ...config, encodingAesKey: `B${A43.slice(1)}` }, query, body, /decrypt/)
    const tampered = `${DOC_ENCRYPT.slice(0, 10)}A${DOC_ENCRYPT.slice(11)}`
    refused(config, query, { ...body, Encrypt: tampered }, /msg_signature/)
    const late = { ...config, toleranceSeconds: 300, now: () => 1714112445_000 + 301_000 }
    refused(late, query, body, /tolerance/)
  })
})

test('bare integers of 16+ digits are quoted outside strings, nothing else', () => {
  const text =
    '{"a":12345678901234567890,"b":[9007199254740993,1],"c":"x:12345678901234567,","d":-12345678901234567,"e":1234567890123456.5,"f":"\\"12345678901234567"}'
  const v = JSON.parse(quoteLongIntegers(text))
  assert.equal(v.a, '12345678901234567890')
  assert.deepEqual(v.b, ['9007199254740993', 1])
  assert.equal(v.c, 'x:12345678901234567,')
  assert.equal(v.f, '"12345678901234567')
  assert.equal(typeof v.d, 'number')
  assert.equal(typeof v.e, 'number')
  assert.equal(quoteLongIntegers('{"x":1}'), '{"x":1}')
})

test('every row of STORE_ENDPOINTS has a client.store method that POSTs its path', async () => {
  const { client, api } = recordingClient()
  assert.deepEqual(Object.keys(STORE_ENDPOINT_METHODS).sort(), Object.keys(STORE_ENDPOINTS).sort())
  for (const [id, name] of Object.entries(STORE_ENDPOINT_METHODS)) {
    const parts = name.split('.')
    const verb = parts.pop()!
    let resource = client as unknown as Record<string, unknown>
    for (const part of parts) resource = resource[part] as Record<string, unknown>
    const method = resource[verb] as (body: unknown) => Promise<unknown>
    assert.equal(typeof method, 'function', name)
    await method.call(resource, { probe: id })
    const sent = api().at(-1)!
    const ep = STORE_ENDPOINTS[id as keyof typeof STORE_ENDPOINTS]
    assert.equal(`${sent.method} ${sent.url.pathname}`, `POST ${ep.path}`, id)
    assert.deepEqual(JSON.parse(sent.body!), { probe: id })
    assert.match(sent.rawQuery, /^access_token=/)
  }
})

test('a numeric-string errcode is an error, as the doc examples write it', async () => {
  const { client } = recordingClient((req) =>
    req.url.pathname.startsWith('/cgi-bin/')
      ? { access_token: 'T', expires_in: 7200 }
      : { errcode: '10024000', errmsg: 'page_size: too big rid: 1' },
  )
  await assert.rejects(client.store.orders.list({ page_size: 99 }), { errcode: 10024000 })
})

test('listDetails: bounded concurrency, each key once, an older version of a key dropped', async () => {
  const keys = [1, 2, 3, 2, 4, 5, 6].map((n) => ({
    order_id: `37051150584712089${n}0`,
    sku_id: '7',
  }))
  let inFlight = 0
  let peak = 0
  const gets: string[] = []
  const { client } = recordingClient(async (req) => {
    if (req.url.pathname.startsWith('/cgi-bin/')) return { access_token: 'T', expires_in: 7200 }
    const body = JSON.parse(req.body!)
    if (req.url.pathname.endsWith('/order/list/get')) {
      const start = body.next_key ? Number(body.next_key) : 0
      const list = keys.slice(start, start + 3)
      const more = start + 3 < keys.length
      return {
        errcode: 0,
        errmsg: 'ok',
        list,
        has_more: more,
        next_key: more ? String(start + 3) : '',
      }
    }
    inFlight++
    peak = Math.max(peak, inFlight)
    gets.push(body.order_id)
    await new Promise((r) => setImmediate(r))
    inFlight--
    const order_id = body.order_id as string
    return {
      errcode: 0,
      errmsg: 'ok',
      commssion_order: { order_id, sku_id: body.sku_id, update_time: 100, status: 20 },
    }
  })
  const got: StoreCommissionOrder[] = []
  for await (const o of client.store.orders.listDetails(
    { update_time_range: { start_time: 1 } },
    { concurrency: 2 },
  ))
    got.push(o)
  assert.deepEqual(
    got.map((o) => o.order_id),
    [1, 2, 3, 4, 5, 6].map((n) => `37051150584712089${n}0`),
  )
  assert.equal(gets.length, 6)
  assert.equal(peak, 2)
  const versions = new StoreOrderVersions()
  const k = { order_id: '1', sku_id: '2' }
  assert.deepEqual(
    ['10', '9', '10', '11', '100'].map((v) => versions.accept(k, v)),
    [true, false, false, true, true],
    'compared as integers, not text ("9" > "10" as strings)',
  )
})

describe('sqlite: client.store against the in-process server', () => {
  const T0 = 1_760_000_000
  const TOKEN = 'sdkStoreToken'
  const AES = 'Tuike0sdk0store0Key0000000000000000000000AB'
  const ADMIN = 'tka_sdk_store_test_0123456789abcdef'
  let p: TestPlatform
  let clock: TestClock
  let client: TuikeClient
  let appid: string
  const received: { event: StoreCallbackEvent | { Event: string }; mode: string }[] = []
  const receiver = createServer((req, res) => {
    void handler(req, res)
  })
  let handler: ReturnType<typeof storeCallbackMiddleware>

  before(async () => {
    clock = new TestClock(T0 * 1000)
    p = await createTestPlatform('sqlite', { clock })
    await p.services.settings.ensureAdminKey(ADMIN)
    await seedCatalogue(p.database.db, { products: 10, seed: 3 })
    const inst = await p.institution('SDK 机构')
    appid = inst.appid
    client = new TuikeClient({
      appId: inst.appid,
      appSecret: inst.secret,
      adminKey: ADMIN,
      baseURL: 'http://tuike.test',
      fetch: (input, init) => p.app.request(input, init),
      now: () => clock.now(),
      sleep: async () => {},
    })
    handler = storeCallbackMiddleware({ token: TOKEN, encodingAesKey: AES, appid }, (event, cb) => {
      received.push({ event, mode: cb.mode })
    })
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
    const port = (receiver.address() as AddressInfo).port
    await client.admin.institutions.update(appid, {
      callbackUrl: `http://127.0.0.1:${port}/wx`,
      callbackToken: TOKEN,
      encodingAesKey: AES,
      callbackMode: 'secure',
    })
  })
  after(async () => {
    receiver.close()
    await p.close()
  })

  test('unbound → bound → link → purchase → settled, through the SDK and its callback receiver', async () => {
    // The sharer registers and binds on the stand-in for wx.openBusinessView, as a browser would.
    const sharer_openid = 'oSdkSharer000000000000000001'
    const status = () =>
      client.store.sharers.bindStatus({ sharer_openid, is_simple_register: false })
    const page = (queryString: string, action: string, fields: Record<string, string> = {}) =>
      p.app.request('/open-business-view', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ queryString, action, ...fields }).toString(),
      })
    const s0 = await status()
    assert.deepEqual([s0.register_status, s0.bind_status, s0.sharer_appid], [0, 0, ''])
    assert.equal((await page(s0.register_query_string, 'register')).status, 200)
    const s1 = await status()
    const bindFields = { commissionType: '0', commissionRatio: '300000', headSupplierAppid: appid }
    assert.equal((await page(s1.bind_query_string, 'bind', bindFields)).status, 200)
    const s2 = await status()
    assert.equal(s2.bind_status, 1)
    const sharer_appid = s2.sharer_appid
    const sharers = []
    for await (const s of client.store.sharers.listAll({ page_size: 1 })) sharers.push(s)
    assert.deepEqual(
      sharers.map((s) => [s.sharer_appid, s.commission_ratio]),
      [[sharer_appid, 300000]],
    )

    const products = []
    for await (const item of client.store.products.listAll({ plan_type: 2, page_size: 3 }))
      products.push(item)
    assert.equal(products.length, 10)
    // The fixtures hold ids beyond 2^53: they arrive as their exact digits.
    for (const item of products)
      assert.ok(
        typeof item.product_id === 'string' || Number.isSafeInteger(item.product_id),
        String(item.product_id),
      )
    assert.ok(products.some((x) => typeof x.product_id === 'string'))
    const item = products.find((x) => typeof x.product_id === 'string')!
    const detail = await client.store.products.retrieve({ ...item, plan_type: 2 })
    assert.equal(String(detail.product.product_id), String(item.product_id))
    const sku = detail.product.product_info.skus[0]!
    const link = await client.store.materials.link({ sharer_appid, ...item })
    assert.match(link.http_short_link, /^https?:\/\//)

    clock.advance(120)
    const { orderId } = await client.admin.purchases.create({
      link: link.http_short_link,
      skuId: sku.sku_id,
      quantity: 1,
    })
    const range = { create_time_range: { start_time: T0, end_time: T0 + 3600 } }
    const keys = []
    for await (const k of client.store.orders.listAll(range)) keys.push(k)
    assert.deepEqual(keys, [{ order_id: orderId, sku_id: sku.sku_id }])

    clock.advance(86400)
    await client.admin.orders.confirmReceipt(orderId)
    await client.admin.clock.advance({ seconds: 7 * 86400 })
    const fresh = client.withOptions({}) // the old token expired on the test clock
    const details = []
    for await (const o of fresh.store.orders.listDetails(range, { concurrency: 3 })) details.push(o)
    assert.equal(details.length, 1)
    const settled = details[0]!
    assert.deepEqual(
      [settled.order_id, settled.status, settled.order_detail.order_info.order_status],
      [orderId, 100, 100],
    )
    assert.equal(settled.order_detail.commission_info.sharer_info?.sharer_appid, sharer_appid)

    while ((await p.services.webhooks.deliverDue()) > 0) {}
    assert.ok(received.every((r) => r.mode === 'secure'))
    const bind = received.find((r) => r.event.Event === 'promoter_bind_result')
    assert.equal((bind!.event as { sharer_appid: string }).sharer_appid, sharer_appid)
    const versions = new StoreOrderVersions()
    const latest = received
      .map((r) => r.event)
      .filter((e) => e.Event === 'head_supplier_commission_order_update')
      .map((e) => (e as Extract<StoreCallbackEvent, { order_info: unknown }>).order_info)
      .filter((o) => versions.accept(o, o.version))
      .at(-1)
    assert.deepEqual(
      [latest?.order_id, latest?.commission_order_status, latest?.order_status],
      [orderId, 100, 100],
    )
  })
})
