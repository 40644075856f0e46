/**
 * 机构 callbacks (store-promoter-api.md §9): the sender checked against the spec's worked examples
 * (§9.3, §9.6) as golden vectors, the URL check of §9.2 when a callback URL is saved, and
 * delivery through the webhook outbox to a loopback receiver in each mode, on every dialect:
 * signatures verified, secure and compatible bodies decrypted (32-byte PKCS#7, trailing appid),
 * versions increasing, answers other than "success" retried, the deliveries log and a replay.
 */
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, test } from 'node:test'
import { wechatAesKey, wechatDecrypt, wechatSignature } from '@tuike/contract'
import { STORE_CALLBACK_EXAMPLE } from '@tuike/testkit'
import { callbackRequest, verificationUrl } from '../src/services/store-callbacks.ts'
import {
  createStorePlatform,
  listedProducts,
  PROMOTER,
  type StorePlatform,
} from './store-support.ts'
import { DIALECTS } from './support.ts'

const { token: TOKEN, aesKey: AES_KEY } = STORE_CALLBACK_EXAMPLE
const MSG_96 =
  '{"ToUserName":"gh_97417a04a28d","FromUserName":"o9AgO5Kd5ggOC-bXrbNODIiE3bGY","CreateTime":1714112445,"MsgType":"event","Event":"debug_demo","debug_str":"hello world"}'
const ENCRYPT_96 = STORE_CALLBACK_EXAMPLE.encrypt

describe('the callback sender reproduces the worked examples', () => {
  const target = {
    url: 'https://www.qq.com/recive',
    token: TOKEN,
    aesKey: AES_KEY,
    appid: 'wxba5fad812f8e6fb9',
  }

  test('§9.6 secure mode: the exact query and body', () => {
    const req = callbackRequest({ ...target, mode: 'secure' }, MSG_96, {
      timestamp: 1714112445,
      nonce: '415670741',
      random: Buffer.from('a8eedb185eb2fecf'),
    })
    const url = new URL(req.url)
    assert.deepEqual(Object.fromEntries(url.searchParams), {
      signature: '6c5c811b55cc85e0e1b54100749188c20beb3f5d',
      timestamp: '1714112445',
      nonce: '415670741',
      openid: 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY',
      encrypt_type: 'aes',
      msg_signature: '046e02f8204d34f8ba5fa3b1db94908f3df2e9b3',
    })
    assert.equal(req.body, JSON.stringify({ ToUserName: 'gh_97417a04a28d', Encrypt: ENCRYPT_96 }))
  })

  test('§9.2 URL check: the GET the platform sends when a URL is saved', () => {
    const url = verificationUrl('https://www.qq.com/recive', TOKEN, {
      timestamp: 1714036504,
      nonce: '1514711492',
      echostr: '4375120948345356249',
    })
    assert.equal(
      url.toString(),
      'https://www.qq.com/recive?signature=f464b24fc39322e44b38aa78f5edd27bd1441696&timestamp=1714036504&nonce=1514711492&echostr=4375120948345356249',
    )
  })

  test('§9.3 plaintext mode: signature in the query, the event as the body', () => {
    const msg = '{"ToUserName":"gh_97417a04a28d","Event":"debug_demo"}'
    const req = callbackRequest({ ...target, mode: 'plaintext' }, msg, {
      timestamp: 1714037059,
      nonce: '486452656',
    })
    assert.equal(
      req.url,
      'https://www.qq.com/recive?signature=899cf89e464efb63f54ddac96b0a0a235f53aa78&timestamp=1714037059&nonce=486452656',
    )
    assert.equal(req.body, msg)
  })

  test('compatible mode: the plaintext fields plus the same Encrypt as secure mode', () => {
    const draw = {
      timestamp: 1714112445,
      nonce: '415670741',
      random: Buffer.from('a8eedb185eb2fecf'),
    }
    const req = callbackRequest({ ...target, mode: 'compatible' }, MSG_96, draw)
    assert.deepEqual(JSON.parse(req.body), { ...JSON.parse(MSG_96), Encrypt: ENCRYPT_96 })
    assert.equal(
      new URL(req.url).searchParams.get('msg_signature'),
      '046e02f8204d34f8ba5fa3b1db94908f3df2e9b3',
    )
  })
})

interface Received {
  query: Record<string, string>
  body: string
  event: any
}

