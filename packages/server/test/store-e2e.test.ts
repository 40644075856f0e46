/**
 * End to end on every dialect, as a 机构's systems and its users would drive the successor API:
 * an unknown sharer registers and binds on the console's stand-in for wx.openBusinessView, the
 * 机构 lists and details a product and generates the sharer's link, a buyer opens it and buys,
 * and the commission order is followed to settled through order/list/get, order/get and the
 * decrypted secure-mode callbacks.
 */
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, test } from 'node:test'
import { wechatAesKey, wechatDecrypt, wechatSignature } from '@tuike/contract'
import { TestClock } from '../src/index.ts'
import { createStorePlatform, LEAGUE, PROMOTER, type StorePlatform } from './store-support.ts'
import { DIALECTS, openLanding } from './support.ts'

const T0 = 1_760_000_000
const TOKEN = 'e2eToken'
const AES_KEY = 'Tuike0e2e0Key0000000000000000000000000000AB'

for (const dialect of DIALECTS) {
  describe(`${dialect}: a sharer from unbound to a settled commission`, () => {
    let p: StorePlatform
    let clock: TestClock
    const events: any[] = []
    const server = createServer((req, res) => {
      const q = new URL(req.url!, 'http://x').searchParams
      if (req.method === 'GET') return void res.end(q.get('echostr'))
      let body = ''
      req.on('data', (d) => {
        body += d
      })
      req.on('end', () => {
        const { Encrypt } = JSON.parse(body)
        const ok =
          q.get('msg_signature') ===
          wechatSignature(TOKEN, q.get('timestamp')!, q.get('nonce')!, Encrypt)
        const plain = wechatDecrypt(wechatAesKey(AES_KEY), Encrypt)
        events.push({ ok, appid: plain.appid, event: JSON.parse(plain.msg) })
        res.end('success')
      })
    })
    before(async () => {
      clock = new TestClock(T0 * 1000)
      p = await createStorePlatform(dialect, { products: 10, clock })
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wx`
      const set = await p.admin('PATCH', `/admin/v1/institutions/${p.inst.appid}`, {
        callbackUrl: url,
        callbackToken: TOKEN,
        encodingAesKey: AES_KEY,
        callbackMode: 'secure',
      })
      assert.equal(set.status, 200, JSON.stringify(set.body))
    })
    after(async () => {
      server.close()
      await p.close()
    })

    const deliver = async () => {
      while ((await p.services.webhooks.deliverDue()) > 0) {}
    }
    /** Fill in and submit the stand-in page the way a browser does. */
    const openBusinessView = async (
      queryString: string,
      action: string,
      fields: Record<string, string> = {},
    ) => {
      const extraData = JSON.stringify({
        commissionType: 0,
        commissionRatio: 300000,
        headSupplierAppid: p.inst.appid,
      })
      const page = await p.app.request(
        `/open-business-view?businessType=CreatorApplyments&queryString=${encodeURIComponent(queryString)}&extraData=${encodeURIComponent(extraData)}`,
      )
      const html = await page.text()
      assert.equal(page.status, 200, html)
      assert.match(html, new RegExp(`value="${action}"`))
      const form = new URLSearchParams({ queryString, action, ...fields })
      const res = await p.app.request('/open-business-view', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      })
      const done = await res.text()
      assert.equal(res.status, 200, done)
      assert.match(done, /已完成/)
      return html
    }

    test('the stand-in page without a valid ticket explains itself and changes nothing', async () => {
      const res = await p.app.request(
        '/open-business-view?businessType=CreatorApplyments&queryString=a%3D1',
      )
      assert.equal(res.status, 400)
      assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'self'/)
      assert.match(await res.text(), /tuike_ticket/)
    })

    test('register, bind, promote, buy, settle: seen through list, detail and callbacks', async () => {
      const openid = 'oE2eSharer000000000000000001'
      const status = (simple = false) =>
        p.store(`${PROMOTER}/get_promoter_register_and_bind_status`, {
          sharer_openid: openid,
          is_simple_register: simple,
        })
      const s0 = await status()
      assert.deepEqual([s0.register_status, s0.bind_status, s0.sharer_appid], [0, 0, ''])
      const registerPage = await openBusinessView(s0.register_query_string, 'register')
      assert.match(registerPage, /完成注册/)
      const s1 = await status()
      assert.deepEqual(
        [s1.register_status, s1.bind_status, s1.bind_business_type],
        [2, 0, 'CreatorApplyments'],
      )
      const bindPage = await openBusinessView(s1.bind_query_string, 'bind', {
        commissionType: '0',
        commissionRatio: '300000',
        headSupplierAppid: p.inst.appid,
      })
      assert.match(bindPage, /value="300000"/, 'the page shows the extraData it was given')
      const s2 = await status()
      assert.equal(s2.bind_status, 1)
      const sharer = s2.sharer_appid as string
      assert.match(sharer, /^wx[0-9a-f]{16}$/)

      const list = await p.store(`${PROMOTER}/get_promote_product_list`, {
        plan_type: 2,
        page_size: 5,
        next_key: '',
      })
      const item = list.product_list.find((x: any) => Number.isSafeInteger(x.product_id))
      const detail = await p.store(`${PROMOTER}/get_promote_product_detail`, {
        ...item,
        plan_type: 2,
      })
      const sku = detail.product.product_info.skus[0]
      const link = await p.store(`${PROMOTER}/get_product_promotion_link_info`, {
        sharer_appid: sharer,
        ...item,
      })

      clock.advance(120)
      const path = new URL(link.http_short_link).pathname
      const landing = await openLanding(p.app, path)
      const code = path.split('/').at(-1)!
      const bought = await landing.buy(code, { skuId: sku.sku_id, quantity: '1' })
      const orderId = /Order (\d+) is paid/.exec(await bought.text())![1]!

      const keys = await p.store(`${LEAGUE}/order/list/get`, {
        create_time_range: { start_time: T0, end_time: T0 + 3600 },
        sharer_appid: sharer,
        page_size: 30,
      })
      assert.deepEqual(keys.list, [{ order_id: orderId, sku_id: sku.sku_id }])
      const pending = (await p.store(`${LEAGUE}/order/get`, keys.list[0])).commssion_order
      assert.deepEqual([pending.status, pending.order_detail.order_info.order_status], [20, 20])
      const fee = Math.floor((sku.sale_price * detail.product.commission_info.service_ratio) / 1e6)
      const share = pending.order_detail.commission_info.sharer_info
      assert.deepEqual(
        [share.amount, pending.order_detail.commission_info.service_amount],
        [Math.floor((fee * 300000) / 1e6), fee - Math.floor((fee * 300000) / 1e6)],
      )

      clock.advance(2 * 86400)
      await p.admin('POST', `/admin/v1/orders/${orderId}/confirm-receipt`)
      const settledAt = T0 + 120 + 2 * 86400 + 7 * 86400
      await p.admin('POST', '/admin/v1/clock/advance', { seconds: 7 * 86400 })
      await p.relogin()
      const changed = await p.store(`${LEAGUE}/order/list/get`, {
        update_time_range: { start_time: settledAt },
      })
      assert.deepEqual(changed.list, keys.list)
      const settled = (
        await p.store(`${LEAGUE}/order/get`, {
          order_id: BigInt(orderId).toString(),
          sku_id: Number(sku.sku_id),
        })
      ).commssion_order
      assert.deepEqual(
        [
          settled.status,
          settled.order_detail.order_info.order_status,
          settled.update_time,
          settled.order_detail.commission_info.profit_sharding_suc_time,
        ],
        [100, 100, settledAt, settledAt],
      )
      // Settling adds the settlement time and changes no amount.
      assert.equal('profit_sharding_suc_time' in pending.order_detail.commission_info, false)
      assert.deepEqual(settled.order_detail.commission_info, {
        ...pending.order_detail.commission_info,
        profit_sharding_suc_time: settledAt,
      })

      await deliver()
      assert.ok(events.every((e) => e.ok && e.appid === p.inst.appid))
      const bind = events.filter((e) => e.event.Event === 'promoter_bind_result')
      assert.deepEqual(
        bind.map((e) => [e.event.sharer_appid, e.event.bind_status]),
        [[sharer, 1]],
      )
      const updates = events
        .filter((e) => e.event.Event === 'head_supplier_commission_order_update')
        .map((e) => e.event.order_info)
      assert.deepEqual(
        updates.map((u) => [
          u.order_id,
          u.sku_id,
          u.commission_order_status,
          u.order_status,
          u.version,
        ]),
        [
          [orderId, sku.sku_id, 20, 20, String(T0 + 120)],
          [orderId, sku.sku_id, 20, 100, String(T0 + 120 + 2 * 86400)],
          [orderId, sku.sku_id, 100, 100, String(settledAt)],
        ],
      )
    })
  })
}
