import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Order } from '@tuike/contract'
import { TestClock } from '../src/index.ts'
import { type NewOrderLine, Orders } from '../src/services/orders.ts'
import { createTestPlatform, DIALECTS, type TestPlatform } from './support.ts'

const INFO = '/union/promoter/order/info'
const SEARCH = '/union/promoter/order/search'
const ADMIN_KEY = 'tka_test_admin_key-00000000000000000'
const DAY = 24 * 3600
const T0 = 1_700_000_000

function line(over: Partial<NewOrderLine> = {}): NewOrderLine {
  return {
    productId: '4085505',
    skuId: '9007199254740993',
    title: '身体护理',
    thumbImg: 'https://mmecimage.cn/p/wxshop/thumb.jpg',
    price: 20,
    productCnt: 1,
    ratio: 9000,
    categoryStr: '个护,身体护理',
    pid: 'pid_1',
    spotName: '首页',
    customizeInfo: '',
    ...over,
  }
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: orders`, () => {
    let p: TestPlatform
    let clock: TestClock
    before(async () => {
      clock = new TestClock(T0 * 1000)
      p = await createTestPlatform(dialect, { clock })
      await p.services.settings.ensureAdminKey(ADMIN_KEY)
    })
    after(() => p.close())

    const admin = async (path: string, body?: unknown) => {
      const res = await p.app.request(path, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      return { status: res.status, body: (await res.json()) as any }
    }
    // The clock moves by days here, past any token's lifetime: fetch a fresh one when needed.
    const freshToken = async (appid: string, secret: string) => {
      const res = await p.app.request(
        `/cgi-bin/token?grant_type=client_credential&appid=${appid}&secret=${secret}`,
      )
      return ((await res.json()) as { access_token: string }).access_token
    }
    const order = (appid: string, payTime: number, over: Partial<NewOrderLine> = {}) =>
      p.services.orders.create({
        appid,
        shopAppid: 'wxb825f130c284597f',
        shopName: 'xxx小商店',
        payTime,
        lines: [line(over)],
      })

    test('a paid order is pending with WeChat display strings; ids are strings beyond 2^53', async () => {
      const { appid, token } = await p.promoter()
      const now = Math.floor(clock.now() / 1000)
      const id = await order(appid, now, { customizeInfo: 'ci-1', price: 12345, ratio: 1500 })
      assert.match(id, /^\d{19}$/)
      assert.ok(BigInt(id) > 2n ** 53n)
      const res = await p.post(INFO, token, { orderIdList: [id, '1952315038682581'] })
      assert.equal(res.errcode, 0)
      assert.equal(res.errmsg, 'ok')
      assert.deepEqual(res.orderList, [
        {
          orderId: id,
          payTime: now,
          confirmReceiptTime: 0,
          shopName: 'xxx小商店',
          shopAppid: 'wxb825f130c284597f',
          customUserId: '',
          userNickName: '微信用户',
          productList: [
            {
              productId: '4085505',
              skuId: '9007199254740993',
              title: '身体护理',
              thumbImg: 'https://mmecimage.cn/p/wxshop/thumb.jpg',
              price: '¥123.45',
              productCnt: 1,
              ratio: 1500,
              commissionStatus: 'SETTLEMENT_PENDING',
              commissionStatusUpdateTime: String(now),
              commission: '-',
              estimatedCommission: 1851,
              categoryStr: '个护,身体护理',
              promotionInfo: { promotionSourcePid: 'pid_1', promotionSourceName: '首页' },
              customizeInfo: 'ci-1',
            },
          ],
        },
      ])
    })

    test('confirm receipt, then the delay settles it exactly once; fields move with each step', async () => {
      const { appid, secret } = await p.promoter()
      const paid = Math.floor(clock.now() / 1000)
      const id = await order(appid, paid)
      clock.advance(3 * DAY)
      const confirmed = await admin(`/admin/v1/orders/${id}/confirm-receipt`)
      assert.equal(confirmed.status, 200)
      const receipt = paid + 3 * DAY
      assert.equal(confirmed.body.confirmReceiptTime, receipt)
      assert.equal(confirmed.body.productList[0].commissionStatus, 'SETTLEMENT_PENDING')
      assert.equal(confirmed.body.productList[0].commissionStatusUpdateTime, String(paid))
      assert.equal((await admin(`/admin/v1/orders/${id}/confirm-receipt`)).status, 409)

      clock.advance(7 * DAY - 1)
      assert.equal(await p.services.orders.settleDue(), 0)
      clock.advance(1)
      // Several sweeps racing (two instances, say) settle it once.
      const counts = await Promise.all([1, 2, 3, 4].map(() => p.services.orders.settleDue()))
      assert.equal(
        counts.reduce((a, b) => a + b, 0),
        1,
      )
      const settledAt = receipt + 7 * DAY
      const res = await p.post(INFO, await freshToken(appid, secret), { orderIdList: [id] })
      const l = res.orderList[0].productList[0]
      assert.equal(res.orderList[0].confirmReceiptTime, receipt)
      assert.equal(l.commissionStatus, 'SETTLEMENT_SUCCESS')
      assert.equal(l.commissionStatusUpdateTime, String(settledAt))
      assert.equal(l.profitShardingSucTime, String(settledAt))
      assert.equal(l.commission, '¥0.18')
      assert.equal(l.estimatedCommission, 18)
      assert.equal(
        (await admin(`/admin/v1/orders/${id}/refund`)).status,
        409,
        'settled orders stay settled',
      )
      assert.equal((await admin(`/admin/v1/orders/${id}/settle`)).status, 409)
    })

    test('refund cancels: "¥0", update time set, no settlement time; the sweep leaves it alone', async () => {
      const { appid, secret } = await p.promoter()
      const id = await order(appid, Math.floor(clock.now() / 1000))
      await admin(`/admin/v1/orders/${id}/confirm-receipt`)
      clock.advance(60)
      const refunded = await admin(`/admin/v1/orders/${id}/refund`)
      assert.equal(refunded.status, 200)
      const now = Math.floor(clock.now() / 1000)
      clock.advance(30 * DAY)
      await p.services.orders.settleDue()
      const l = (await p.post(INFO, await freshToken(appid, secret), { orderIdList: [id] }))
        .orderList[0].productList[0]
      assert.equal(l.commissionStatus, 'SETTLEMENT_CANCELED')
      assert.equal(l.commission, '¥0')
      assert.equal(l.commissionStatusUpdateTime, String(now))
      assert.equal(l.profitShardingSucTime, undefined)
      assert.equal(l.estimatedCommission, 18)
      assert.equal((await admin(`/admin/v1/orders/${id}/refund`)).status, 409)
    })

    test('admin settle needs a confirmed receipt, then settles at once; unknown orders are 404', async () => {
      const { appid } = await p.promoter()
      const id = await order(appid, Math.floor(clock.now() / 1000))
      const early = await admin(`/admin/v1/orders/${id}/settle`)
      assert.equal(early.status, 409)
      assert.match(early.body.errmsg, /without a confirmed receipt/)
      await admin(`/admin/v1/orders/${id}/confirm-receipt`)
      const settled = await admin(`/admin/v1/orders/${id}/settle`)
      assert.equal(settled.status, 200)
      assert.equal(settled.body.productList[0].commissionStatus, 'SETTLEMENT_SUCCESS')
      assert.equal(settled.body.productList[0].commission, '¥0.18')
      assert.equal((await admin('/admin/v1/orders/123/refund')).status, 404)
      const noKey = await p.app.request(`/admin/v1/orders/${id}/refund`, { method: 'POST' })
      assert.equal(noKey.status, 401)
    })

    test('clock/advance moves a TestClock and settles what fell due', async () => {
      const { appid } = await p.promoter()
      const id = await order(appid, Math.floor(clock.now() / 1000))
      await admin(`/admin/v1/orders/${id}/confirm-receipt`)
      const adv = await admin('/admin/v1/clock/advance', { seconds: 7 * DAY })
      assert.equal(adv.status, 200)
      assert.ok(adv.body.settled >= 1)
      assert.equal(
        (await p.services.orders.get(id)).productList[0]!.commissionStatus,
        'SETTLEMENT_SUCCESS',
      )
      assert.equal((await admin('/admin/v1/clock/advance', { seconds: -1 })).status, 400)
    })

    test('order/info: 200 ids pass, 201 answer 200002; only the caller’s orders; numbers read as ids', async () => {
      const a = await p.promoter('a')
      const b = await p.promoter('b')
      const mine = await order(a.appid, T0)
      const theirs = await order(b.appid, T0)
      const ids = Array.from({ length: 199 }, (_, i) => String(1_000_000 + i))
      const ok = await p.post(INFO, a.token, { orderIdList: [...ids, mine] })
      assert.equal(ok.errcode, 0)
      assert.deepEqual(
        ok.orderList.map((o: Order) => o.orderId),
        [mine],
      )
      const tooMany = await p.post(INFO, a.token, { orderIdList: [...ids, mine, theirs] })
      assert.equal(tooMany.errcode, 200002)
      const other = await p.post(INFO, a.token, { orderIdList: [theirs] })
      assert.deepEqual(other, { errcode: 0, errmsg: 'ok', orderList: [] })
      const numeric = await p.post(INFO, a.token, { orderIdList: [1952315038682581] })
      assert.deepEqual(numeric.orderList, [])
      const theirSearch = await p.get(SEARCH, a.token, { page: 1, pageSize: 200 })
      assert.deepEqual(
        theirSearch.orderList.map((o: Order) => o.orderId),
        [mine],
      )
    })

    test('order/search refuses millisecond timestamps and pageSize above 200; pageSize defaults to 10', async () => {
      const { appid, token } = await p.promoter()
      for (let i = 0; i < 12; i++) await order(appid, T0 + i)
      const ms = await p.get(SEARCH, token, { page: 1, startTimestamp: T0 * 1000 })
      assert.equal(ms.errcode, 200002)
      assert.match(ms.errmsg, /Unix seconds/)
      const msUpd = await p.get(SEARCH, token, {
        page: 1,
        sortByCommissionUpdateTime: 1,
        endCommissionUpdateTime: T0 * 1000,
      })
      assert.equal(msUpd.errcode, 200002)
      assert.match(msUpd.errmsg, /Unix seconds/)
      assert.equal((await p.get(SEARCH, token, { page: 1, pageSize: 201 })).errcode, 200002)
      assert.equal((await p.get(SEARCH, token, { page: 0 })).errcode, 200002)
      const page = await p.get(SEARCH, token, { page: 1 })
      assert.equal(page.errcode, 0)
      assert.equal(page.errmsg, 'ok')
      assert.equal(page.pageSize, 10)
      assert.equal(page.totalNum, 12)
      assert.equal(page.orderList.length, 10)
      assert.equal(page.orderList[0].payTime, T0 + 11)
    })

    test('every filter and combination matches a brute-force filter, paged', async () => {
      const { appid, token } = await p.promoter()
      const base = Math.floor(clock.now() / 1000)
      const ids: string[] = []
      let seed = 7
      const rnd = (n: number) => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31
        return seed % n
      }
      // Few distinct pay times, so ties (broken by orderId) are common.
      for (let i = 0; i < 90; i++) ids.push(await order(appid, base - rnd(20) * 100))
      for (const id of ids) {
        const r = rnd(4)
        clock.advance(rnd(3) * 50)
        if (r === 1) await p.services.orders.refund(id)
        if (r >= 2) await p.services.orders.confirmReceipt(id)
        if (r === 3) await p.services.orders.settle(id)
      }
      const all: Order[] = (await p.post(INFO, token, { orderIdList: ids })).orderList
      assert.equal(all.length, 90)
      const upd = (o: Order) => Number(o.productList[0]!.commissionStatusUpdateTime)
      const times = [...new Set(all.map((o) => o.payTime))].sort()
      const updTimes = [...new Set(all.map(upd))].sort()
      const statuses = [
        undefined,
        'SETTLEMENT_PENDING',
        'SETTLEMENT_SUCCESS',
        'SETTLEMENT_CANCELED',
      ] as const
      const cases: Record<string, number | string | undefined>[] = []
      for (const status of statuses) {
        cases.push({ commissionStatus: status })
        cases.push({ commissionStatus: status, startTimestamp: times[3] })
        cases.push({ commissionStatus: status, endTimestamp: times[10] })
        cases.push({ commissionStatus: status, startTimestamp: times[5], endTimestamp: times[12] })
        cases.push({ commissionStatus: status, sortByCommissionUpdateTime: 1 })
        cases.push({
          commissionStatus: status,
          sortByCommissionUpdateTime: 1,
          startCommissionUpdateTime: updTimes[2],
          endCommissionUpdateTime: updTimes[updTimes.length - 2],
          // Ignored with the flag: the window is on the update time instead.
          startTimestamp: times[15],
        })
        cases.push({
          commissionStatus: status,
          sortByCommissionUpdateTime: 0,
          startCommissionUpdateTime: updTimes[5],
        })
      }
      for (const q of cases) {
        const byUpd = q.sortByCommissionUpdateTime === 1
        const key = (o: Order) => (byUpd ? upd(o) : o.payTime)
        const lo = (byUpd ? q.startCommissionUpdateTime : q.startTimestamp) as number | undefined
        const hi = (byUpd ? q.endCommissionUpdateTime : q.endTimestamp) as number | undefined
        const expected = all
          .filter(
            (o) => !q.commissionStatus || o.productList[0]!.commissionStatus === q.commissionStatus,
          )
          .filter((o) => (lo === undefined || key(o) >= lo) && (hi === undefined || key(o) <= hi))
          .sort(
            (x, y) =>
              key(y) - key(x) || (y.orderId < x.orderId ? -1 : y.orderId > x.orderId ? 1 : 0),
          )
          .map((o) => o.orderId)
        const query = Object.fromEntries(
          Object.entries(q).filter(([, v]) => v !== undefined),
        ) as Record<string, string | number>
        const got: string[] = []
        for (let page = 1; ; page++) {
          const res = await p.get(SEARCH, token, { ...query, page, pageSize: 7 })
          assert.equal(res.errcode, 0, JSON.stringify(res))
          assert.equal(res.totalNum, expected.length, JSON.stringify(q))
          got.push(...res.orderList.map((o: Order) => o.orderId))
          if (res.orderList.length < 7) break
        }
        assert.deepEqual(got, expected, JSON.stringify(q))
      }
    })

    test('paging through a window returns every order once while new orders keep arriving', async () => {
      const { appid, token } = await p.promoter()
      const other = await p.promoter()
      const end = Math.floor(clock.now() / 1000)
      const ids = new Set<string>()
      for (let i = 0; i < 45; i++) ids.add(await order(appid, end - (i % 9) * 10))
      clock.advance(1)
      const seen: string[] = []
      for (let page = 1; ; page++) {
        // New payments land after the window's end (they are paid now), for us and for others.
        await order(appid, Math.floor(clock.now() / 1000))
        await order(other.appid, end - 5)
        const res = await p.get(SEARCH, token, {
          page,
          pageSize: 4,
          startTimestamp: end - 100,
          endTimestamp: end,
        })
        assert.equal(res.totalNum, 45)
        seen.push(...res.orderList.map((o: Order) => o.orderId))
        if (res.orderList.length < 4) break
      }
      assert.equal(seen.length, 45)
      assert.deepEqual(new Set(seen), ids)
    })

    test('a kept answer goes out as the same bytes, its length counted in bytes', async () => {
      const { appid, token } = await p.promoter()
      const paid = Math.floor(clock.now() / 1000)
      const ids = [
        await order(appid, paid, { title: '身体护理 "乳液"' }),
        await order(appid, paid - 60, { thumbImg: '/img/p/1.jpg' }),
      ]
      const search = `${SEARCH}?access_token=${token}&page=1&startTimestamp=${paid - 60}&endTimestamp=${paid}`
      const info = {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ orderIdList: ids }),
      }
      for (const [path, init] of [
        [search, undefined],
        [`${INFO}?access_token=${token}`, info],
      ] as const) {
        // First sight, second (kept), third (written from the kept bytes).
        const bodies: Buffer[] = []
        for (let i = 0; i < 3; i++) {
          const res = await p.app.request(path, init)
          const body = Buffer.from(await res.arrayBuffer())
          assert.equal(res.headers.get('content-length'), String(body.length))
          bodies.push(body)
        }
        assert.match(String(bodies[0]), /^\{"errcode":0,"errmsg":"ok","orderList":\[\{/)
        assert.ok(String(bodies[0]).includes('身体护理 \\"乳液\\"'))
        assert.deepEqual(bodies[1], bodies[0])
        assert.deepEqual(bodies[2], bodies[0])
      }
    })

    test('order/search and order/info follow every state change, whichever process made it', async () => {
      const { appid, secret } = await p.promoter()
      const paid = Math.floor(clock.now() / 1000)
      const id = await order(appid, paid)
      const read = async () => {
        const token = await freshToken(appid, secret)
        const info = await p.post(INFO, token, { orderIdList: [id] })
        const search = await p.get(SEARCH, token, {
          page: 1,
          startTimestamp: paid,
          endTimestamp: paid,
        })
        assert.deepEqual(search.orderList, info.orderList)
        return info.orderList[0]
      }
      assert.equal((await read()).productList[0].commissionStatus, 'SETTLEMENT_PENDING')
      assert.equal((await read()).confirmReceiptTime, 0, 'read twice: the second from the cache')
      // Another process on the same database (a second worker) confirms the receipt: only
      // confirm_receipt_time changes.
      clock.advance(DAY)
      const other = new Orders(p.database.db, clock, 7 * DAY)
      await other.confirmReceipt(id)
      assert.equal((await read()).confirmReceiptTime, paid + DAY)
      clock.advance(60)
      await other.refund(id)
      const refunded = await read()
      assert.equal(refunded.productList[0].commissionStatus, 'SETTLEMENT_CANCELED')
      assert.equal(refunded.productList[0].commission, '¥0')
    })
  })
}

describe('orders: clock/advance without a TestClock', () => {
  test('is refused', async () => {
    const p = await createTestPlatform('sqlite')
    await p.services.settings.ensureAdminKey(ADMIN_KEY)
    const res = await p.app.request('/admin/v1/clock/advance', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ seconds: 1 }),
    })
    assert.equal(res.status, 403)
    await p.close()
  })
})