/** A receiver that checks everything a careful 机构 would, and answers as told. */
function receiver(token: string, aesKey: string, appid: string) {
  const got: Received[] = []
  const answers: string[] = []
  const key = wechatAesKey(aesKey)
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://x')
    const q = Object.fromEntries(url.searchParams)
    const sig = wechatSignature(token, q.timestamp ?? '', q.nonce ?? '')
    if (req.method === 'GET') {
      res.end(q.signature === sig ? q.echostr : 'bad signature')
      return
    }
    let body = ''
    req.on('data', (d) => {
      body += d
    })
    req.on('end', () => {
      assert.equal(q.signature, sig, 'signature')
      let event: any = JSON.parse(body)
      if (q.encrypt_type === 'aes') {
        assert.equal(q.msg_signature, wechatSignature(token, q.timestamp!, q.nonce!, event.Encrypt))
        const plain = wechatDecrypt(key, event.Encrypt)
        assert.equal(plain.appid, appid, 'trailing appid')
        const decrypted = JSON.parse(plain.msg)
        assert.equal(decrypted.ToUserName, event.ToUserName)
        assert.equal(q.openid, decrypted.FromUserName)
        event = decrypted
      }
      got.push({ query: q, body, event })
      res.end(answers.shift() ?? 'success')
    })
  })
  return {
    got,
    answers,
    server,
    async start(): Promise<string> {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback?from=tuike`
    },
  }
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: 机构 callbacks through the webhook outbox`, () => {
    let p: StorePlatform
    const aesKey = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG'
    const token = 'tuikeToken42'
    let r: ReturnType<typeof receiver>
    let url: string
    before(async () => {
      p = await createStorePlatform(dialect, {
        products: 5,
        config: { allowPrivateWebhooks: true, webhookRetryBaseMs: 1 },
      })
      r = receiver(token, aesKey, p.inst.appid)
      url = await r.start()
    })
    after(async () => {
      r.server.close()
      await p.close()
    })

    const drain = async () => {
      for (let i = 0; i < 20 && (await p.services.webhooks.deliverDue()) > 0; i++) {}
    }

    test('saving a URL runs the echostr check; bad settings are refused with the reason', async () => {
      const patch = (body: unknown) =>
        p.admin('PATCH', `/admin/v1/institutions/${p.inst.appid}`, body)
      const noKey = await patch({ callbackUrl: url, callbackToken: token, callbackMode: 'secure' })
      assert.equal(noKey.status, 400)
      assert.match(noKey.body.errmsg, /encodingAesKey/)
      assert.equal(
        (await patch({ callbackUrl: url, callbackToken: token, encodingAesKey: 'short' })).status,
        400,
      )
      assert.equal((await patch({ callbackUrl: url, callbackToken: 'x!' })).status, 400)
      const wrongToken = await patch({ callbackUrl: url, callbackToken: 'otherToken' })
      assert.equal(wrongToken.status, 400)
      assert.match(wrongToken.body.errmsg, /echostr/)
      const unchecked = await patch({
        callbackUrl: url,
        callbackToken: 'otherToken',
        verifyUrl: false,
      })
      assert.equal(unchecked.status, 200)
      const ok = await patch({
        callbackUrl: url,
        callbackToken: token,
        encodingAesKey: aesKey,
        callbackMode: 'secure',
      })
      assert.equal(ok.status, 200, JSON.stringify(ok.body))
      assert.deepEqual(
        { ...ok.body.callback, webhookId: undefined },
        { url, mode: 'secure', webhookId: undefined },
      )
      assert.equal(JSON.stringify(ok.body).includes(aesKey), false, 'the key is not shown again')
    })

    test('secure mode: bind and order events arrive encrypted, in version order', async () => {
      const sharer = await p.services.sharers.createBound(p.inst.appid, {})
      const [product] = await listedProducts(p)
      const link = await p.store(`${PROMOTER}/get_product_promotion_link_info`, {
        sharer_appid: sharer.sharer_appid,
        product_id: product!.id,
        shop_appid: product!.shop_appid,
      })
      const { orderId } = (
        await p.admin('POST', '/admin/v1/purchases', { link: link.http_short_link })
      ).body
      await p.admin('POST', `/admin/v1/orders/${orderId}/confirm-receipt`)
      await p.admin('POST', `/admin/v1/orders/${orderId}/settle`)
      await drain()
      const events = r.got.map((g) => g.event)
      const bind = events.find((e) => e.Event === 'promoter_bind_result')
      const username = (await p.admin('GET', `/admin/v1/institutions/${p.inst.appid}`)).body
        .username
      assert.deepEqual(
        { ...bind, CreateTime: 0, sharer_openid: '', sharer_unionid: '' },
        {
          ToUserName: username,
          FromUserName: bind.FromUserName,
          CreateTime: 0,
          MsgType: 'event',
          Event: 'promoter_bind_result',
          bind_status: 1,
          sharer_appid: sharer.sharer_appid,
          sharer_openid: '',
          sharer_unionid: '',
        },
      )
      assert.notEqual(
        bind.sharer_openid,
        sharer.sharer_openid,
        'the callback openid is the one under the 机构',
      )
      const updates = events.filter((e) => e.Event === 'head_supplier_commission_order_update')
      assert.deepEqual(
        updates.map((e) => [
          e.order_info.order_id,
          e.order_info.commission_order_status,
          e.order_info.order_status,
        ]),
        [
          [orderId, 20, 20],
          [orderId, 20, 100],
          [orderId, 100, 100],
        ],
      )
      const versions = updates.map((e) => BigInt(e.order_info.version))
      assert.ok(versions[0]! < versions[1]! && versions[1]! < versions[2]!, 'strictly increasing')
      for (const g of r.got) {
        assert.deepEqual(Object.keys(JSON.parse(g.body)).sort(), ['Encrypt', 'ToUserName'])
        assert.equal(g.query.from, 'tuike', 'the URL keeps its own query')
      }
      const log = await p.admin(
        'GET',
        `/admin/v1/institutions/${p.inst.appid}/callbacks?status=delivered`,
      )
      assert.equal(log.body.deliveryList.length, r.got.length)
      assert.ok(
        log.body.deliveryList.every(
          (d: any) => d.attempts.length === 1 && d.attempts[0].responseStatus === 200,
        ),
      )
    })

    test('an answer other than "success" is retried on the 小店 schedule; then a replay resends', async () => {
      r.got.length = 0
      const patched = await p.admin('PATCH', `/admin/v1/institutions/${p.inst.appid}`, {
        callbackMode: 'compatible',
      })
      assert.equal(patched.body.callback.mode, 'compatible')
      r.answers.push('ok', '')
      await p.services.sharers.createBound(p.inst.appid, {})
      await drain()
      assert.equal(r.got.length, 2, 'one refused push, then one accepted')
      assert.deepEqual(r.got[0]!.event, r.got[1]!.event)
      assert.equal(
        JSON.parse(r.got[0]!.body).Event,
        'promoter_bind_result',
        'compatible mode keeps the plaintext fields',
      )
      const log = await p.admin('GET', `/admin/v1/institutions/${p.inst.appid}/callbacks`)
      const d = log.body.deliveryList.find((x: any) => x.attempts.length === 2)
      assert.equal(d.status, 'delivered')
      assert.deepEqual(
        d.attempts.map((a: any) => a.error),
        ['answered "ok", not "success"', ''],
      )
      const replay = await p.admin(
        'POST',
        `/admin/v1/institutions/${p.inst.appid}/callbacks/${d.deliveryId}/redeliver`,
      )
      assert.equal(replay.status, 200)
      await drain()
      assert.equal(r.got.length, 3)
      assert.deepEqual(r.got[2]!.event, r.got[1]!.event)
    })

    test('plaintext mode, and removing the URL gives pending pushes up', async () => {
      r.got.length = 0
      await p.admin('PATCH', `/admin/v1/institutions/${p.inst.appid}`, {
        callbackMode: 'plaintext',
      })
      const sharer = await p.services.sharers.createBound(p.inst.appid, {})
      await drain()
      assert.equal(r.got.length, 1)
      assert.equal(r.got[0]!.query.encrypt_type, undefined)
      assert.equal(JSON.parse(r.got[0]!.body).sharer_appid, sharer.sharer_appid)
      assert.equal(
        (
          await p.store(`${PROMOTER}/headsupplier_unbind_promoter`, {
            sharer_appid: sharer.sharer_appid,
          })
        ).errcode,
        0,
      )
      const removed = await p.admin('PATCH', `/admin/v1/institutions/${p.inst.appid}`, {
        callbackUrl: null,
      })
      assert.equal(removed.body.callback, null)
      await drain()
      assert.equal(r.got.length, 1, 'the unbind event was given up with the URL')
      assert.deepEqual(
        (await p.admin('GET', `/admin/v1/institutions/${p.inst.appid}/callbacks`)).body,
        { deliveryList: [] },
      )
    })
  })
}
