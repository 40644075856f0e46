import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  CommissionOrderUpdateEvent,
  type Endpoint,
  isCallbackSuccess,
  parseWire,
  pkcs7Pad32,
  pkcs7Unpad32,
  STORE_ENDPOINTS,
  WechatCryptoError,
  wechatAesKey,
  wechatDecrypt,
  wechatEncrypt,
  wechatSignature,
} from '../src/index.ts'

function parse(ep: Endpoint, input: unknown) {
  assert.ok(ep.body)
  return parseWire(ep, ep.body, input)
}

function fails(ep: Endpoint, input: unknown): { errcode: number; errmsg: string } {
  const r = parse(ep, input)
  if (r.ok) assert.fail(`expected ${JSON.stringify(input)} to fail`)
  return { errcode: r.errcode, errmsg: r.errmsg }
}

function value(ep: Endpoint, input: unknown): Record<string, unknown> {
  const r = parse(ep, input)
  assert.ok(r.ok, JSON.stringify(r))
  // Keys whose blank value was read as absent carry undefined; compare what is there.
  return JSON.parse(JSON.stringify(r.value)) as Record<string, unknown>
}

describe('store request schemas (store-promoter-api.md §1.10, §2.4)', () => {
  const status = STORE_ENDPOINTS['promoter/get_promoter_register_and_bind_status']
  const sharers = STORE_ENDPOINTS['promoter/get_bind_sharer_list']
  const products = STORE_ENDPOINTS['promoter/get_promote_product_list']
  const detail = STORE_ENDPOINTS['promoter/get_promote_product_detail']
  const setRatio = STORE_ENDPOINTS['promoter/set_sharer_commission_info']
  const link = STORE_ENDPOINTS['promoter/get_product_promotion_link_info']
  const list = STORE_ENDPOINTS['headsupplier/order/list/get']
  const get = STORE_ENDPOINTS['headsupplier/order/get']
  const unbind = STORE_ENDPOINTS['promoter/headsupplier_unbind_promoter']

  test('page_size above the cap is 10024000 naming page_size; absent and "" are the default', () => {
    assert.deepEqual(fails(sharers, { page_size: 21 }), {
      errcode: 10024000,
      errmsg: 'page_size must be <= 20',
    })
    assert.equal(fails(list, { page_size: '31' }).errmsg, 'page_size must be <= 30')
    assert.equal(value(sharers, { next_key: '', page_size: '' }).page_size, undefined)
    assert.equal(value(list, { page_size: '30' }).page_size, 30)
  })

  test('booleans and numbers are read leniently; empty strings are absent', () => {
    for (const v of [true, 1, '1', 'true'])
      assert.equal(
        value(status, { sharer_openid: 'o', is_simple_register: v }).is_simple_register,
        true,
      )
    for (const v of [false, 0, '0', 'false'])
      assert.equal(
        value(status, { sharer_openid: 'o', is_simple_register: v }).is_simple_register,
        false,
      )
    assert.equal(fails(status, { sharer_openid: 'o', is_simple_register: 'yes' }).errcode, 10024000)
    assert.deepEqual(value(sharers, { sharer_appid: '', sharer_openid: '' }), {})
  })

  test('one of the two sharer ids is required; the missing flag is named', () => {
    assert.equal(
      fails(status, { sharer_appid: '', is_simple_register: true }).errmsg,
      'body needs sharer_openid or sharer_appid',
    )
    assert.equal(fails(status, { sharer_openid: 'o' }).errmsg, 'is_simple_register cannot be empty')
  })

  test('commission_type 0 needs a ratio in [100000, 1000000]; type 1 takes [0, 1000000]', () => {
    const bad = fails(setRatio, { sharer_appid: 'wx1', commission_type: 0, commission_ratio: 10 })
    assert.equal(bad.errcode, 10024000)
    assert.match(bad.errmsg, /^commission_ratio must be in \[100000, 1000000\]/)
    assert.ok(
      parse(setRatio, { sharer_appid: 'wx1', commission_type: '1', commission_ratio: '1' }).ok,
    )
    assert.equal(
      fails(setRatio, { sharer_appid: 'wx1', commission_type: 1, commission_ratio: 1000001 })
        .errmsg,
      'commission_ratio must be <= 1000000',
    )
    assert.equal(
      fails(setRatio, { sharer_appid: 'wx1', commission_type: 2, commission_ratio: 1 }).errcode,
      10024000,
    )
  })

  test('unbind names its parameter errors with 10071003, as its page documents', () => {
    assert.deepEqual(fails(unbind, {}), {
      errcode: 10071003,
      errmsg: 'sharer_appid cannot be empty',
    })
  })

  test('product list: every filter is read, bounds as strings or numbers, min > max refused', () => {
    const v = value(products, {
      next_key: '',
      page_size: 10,
      plan_type: '2',
      shop_appid: 'wxshop',
      keyword: '纸巾',
      category: {
        category_id: '8261345894708739273',
        category_ids_1: ['1142', 1421],
        category_name: '家清日用',
      },
      spu_item_condition: {
        selling_price_range: { min: '100', max: 5000 },
        monthly_sales_range: { min: 1 },
        flags: ['0', 7],
        service_fee_rate_range: { min: '0', max: '100000' },
        commission_rate_range: { max: 50000 },
        promote_time_range: { min: 1735660800 },
        shop_score_range: { min: 1 },
      },
    })
    assert.equal(v.plan_type, 2)
    assert.deepEqual(v.spu_item_condition, {
      selling_price_range: { min: 100, max: 5000 },
      monthly_sales_range: { min: 1 },
      flags: ['0', '7'],
      service_fee_rate_range: { min: 0, max: 100000 },
      commission_rate_range: { max: 50000 },
      promote_time_range: { min: 1735660800 },
    })
    assert.deepEqual((v.category as { category_ids_1: string[] }).category_ids_1, ['1142', '1421'])
    const r = fails(products, {
      plan_type: 2,
      spu_item_condition: { selling_price_range: { min: 10, max: 1 } },
    })
    assert.deepEqual(r, {
      errcode: 10024000,
      errmsg: 'spu_item_condition.selling_price_range.min must not be greater than max',
    })
    assert.equal(fails(products, { plan_type: 5 }).errcode, 10024000)
    assert.equal(fails(products, {}).errmsg, 'plan_type cannot be empty')
  })

  test('detail: plan types 3 and 4 need head_supplier_appid', () => {
    const body = { shop_appid: 'wxs', product_id: 1, plan_type: 3 }
    assert.equal(
      fails(detail, body).errmsg,
      'head_supplier_appid is required for plan_type 3 and 4',
    )
    assert.ok(parse(detail, { ...body, head_supplier_appid: 'wxh' }).ok)
  })

  test('ids arrive as numbers or digit strings and are read as exact strings', () => {
    assert.equal(
      value(detail, { shop_appid: 's', product_id: 10000177087522, plan_type: 1 }).product_id,
      '10000177087522',
    )
    assert.equal(
      value(get, { order_id: '3705115058471208928', sku_id: 12345 }).order_id,
      '3705115058471208928',
    )
    assert.equal(
      fails(get, { order_id: 'abc', sku_id: 1 }).errmsg,
      'order_id must be a numeric id (a number or a string of digits)',
    )
    assert.equal(fails(get, { order_id: 1.5, sku_id: 1 }).errcode, 10024000)
  })

  test('materials: a sharer, and a product by id with its shop or by short link', () => {
    assert.ok(parse(link, { sharer_appid: 'wx1', product_id: 1, shop_appid: 'wxs' }).ok)
    assert.ok(parse(link, { sharer_openid: 'o1', product_short_link: 'x' }).ok)
    assert.equal(
      fails(link, { product_id: 1, shop_appid: 's' }).errmsg,
      'body needs sharer_appid or sharer_openid',
    )
    assert.equal(
      fails(link, { sharer_appid: 'wx1' }).errmsg,
      'body needs product_id (with shop_appid) or product_short_link',
    )
    assert.equal(
      fails(link, { sharer_appid: 'wx1', product_id: 1 }).errmsg,
      'shop_appid is required with product_id',
    )
  })

  test('order list: one time range at most; ranges are inclusive bounds in seconds', () => {
    const both = { create_time_range: { start_time: 1 }, update_time_range: { end_time: 2 } }
    assert.match(
      fails(list, both).errmsg,
      /^update_time_range cannot be sent with create_time_range/,
    )
    assert.match(
      fails(list, { create_time_range: { start_time: 5, end_time: 4 } }).errmsg,
      /start_time must not be after end_time/,
    )
    assert.deepEqual(
      value(list, { create_time_range: { start_time: '1', end_time: 2 } }).create_time_range,
      { start_time: 1, end_time: 2 },
    )
  })
})

