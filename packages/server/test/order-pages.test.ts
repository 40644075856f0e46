/**
 * order/search and order/info across migration 024 (the indexes that carry the commission
 * status) and with kept answers (services/order-pages.ts): byte for byte what the schema before
 * answered, then at every later state of the ledger what a fresh computation answers, whichever
 * process changed it. Every dialect.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { type Kysely, Migrator } from 'kysely'
import { migrateUp } from '../src/db/migrate.ts'
import { migrationProvider } from '../src/db/migrations/index.ts'
import type { Database } from '../src/db/schema.ts'
import { TestClock } from '../src/index.ts'
import { seedOrders } from '../src/seed/orders.ts'
import { OrderPages } from '../src/services/order-pages.ts'
import {
  type NewOrderLine,
  type OrderSearchQuery,
  Orders,
  orderViews,
  withImageUrls,
} from '../src/services/orders.ts'
import { DIALECTS, openTestDatabase } from './support.ts'

const DAY = 86400
const T0 = 1_700_000_000
const BASE = 'https://tuike.example.com'
const STATUSES = [
  undefined,
  'SETTLEMENT_PENDING',
  'SETTLEMENT_SUCCESS',
  'SETTLEMENT_CANCELED',
] as const

function line(n: number, thumbImg = 'https://mmecimage.cn/p/wxshop/thumb.jpg'): NewOrderLine {
  return {
    productId: String(4085505 + n),
    skuId: String(9007199254740993n + BigInt(n)),
    title: `身体护理 "${n}"\n`,
    thumbImg,
    price: 20 * (n + 1),
    productCnt: 1 + (n % 3),
    ratio: 9000,
    categoryStr: '个护,身体护理',
    pid: 'pid_1',
    spotName: '首页',
    customizeInfo: n % 2 ? `u${n}` : '',
  }
}

/** The answer's fields as JSON bytes (the route's `finish` adds the envelope). */
const finish = (fields: object) => Buffer.from(JSON.stringify(fields))

async function appidsOf(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('orders').select('appid').distinct().orderBy('appid').execute()
  return rows.map((r) => r.appid)
}

/**
 * Every answer of a set of requests, as text: per promoter, each status filter over no window, a
 * pay-time window and a status-update window, two pages of 40 and one of the default size; and
 * order/info of its newest 60 orders (reversed, with a duplicate, an unknown id and another
 * promoter's order).
 */
