/**
 * Paging drift on the successor's order list (headsupplier/order/list/get, next_key cursors), on
 * every dialect: orders are inserted and refunded between pages by the paging-drift fault, and
 * what a client sees is pinned down (docs/sandbox.md, "What a next_key pass sees"): every
 * commission order that did not change during the pass is listed exactly once; one that changed
 * after it was listed is listed again at its new update_time; one that changed before it was
 * reached, and every inserted one, is listed once; one that changed in the very second of the
 * cursor, behind it, is not listed again by this pass but by the next one starting at the pass's
 * end_time, so a client that keeps the newest update_time per (order_id, sku_id) and starts each
 * pass at the last one's end_time loses nothing.
 */
import assert from 'node:assert/strict'
import { before, test } from 'node:test'
import { seedOrders, TestClock } from '../src/index.ts'
import { createStorePlatform, LEAGUE } from './store-support.ts'
import { eachDialect, openForSuite } from './support.ts'

const ORDERS = `${LEAGUE}/order/list/get`
const ORDER = `${LEAGUE}/order/get`
const T0 = 1_780_000_000
const key = (k: { order_id: string; sku_id: string }) => `${k.order_id}/${k.sku_id}`

eachDialect('paging drift on the successor order list', (dialect) => {
  const clock = new TestClock(T0 * 1000)
  const p = openForSuite(() =>
    createStorePlatform(dialect, { products: 20, clock, config: { faults: true } }),
  )
  before(async () => {
    for (const nickname of ['小王', '小李'])
      await p.services.sharers.createBound(p.inst.appid, { nickname, commissionRatio: 400_000 })
    await seedOrders(p.database.db, {
      orders: 24,
      appids: [p.inst.appid],
      seed: 5,
      clock,
      days: 1,
    })
  })

  /** Drift details logged so far, oldest first. */
  const driftLog = async () =>
    ((await p.admin('GET', '/admin/v1/faults/log')).body.entries as any[])
      .filter((e) => e.kind === 'paging-drift')
      .map((e) => e.detail as string)
      .reverse()

  /** One pass over update_time_range [start, end], page by page; `between` runs before each later page. */
  async function pass(start: number, end: number, between: () => Promise<void> = async () => {}) {
    const pages: string[][] = []
    let next_key = ''
    do {
      if (pages.length > 0) await between()
      const r = await p.store(ORDERS, {
        update_time_range: { start_time: start, end_time: end },
        page_size: 5,
        next_key,
      })
      assert.equal(r.errcode, 0, r.errmsg)
      pages.push(r.list.map(key))
      next_key = r.next_key
    } while (next_key)
    return pages
  }

  test('inserts and refunds between pages: unchanged rows once, changed ones again at their new time, nothing lost', async () => {
    const start = T0 - 2 * 86400
    const end = T0 + 3600
    const before = (await pass(start, end)).flat()
    assert.equal(new Set(before).size, before.length)
    assert.ok(before.length >= 20, `five pages and more: ${before.length}`)
    const created = await p.admin('POST', '/admin/v1/faults', {
      kind: 'paging-drift',
      appid: p.inst.appid,
      endpoint: 'headsupplier/order/list/get',
      seed: 8,
    })
    assert.equal(created.status, 201)
    const logged = (await driftLog()).length
    // The server's clock moves on between pages, as under live traffic.
    const pages = await pass(start, end, async () => clock.advance(1))
    await p.admin('DELETE', `/admin/v1/faults/${created.body.faultId}`)
    const drifts = (await driftLog()).slice(logged)
    // The k-th drift happened before page k + 1 (index k), after pages 0..k-1 were read.
    assert.equal(drifts.length, pages.length - 1)
    const listed = pages.flat()
    const count = (k: string) => listed.filter((x) => x === k).length
    const keysOf = (orderId: string) => [
      ...new Set(listed.filter((k) => k.startsWith(`${orderId}/`))),
    ]
    const changed = new Set<string>()
    let inserts = 0
    let refunds = 0
    drifts.forEach((d, k) => {
      const [what, orderId] = d.split(' ') as [string, string]
      const seenBefore = pages.slice(0, k + 1).flat()
      const keys = keysOf(orderId)
      assert.ok(keys.length > 0, `${d}: listed after it happened`)
      for (const x of keys) {
        changed.add(x)
        // Listed at its new update_time by a page read after the drift.
        assert.ok(
          pages
            .slice(k + 1)
            .flat()
            .includes(x),
          `${d}: ${x} listed after the change`,
        )
        if (what === 'insert') assert.equal(count(x), 1, `${d}: a new order is listed once`)
        else assert.equal(count(x), seenBefore.includes(x) ? 2 : 1, `${d}: ${x}`)
      }
      if (what === 'insert') inserts++
      else refunds++
    })
    assert.ok(inserts > 0 && refunds > 0, `both kinds of drift: ${drifts.join(', ')}`)
    for (const x of before.filter((k) => !changed.has(k)))
      assert.equal(count(x), 1, `${x}: unchanged, listed once`)
    // A client that reads each key's detail and keeps the newest update_time ends with the
    // server's state: the refunded ones are cancelled (200).
    for (const d of drifts.filter((x) => x.startsWith('refund '))) {
      const [orderId] = d.split(' ').slice(1) as [string]
      for (const x of keysOf(orderId)) {
        const [order_id, sku_id] = x.split('/')
        const got = await p.store(ORDER, { order_id, sku_id })
        assert.equal(got.commssion_order.status, 200)
      }
    }
  })

  /** Six pending, unconfirmed orders of the 机构 confirmed in a second no earlier change used. */
  async function sixInOneSecond(order: 'asc' | 'desc') {
    clock.advance(1)
    const ids = await p.database.db
      .selectFrom('orders')
      .select('order_id')
      .where('appid', '=', p.inst.appid)
      .where('commission_status', '=', 'SETTLEMENT_PENDING')
      .where('confirm_receipt_time', '=', 0)
      .orderBy('order_id', order)
      .limit(6)
      .execute()
    assert.equal(ids.length, 6)
    for (const { order_id } of ids) await p.services.orders.confirmReceipt(order_id)
    return { now: Math.floor(clock.now() / 1000), ids: ids.map((r) => r.order_id) }
  }
  const once = (f: () => Promise<unknown>) => {
    let done = false
    return async () => {
      if (!done) await f()
      done = true
    }
  }
  const listings = (pages: string[][], orderId: string) =>
    pages.flat().filter((k) => k.startsWith(`${orderId}/`)).length

  /**
   * The six of `sixInOneSecond(order)`, read in one pass over their second while the first of
   * them is changed (once, after the first page); how often each pass lists that order: this one
   * and the next from end_time.
   */
  async function listedAroundChange(
    order: 'asc' | 'desc',
    change: (orderId: string) => Promise<unknown>,
  ) {
    const { now, ids } = await sixInOneSecond(order)
    const id = ids[0]!
    const pages = await pass(
      now,
      now,
      once(() => change(id)),
    )
    return { thisPass: listings(pages, id), nextPass: listings(await pass(now, now + 60), id) }
  }

  test("a change in the cursor's own second, behind it, is listed by the next pass from end_time", async () => {
    // The six are the range's rows, by order_id: the smallest is on the first page of five.
    // Refunded after its page was read, in the same second (the clock stands still): its
    // position (now, order_id) is behind the cursor.
    const listed = await listedAroundChange('asc', (first) => p.services.orders.refund(first))
    assert.equal(listed.thisPass, 1, 'not listed again by this pass')
    assert.equal(listed.nextPass, 1, 'the next pass lists it')
  })

  test('a change after end_time leaves the range of this pass and is listed by the next pass from end_time', async () => {
    // The largest order_id of the six is on the second page.
    const listed = await listedAroundChange('desc', async (last) => {
      clock.advance(1)
      await p.services.orders.refund(last)
    })
    assert.equal(listed.thisPass, 0, 'moved past end_time before its page')
    assert.equal(listed.nextPass, 1, 'the next pass lists it')
  })
})