// store-promoter-api.md §9.2, §9.3, §9.6: the official worked examples, recomputed by the spec's
// authors; every value here is a golden vector.
describe('WeChat callback crypto: the worked examples of §9.2, §9.3 and §9.6', () => {
  const token = 'AAAAA'
  const key = wechatAesKey('A'.repeat(43))
  const appid = 'wxba5fad812f8e6fb9'
  const encrypt =
    '+qdx1OKCy+5JPCBFWw70tm0fJGb2Jmeia4FCB7kao+/Q5c/ohsOzQHi8khUOb05JCpj0JB4RvQMkUyus8TPxLKJGQqcvZqzDpVzazhZv6JsXUnnR8XGT740XgXZUXQ7vJVnAG+tE8NUd4yFyjPy7GgiaviNrlCTj+l5kdfMuFUPpRSrfMZuMcp3Fn2Pede2IuQrKEYwKSqFIZoNqJ4M8EajAsjLY2km32IIjdf8YL/P50F7mStwntrA2cPDrM1kb6mOcfBgRtWygb3VIYnSeOBrebufAlr7F9mFUPAJGj04='
  const msg =
    '{"ToUserName":"gh_97417a04a28d","FromUserName":"o9AgO5Kd5ggOC-bXrbNODIiE3bGY","CreateTime":1714112445,"MsgType":"event","Event":"debug_demo","debug_str":"hello world"}'

  test('§9.2 URL verification and §9.3 plaintext signatures', () => {
    assert.equal(
      wechatSignature(token, '1714036504', '1514711492'),
      'f464b24fc39322e44b38aa78f5edd27bd1441696',
    )
    assert.equal(
      wechatSignature(token, '1714037059', '486452656'),
      '899cf89e464efb63f54ddac96b0a0a235f53aa78',
    )
  })

  test('§9.6 request: signature and msg_signature', () => {
    assert.equal(
      wechatSignature(token, '1714112445', '415670741'),
      '6c5c811b55cc85e0e1b54100749188c20beb3f5d',
    )
    assert.equal(
      wechatSignature(token, '1714112445', '415670741', encrypt),
      '046e02f8204d34f8ba5fa3b1db94908f3df2e9b3',
    )
  })

  test('§9.6 request decrypts to the documented message, appid and 19-byte pad', () => {
    assert.equal(key.length, 32)
    assert.ok(key.every((b) => b === 0))
    assert.equal(Buffer.from(encrypt, 'base64').length, 224)
    assert.deepEqual(wechatDecrypt(key, encrypt), { msg, appid })
    assert.equal(Buffer.byteLength(msg), 167)
  })

  test('§9.6 request: encrypting the message with the documented random reproduces Encrypt', () => {
    assert.equal(wechatEncrypt(key, msg, appid, Buffer.from('a8eedb185eb2fecf')), encrypt)
  })

  test('§9.6 encrypted reply: Encrypt and MsgSignature', () => {
    const reply = wechatEncrypt(
      key,
      '{"demo_resp":"good luck"}',
      appid,
      Buffer.from('707722b803182950'),
    )
    assert.equal(
      reply,
      'ELGduP2YcVatjqIS+eZbp80MNLoAUWvzzyJxgGzxZO/5sAvd070Bs6qrLARC9nVHm48Y4hyRbtzve1L32tmxSQ==',
    )
    assert.equal(Buffer.from(reply, 'base64').length, 64)
    assert.equal(
      wechatSignature(token, '1713424427', '415670741', reply),
      '1b9339964ed2e271e7c7b6ff2b0ef902fc94dea1',
    )
  })

  test('PKCS#7 pads to 32-byte blocks with 1–32 bytes, and refuses bad pads', () => {
    assert.equal(pkcs7Pad32(Buffer.alloc(205)).length, 224)
    assert.equal(pkcs7Pad32(Buffer.alloc(205)).at(-1), 19)
    assert.equal(pkcs7Pad32(Buffer.alloc(32)).length, 64)
    assert.equal(pkcs7Pad32(Buffer.alloc(32)).at(-1), 32)
    for (let n = 0; n < 70; n++)
      assert.deepEqual(pkcs7Unpad32(pkcs7Pad32(Buffer.alloc(n, 7))), Buffer.alloc(n, 7))
    assert.throws(
      () => pkcs7Unpad32(Buffer.concat([Buffer.alloc(31), Buffer.from([33])])),
      WechatCryptoError,
    )
    assert.throws(
      () => pkcs7Unpad32(Buffer.concat([Buffer.alloc(30, 1), Buffer.from([2, 2])]).fill(3, 30, 31)),
      WechatCryptoError,
    )
  })

  test('a wrong key or a tampered ciphertext does not decrypt to the message', () => {
    const other = wechatAesKey('B'.repeat(43))
    assert.throws(() => wechatDecrypt(other, encrypt), WechatCryptoError)
    assert.throws(() => wechatDecrypt(key, encrypt.slice(4)), WechatCryptoError)
    assert.throws(() => wechatAesKey('A'.repeat(42)), WechatCryptoError)
  })
})

describe('callback events and answers', () => {
  test('the order event carries a decimal version; success is 2xx with "success" or empty', () => {
    const event = {
      ToUserName: 'gh_97417a04a28d',
      FromUserName: 'oWeChat',
      CreateTime: 1662480000,
      MsgType: 'event',
      Event: 'head_supplier_commission_order_update',
      order_info: {
        order_id: '123',
        sku_id: '12345',
        commission_order_status: 20,
        order_status: 20,
        version: '1677488955',
      },
    }
    assert.ok(CommissionOrderUpdateEvent.safeParse(event).success)
    assert.ok(
      !CommissionOrderUpdateEvent.safeParse({
        ...event,
        order_info: { ...event.order_info, version: 'v1' },
      }).success,
    )
    assert.ok(isCallbackSuccess(200, 'success'))
    assert.ok(isCallbackSuccess(204, ''))
    assert.ok(isCallbackSuccess(200, ' success\n'))
    assert.ok(!isCallbackSuccess(200, 'ok'))
    assert.ok(!isCallbackSuccess(500, 'success'))
  })
})