async function answers(orders: Orders, db: Kysely<Database>, now: number): Promise<string[]> {
  const out: string[] = []
  const appids = await appidsOf(db)
  for (const appid of appids) {
    const windows: Omit<OrderSearchQuery, 'page'>[] = [
      {},
      { startTimestamp: now - 20 * DAY, endTimestamp: now - 5 * DAY },
      {
        sortByCommissionUpdateTime: 1,
        startCommissionUpdateTime: now - 25 * DAY,
        endCommissionUpdateTime: now,
        startTimestamp: now - DAY,
      },
    ]
    for (const commissionStatus of STATUSES)
      for (const w of windows)
        for (const [page, pageSize] of [
          [1, 40],
          [2, 40],
          [3, undefined],
        ] as const)
          out.push(
            String(
              await orders.searchAnswer(
                appid,
                { ...w, commissionStatus, page, pageSize },
                BASE,
                finish,
              ),
            ),
          )
    const own = await db
      .selectFrom('orders')
      .select('order_id')
      .where('appid', '=', appid)
      .orderBy('pay_time', 'desc')
      .orderBy('order_id', 'desc')
      .limit(60)
      .execute()
    const ids = own.map((r) => r.order_id).reverse()
    const foreign = await db
      .selectFrom('orders')
      .select('order_id')
      .where('appid', '!=', appid)
      .limit(1)
      .execute()
    ids.push(ids[3]!, '1700000000123456789', ...foreign.map((r) => r.order_id))
    out.push(String(await orders.infoAnswer(appid, ids, BASE, finish)))
  }
  return out
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: order answers`, () => {
    test('migration 024 and kept answers leave every order/search and order/info answer as it was', async () => {
      const database = await openTestDatabase(dialect, { migrations: 'none' })
      const { db } = database
      try {
        const migrated = await new Migrator({
          db,
          provider: migrationProvider,
          ...(database.schema ? { migrationTableSchema: database.schema } : {}),
        }).migrateTo('023-pg-gram-arrays')
        assert.equal(migrated.error, undefined)
        const clock = new TestClock(T0 * 1000)
        const now = T0
        await seedOrders(db, { orders: 240, promoters: 2, seed: 5, clock, days: 30 })
        const fresh = () => new Orders(db, clock, 7 * DAY)
        // Orders of several lines, this server's images among them, several paid in one second.
        const [appid] = await appidsOf(db)
        for (let i = 0; i < 6; i++)
          await fresh().create({
            appid: appid!,
            shopAppid: 'wxb825f130c284597f',
            shopName: 'xxx小商店',
            payTime: now - 10 * DAY,
            lines: [line(i, '/img/p/1.jpg'), line(i + 1), line(i + 2)].slice(0, 1 + (i % 3)),
          })

        const before = await answers(fresh(), db, now)
        // 024 and every migration after it: none may change an order answer.
        assert.equal((await migrateUp(db, database.schema))[0], '024-order-status-idx')
        const served = fresh()
        // Three passes: computed, computed and kept (second sight), then answered from memory.
        for (let pass = 0; pass < 3; pass++)
          assert.deepEqual(await answers(served, db, now), before, `pass ${pass}`)

        // Another process changes the ledger: the kept answers must follow each change.
        const other = fresh()
        const pending = await db
          .selectFrom('orders')
          .select(['order_id', 'confirm_receipt_time'])
          .where('commission_status', '=', 'SETTLEMENT_PENDING')
          .orderBy('order_id')
          .execute()
        const unconfirmed = pending.filter((o) => Number(o.confirm_receipt_time) === 0)
        const confirmed = pending.filter((o) => Number(o.confirm_receipt_time) > 0)
        assert.ok(unconfirmed.length >= 2 && confirmed.length >= 2)
        const steps: (() => Promise<unknown>)[] = [
          () => other.refund(unconfirmed[1]!.order_id),
          () => other.confirmReceipt(unconfirmed[0]!.order_id),
          () => other.settle(confirmed[0]!.order_id),
          () =>
            other.create({
              appid: appid!,
              shopAppid: 'wxb825f130c284597f',
              shopName: 'xxx小商店',
              payTime: now - 12 * DAY,
              lines: [line(9)],
            }),
          async () => {
            clock.advance(8 * DAY)
            assert.ok((await other.settleDue()) > 0)
          },
        ]
        let last = before
        for (const [i, step] of steps.entries()) {
          await step()
          const expected = await answers(fresh(), db, now)
          assert.notDeepEqual(expected, last, `step ${i} changes some answer`)
          for (let pass = 0; pass < 2; pass++)
            assert.deepEqual(await answers(served, db, now), expected, `step ${i}, pass ${pass}`)
          last = expected
        }
      } finally {
        await database.close()
      }
    })

    test('an answer is kept from its second sight until its promoter’s orders change', async () => {
      const database = await openTestDatabase(dialect)
      const { db } = database
      try {
        const clock = new TestClock(T0 * 1000)
        await seedOrders(db, { orders: 20, promoters: 2, seed: 2, clock, days: 5 })
        const [a, b] = await appidsOf(db)
        const pages = new OrderPages(db)
        let computed = 0
        const compute = async () => Buffer.from(`[${++computed}]`)
        const ask = async (appid: string, key = 'k') =>
          String(await pages.answer(appid, key, compute))
        assert.equal(await ask(a!), '[1]')
        assert.equal(await ask(a!), '[2]', 'the first sight is not kept')
        assert.equal(await ask(a!), '[2]', 'the second is')
        assert.equal(await ask(a!, 'other'), '[3]', 'another request')
        assert.equal(await ask(b!), '[4]', 'another promoter')
        assert.equal(await ask('wx-no-such-promoter'), '[5]')
        assert.equal(await ask('wx-no-such-promoter'), '[6]')
        assert.equal(await ask('wx-no-such-promoter'), '[7]', 'nothing kept without a promoter')
        /** Refund one of `appid`'s pending orders (a change of its orders, as any process makes). */
        const refundOne = async (appid: string) => {
          const order = await db
            .selectFrom('orders')
            .select('order_id')
            .where((eb) => eb.and({ appid, commission_status: 'SETTLEMENT_PENDING' }))
            .executeTakeFirstOrThrow()
          await new Orders(db, clock, 7 * DAY).refund(order.order_id)
        }
        await refundOne(b!)
        assert.equal(await ask(a!), '[2]', 'a change of another promoter’s orders')
        assert.equal(await ask(b!), '[8]')
        await refundOne(a!)
        assert.equal(await ask(a!), '[9]', 'its own orders changed')
        assert.equal(await ask(a!), '[10]')
        assert.equal(await ask(a!), '[10]')
      } finally {
        await database.close()
      }
    })

    test('the lists written from raw rows are the bytes of the wire objects serialised', async () => {
      const database = await openTestDatabase(dialect)
      const { db } = database
      try {
        const clock = new TestClock(T0 * 1000)
        await seedOrders(db, { orders: 120, promoters: 2, seed: 3, clock, days: 20 })
        const [appid] = await appidsOf(db)
        const orders = new Orders(db, clock, 7 * DAY)
        // Several lines, this server's images, odd text, and every commission state.
        for (let i = 0; i < 4; i++)
          await orders.create({
            appid: appid!,
            shopAppid: 'wxb825f130c284597f',
            shopName: i ? 'xxx小商店' : 'a"\\\u2028\ud800',
            payTime: T0 - 3 * DAY,
            lines: [line(i, '/img/p/1.jpg'), line(i + 1), line(i + 2)].slice(0, 1 + (i % 3)),
          })
        // An order without lines (none is written so, but the join must not lose it).
        await db
          .insertInto('orders')
          .values({
            order_id: '1699999999000000001',
            appid: appid!,
            shop_appid: 'wxb825f130c284597f',
            shop_name: 's',
            pay_time: T0 - 2 * DAY,
            user_nick_name: 'n',
            commission_status: 'SETTLEMENT_PENDING',
            commission_status_update_time: T0 - 2 * DAY,
          })
          .execute()
        const pending = await db
          .selectFrom('orders')
          .select(['order_id', 'confirm_receipt_time'])
          .where((eb) => eb.and({ appid: appid!, commission_status: 'SETTLEMENT_PENDING' }))
          .orderBy('order_id')
          .execute()
        const unconfirmed = pending.filter((o) => Number(o.confirm_receipt_time) === 0)
        await orders.refund(unconfirmed[0]!.order_id)
        await orders.confirmReceipt(unconfirmed[1]!.order_id)
        await orders.settle(unconfirmed[1]!.order_id)

        const all = await db
          .selectFrom('orders')
          .selectAll()
          .where('appid', '=', appid!)
          .orderBy('pay_time', 'desc')
          .orderBy('order_id', 'desc')
          .execute()
        const serialised = async (rows: typeof all) =>
          JSON.stringify(withImageUrls(await orderViews(db, rows), BASE))
        const search = JSON.parse(
          String(await orders.searchAnswer(appid!, { page: 1, pageSize: 500 }, BASE, finish)),
        ) as { orderList: string; totalNum: number }
        assert.equal(search.totalNum, all.length)
        assert.equal(search.orderList, await serialised(all))
        const ids = all.map((r) => r.order_id).reverse()
        const info = JSON.parse(String(await orders.infoAnswer(appid!, ids, BASE, finish))) as {
          orderList: string
        }
        assert.equal(info.orderList, await serialised([...all].reverse()))
        assert.ok(info.orderList.includes('"productList":[]'))
        assert.ok(info.orderList.includes(`${BASE}/img/p/1.jpg`))
        for (const s of ['SETTLEMENT_CANCELED', 'SETTLEMENT_SUCCESS', 'profitShardingSucTime'])
          assert.ok(info.orderList.includes(s), s)
      } finally {
        await database.close()
      }
    })
  })
}
