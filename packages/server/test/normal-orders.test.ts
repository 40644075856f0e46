import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { TestClock } from '../src/clock.ts'
import { prng, seedCatalogue } from '../src/seed/catalogue.ts'
import { seedOrders } from '../src/seed/orders.ts'
import { adminCall, createTestPlatform, DIALECTS, type TestPlatform } from './support.ts'

const SEARCH = '/union/promoter/order/search_normal_order'
const GENERATE = '/union/promoter/product/generate'
const ADD = '/union/promoter/promotion/add'
const ADMIN_KEY = 'tka_test_admin_key-00000000000000000'
const PUBLIC = 'https://tuike.example.com'

/** What the brute-force filter needs of an order. */
interface Brute {
  orderId: string
  payTime: number
  code: number
  statusTime: number
  titles: string[]
}

const codeOf = (status: string, confirm: number) =>
  status === 'SETTLEMENT_SUCCESS' ? 11 : status === 'SETTLEMENT_CANCELED' ? 4 : confirm > 0 ? 5 : 2

for (const dialect of DIALECTS) {
  describe(`${dialect}: order/search_normal_order`, () => {
    let p: TestPlatform
    let clock: TestClock
    let promoter: { appid: string; token: string }
    let all: Brute[]
    before(async () => {
      clock = new TestClock(Date.UTC(2026, 5, 1))
      p = await createTestPlatform(dialect, { clock, config: { publicUrl: PUBLIC } })
      await p.services.settings.ensureAdminKey(ADMIN_KEY)
      await seedCatalogue(p.database.db, { products: 80, seed: 6 })
      promoter = await p.promoter('normal')
      await p.post(ADD, promoter.token, { promotionSourceName: '首页' })
      await p.post(ADD, promoter.token, { promotionSourceName: '社群' })
      await seedOrders(p.database.db, { orders: 400, appids: [promoter.appid], seed: 3, clock })
      // Another promoter's orders never show.
      const other = await p.promoter('other')
      await p.post(ADD, other.token, { promotionSourceName: '别人' })
      await seedOrders(p.database.db, { orders: 50, appids: [other.appid], seed: 4, clock })
      const orders = await p.database.db
        .selectFrom('orders')
        .selectAll()
        .where('appid', '=', promoter.appid)
        .execute()
      const lines = await p.database.db
        .selectFrom('order_lines as l')
        .innerJoin('orders as o', 'o.order_id', 'l.order_id')
        .select(['l.order_id', 'l.title'])
        .where('o.appid', '=', promoter.appid)
        .execute()
      all = orders.map((o) => {
        const code = codeOf(o.commission_status, Number(o.confirm_receipt_time))
        return {
          orderId: o.order_id,
          payTime: Number(o.pay_time),
          code,
          statusTime:
            code === 5 ? Number(o.confirm_receipt_time) : Number(o.commission_status_update_time),
          titles: lines.filter((l) => l.order_id === o.order_id).map((l) => l.title),
        }
      })
      assert.equal(all.length, 400)
      for (const c of [2, 4, 5, 11])
        assert.ok(
          all.some((o) => o.code === c),
          `code ${c} seeded`,
        )
    })
    after(() => p.close())

    const admin = (method: string, path: string, body?: unknown) =>
      adminCall((u, i) => p.app.request(u, i), ADMIN_KEY, method, path, body)
    const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

    test('every filter, sort and page agrees with a brute-force filter', async () => {
      const rand = prng(11)
      const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!
      const times = all.map((o) => o.payTime).sort((a, b) => a - b)
      const stimes = all.map((o) => o.statusTime).sort((a, b) => a - b)
      const someTitle = all[0]!.titles[0]!
      const keyword = [...someTitle].slice(0, 2).join('')
      for (let round = 0; round < 60; round++) {
        const q: Record<string, string | number> = {
          offset: Math.floor(rand() * 40),
          limit: 1 + Math.floor(rand() * 60),
        }
        let expected = [...all]
        if (rand() < 0.4) {
          const a = pick(times)
          const b = pick(times)
          q.startPayTime = Math.min(a, b)
          q.endPayTime = Math.max(a, b)
          expected = expected.filter(
            (o) => o.payTime >= Number(q.startPayTime) && o.payTime <= Number(q.endPayTime),
          )
        }
        if (rand() < 0.4) {
          const a = pick(stimes)
          q.startStatusUpdateTime = a
          expected = expected.filter((o) => o.statusTime >= a)
          if (rand() < 0.5) {
            const b = a + Math.floor(rand() * 40 * 86400)
            q.endStatusUpdateTime = b
            expected = expected.filter((o) => o.statusTime <= b)
          }
        }
        if (rand() < 0.4) {
          const codes = [...new Set([pick([2, 4, 5, 6, 11]), pick([2, 4, 5, 8, 11, 12])])]
          q.commissionStatus = codes.join(',')
          expected = expected.filter((o) => codes.includes(o.code))
        }
        const idFilter = rand()
        if (idFilter < 0.08) {
          const o = pick(all)
          q.orderId = o.orderId
          expected = expected.filter((x) => x.orderId === o.orderId)
        } else if (idFilter < 0.16) {
          const o = pick(all)
          q.outOrderId = `TK${o.orderId}`
          expected = expected.filter((x) => x.orderId === o.orderId)
        } else if (idFilter < 0.24) {
          const o = pick(all)
          q.tradeNo = `4200${o.orderId.padStart(24, '0')}`
          expected = expected.filter((x) => x.orderId === o.orderId)
        } else if (idFilter < 0.32) {
          const chosen = [pick(all), pick(all), pick(all)].map((o) => o.orderId)
          q.outOrderIdList =
            rand() < 0.5
              ? chosen.map((id) => `TK${id}`).join(',')
              : JSON.stringify(chosen.map((id) => `TK${id}`))
          expected = expected.filter((x) => chosen.includes(x.orderId))
        } else if (idFilter < 0.4) {
          const chosen = [pick(all), pick(all)].map((o) => o.orderId)
          q.transactionIdList = chosen.map((id) => `4200${id.padStart(24, '0')}`).join(',')
          expected = expected.filter((x) => chosen.includes(x.orderId))
        }
        if (rand() < 0.15) {
          q.query = keyword
          expected = expected.filter((o) => o.titles.some((t) => t.includes(keyword)))
        }
        const sortBy = rand() < 0.5 ? undefined : pick([1, 2])
        const sortOrder = rand() < 0.5 ? undefined : pick([1, 2])
        if (sortBy !== undefined) q.sortBy = sortBy
        if (sortOrder !== undefined) q.sortOrder = sortOrder
        const key = (o: Brute) => (sortBy === 2 ? o.statusTime : o.payTime)
        const dir = sortOrder === 2 ? 1 : -1
        expected.sort((a, b) => dir * (key(a) - key(b) || cmp(a.orderId, b.orderId)))
        const res = await p.get(SEARCH, promoter.token, q)
        assert.equal(res.errcode, 0, JSON.stringify({ q, res }))
        assert.equal(res.total, expected.length, JSON.stringify(q))
        assert.deepEqual(
          res.orderList.map((o: any) => o.orderInfo.orderId),
          expected
            .slice(Number(q.offset), Number(q.offset) + Number(q.limit))
            .map((o) => o.orderId),
          JSON.stringify(q),
        )
      }
    })

    test('shape: integer fen money, numeric status codes mapped from the ledger', async () => {
      const res = await p.get(SEARCH, promoter.token, { offset: 0, limit: 400 })
      assert.equal(res.errmsg, 'ok')
      assert.equal(res.orderList.length, 400)
      const byId = new Map(all.map((o) => [o.orderId, o]))
      const names: Record<number, string> = {
        2: 'COMMISSION_PAY_SUCCESS',
        4: 'COMMISSION_PAY_CANCEL',
        5: 'COMMISSION_SHOP_WAIT_DEDUCTION',
        11: 'COMMISSION_PROMOTER_PAY_SUCC',
      }
      for (const { orderInfo, productList } of res.orderList) {
        const b = byId.get(orderInfo.orderId)!
        assert.equal(typeof orderInfo.orderId, 'string')
        assert.equal(orderInfo.outOrderId, `TK${orderInfo.orderId}`)
        assert.match(orderInfo.transactionId, /^4200\d{24}$/)
        assert.equal(orderInfo.payTime, b.payTime)
        assert.ok(Number.isInteger(orderInfo.orderPrice))
        assert.equal(
          orderInfo.orderPrice,
          productList.reduce((s: number, l: any) => s + l.realPrice, 0),
        )
        assert.equal(orderInfo.statusUpdateTime, b.code === 2 ? null : b.statusTime)
        assert.equal(orderInfo.status, { 2: 20, 4: 200, 5: 100, 11: 100 }[b.code])
        assert.equal(typeof orderInfo.shopInfo.appid, 'string')
        for (const l of productList) {
          assert.equal(l.commissionStatus, names[b.code])
          assert.equal(l.commissionStatusUpdateTime, b.statusTime)
          for (const k of ['salePrice', 'realPrice', 'commissionValue', 'ratio', 'productCnt'])
            assert.ok(Number.isInteger(l[k]), k)
          assert.equal(l.commissionValue, Math.floor((l.realPrice * l.ratio) / 10000))
          assert.equal(typeof l.promotionInfo.promotionSourcePid, 'string')
        }
      }
    })

    test('the codes follow the ledger: paid 2, receipt 5, settled 11, refunded 4', async () => {
      const { token } = await p.promoter('ledger')
      const { pid } = await p.post(ADD, token, { promotionSourceName: '账本' })
      const product = await p.firstProduct()
      const gen = await p.post(GENERATE, token, {
        pid,
        productList: [{ productId: product.id, appId: product.shop_appid }],
      })
      const code = (gen.list[0].shareInfo.promotionUrl as string).slice(`${PUBLIC}/s/`.length)
      const buy = async () => (await admin('POST', '/admin/v1/purchases', { code })).body.orderId
      const a = await buy()
      const b = await buy()
      const state = async (orderId: string) => {
        const res = await p.get(SEARCH, token, { offset: 0, limit: 10, orderId })
        const [o] = res.orderList
        return {
          code: o.productList[0].commissionStatus,
          time: o.orderInfo.statusUpdateTime,
        }
      }
      const t0 = Math.floor(clock.now() / 1000)
      assert.deepEqual(await state(a), { code: 'COMMISSION_PAY_SUCCESS', time: null })
      clock.advance(60)
      await admin('POST', `/admin/v1/orders/${a}/confirm-receipt`)
      assert.deepEqual(await state(a), {
        code: 'COMMISSION_SHOP_WAIT_DEDUCTION',
        time: t0 + 60,
      })
      const waiting = await p.get(SEARCH, token, { offset: 0, limit: 10, commissionStatus: '5' })
      assert.deepEqual(
        waiting.orderList.map((o: any) => o.orderInfo.orderId),
        [a],
      )
      clock.advance(60)
      await admin('POST', `/admin/v1/orders/${a}/settle`)
      assert.deepEqual(await state(a), { code: 'COMMISSION_PROMOTER_PAY_SUCC', time: t0 + 120 })
      await admin('POST', `/admin/v1/orders/${b}/refund`)
      assert.deepEqual(await state(b), { code: 'COMMISSION_PAY_CANCEL', time: t0 + 120 })
      const both = await p.get(SEARCH, token, {
        offset: 0,
        limit: 10,
        commissionStatus: '11,4',
        sortBy: 2,
        sortOrder: 2,
      })
      assert.equal(both.total, 2)
    })

    test('errors: missing offset or limit, bad sortBy, bad status codes are 200002', async () => {
      const t = promoter.token
      const noOffset = await p.get(SEARCH, t, { limit: 10 })
      assert.equal(noOffset.errcode, 200002)
      assert.match(noOffset.errmsg, /offset/)
      assert.equal((await p.get(SEARCH, t, { offset: 0 })).errcode, 200002)
      assert.equal((await p.get(SEARCH, t, { offset: 0, limit: 0 })).errcode, 200002)
      assert.equal((await p.get(SEARCH, t, { offset: 0, limit: 5, sortBy: 3 })).errcode, 200002)
      assert.equal((await p.get(SEARCH, t, { offset: 0, limit: 5, sortOrder: 0 })).errcode, 200002)
      assert.equal(
        (await p.get(SEARCH, t, { offset: 0, limit: 5, commissionStatus: 'PENDING' })).errcode,
        200002,
      )
      assert.equal(
        (await p.get(SEARCH, t, { offset: 0, limit: 5, startPayTime: 'yesterday' })).errcode,
        200002,
      )
      // An unknown id or a malformed outOrderId matches nothing; no maximum limit.
      const none = await p.get(SEARCH, t, { offset: 0, limit: 5, outOrderId: 'nope' })
      assert.deepEqual([none.errcode, none.total, none.orderList], [0, 0, []])
      const big = await p.get(SEARCH, t, { offset: 0, limit: 10_000 })
      assert.equal(big.total, 400)
      assert.equal(big.orderList.length, 400)
    })
  })
}
