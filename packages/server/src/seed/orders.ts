/**
 * Demo order traffic: orders over the last 90 days (or `days`) with a realistic mix of commission
 * states, across spots and promoters; lines through a 机构's sharer spots are also successor
 * commission orders. The bulk path writes rows directly, in chronological order, in
 * multi-row statements and one transaction per batch, and keeps the ledger's invariants:
 * every line is a snapshot of a real product and SKU (when the catalogue has products) and is
 * attributed to a spot of the order's promoter; commission = floor(price × ratio / 10000);
 * pending orders settle only after receipt + delay; settled ones have a settlement time after
 * receipt + delay; cancelled ones none; status-update times never precede the pay time and never
 * pass now.
 * @module
 */
import { type Insertable, type Kysely, sql } from 'kysely'
import type { Clock } from '../clock.ts'
import { systemClock } from '../clock.ts'
import { isSqlite } from '../db/dialect.ts'
import type { Database, OrderLinesTable, OrdersTable } from '../db/schema.ts'
import { hashSecret, randomHex } from '../security/hash.ts'
import { appendChanges, lineRow, lockFeed, orderView } from '../services/orders.ts'
import { attachStoreLines } from '../services/store-orders.ts'
import { prng } from './catalogue.ts'

export interface SeedOrdersOptions {
  /** Number of orders. */
  orders: number
  /** Promoters to spread them over: existing ones first, then new ones created (default 1). */
  promoters?: number
  /** Restrict to these promoters (e.g. the demo promoter); overrides `promoters`. */
  appids?: string[]
  /** PRNG seed (default 1). */
  seed?: number
  clock?: Clock
  /** Settlement delay, seconds (default 7 days). */
  settlementDelay?: number
  /** How many days back the pay times reach (default 90). */
  days?: number
  onProgress?: (done: number, total: number) => void
}

const DAY = 24 * 3600
const BATCH = 5000
const ROWS_PER_INSERT = 500
const NICKNAMES = ['微信用户', '微信用户', '微信用户', '小王', '阿杰', 'Lily', '晴天', '老李']

interface Snapshot {
  productId: string
  skuId: string
  title: string
  thumbImg: string
  unitPrice: number
  ratio: number
  categoryStr: string
  shopAppid: string
  shopName: string
}

/** Up to 2,000 product snapshots from the catalogue, or synthetic ones when it is empty. */
async function snapshots(db: Kysely<Database>): Promise<Snapshot[]> {
  const rows = await db
    .selectFrom('products as p')
    .innerJoin('skus as k', 'k.product_pk', 'p.pk')
    .innerJoin('shops as s', 's.appid', 'p.shop_appid')
    .select([
      'p.id',
      'p.title',
      'p.head_img',
      'p.commission_ratio',
      'p.cat1',
      'p.cat2',
      'p.cat3',
      'p.shop_appid',
      's.name as shop_name',
      'k.id as sku_id',
      'k.thumb_img',
      'k.sale_price',
    ])
    .where('k.seq', '=', 0)
    .orderBy('p.pk')
    .limit(2000)
    .execute()
  if (rows.length === 0) {
    return Array.from({ length: 50 }, (_, i) => ({
      productId: String(20_000_000 + i),
      skuId: String(30_000_000 + i),
      title: `示例商品 ${i}`,
      thumbImg: `/img/product/${20_000_000 + i}.svg`,
      unitPrice: 990 + i * 100,
      ratio: [500, 1000, 2000][i % 3]!,
      categoryStr: '示例',
      shopAppid: 'wx00000000000000aa',
      shopName: '示例小商店',
    }))
  }
  const cats = await db.selectFrom('categories').select(['id', 'name']).execute()
  const name = new Map(cats.map((c) => [c.id, c.name]))
  return rows.map((r) => ({
    productId: r.id,
    skuId: r.sku_id,
    title: r.title,
    thumbImg: r.thumb_img || (JSON.parse(r.head_img) as string[])[0] || '',
    unitPrice: Number(r.sale_price),
    ratio: r.commission_ratio,
    categoryStr: [r.cat1, r.cat2, r.cat3]
      .filter(Boolean)
      .map((c) => name.get(c) ?? c)
      .join(','),
    shopAppid: r.shop_appid,
    shopName: r.shop_name,
  }))
}

/** Promoters with their spots: `count` accounts (creating the missing ones, 3 spots each). */
async function promotersWithSpots(
  db: Kysely<Database>,
  count: number,
  appids: string[] | undefined,
  now: number,
): Promise<{ appid: string; spots: { pid: string; name: string }[] }[]> {
  let accounts =
    appids ??
    (
      await db
        .selectFrom('promoters')
        .select('appid')
        .where('kind', '=', 'promoter')
        .orderBy('created_at')
        .limit(count)
        .execute()
    ).map((r) => r.appid)
  if (!appids && accounts.length < count) {
    // Seeded accounts share one (random, never shown) secret hash: scrypt per account would
    // dominate the run. Rotate a secret to use one.
    const hash = await hashSecret(randomHex(16))
    const fresh = Array.from({ length: count - accounts.length }, (_, i) => ({
      appid: `wx${randomHex(8)}`,
      name: `推客 ${accounts.length + i + 1}`,
      secret_hash: hash,
      status: 'active' as const,
      promotion_max_cnt: 100,
      pid_prefix: `o${randomHex(13)}${i.toString(36).padStart(1, '0')}`.slice(0, 28),
      created_at: now,
    }))
    for (let i = 0; i < fresh.length; i += 500)
      await db
        .insertInto('promoters')
        .values(fresh.slice(i, i + 500))
        .execute()
    accounts = [...accounts, ...fresh.map((f) => f.appid)]
  }
  const out: { appid: string; spots: { pid: string; name: string }[] }[] = []
  for (const appid of accounts) {
    let spots = await db
      .selectFrom('promotion_spots')
      .select(['pid', 'name'])
      .where('appid', '=', appid)
      .execute()
    if (spots.length === 0) {
      const p = await db
        .selectFrom('promoters')
        .select('pid_prefix')
        .where('appid', '=', appid)
        .executeTakeFirstOrThrow()
      spots = ['首页推荐', '朋友圈', '社群团购'].map((name, i) => ({
        pid: `${p.pid_prefix}_${1_000_000_000 + i}`,
        name,
      }))
      await db
        .insertInto('promotion_spots')
        .values(
          spots.map((s, i) => ({
            pid: s.pid,
            appid,
            name: s.name,
            seq: i,
            created_at: now,
            deleted_at: null,
          })),
        )
        .execute()
    }
    out.push({ appid, spots: spots.map((s) => ({ pid: s.pid, name: s.name })) })
  }
  return out
}

/**
 * Write `orders` demo orders over the last `days` (90). Returns the count and elapsed milliseconds.
 *
 * @example
 * await seedOrders(db, { orders: 5_000_000, promoters: 1000, onProgress: (n, t) => bar(n / t) })
 */
export async function seedOrders(
  db: Kysely<Database>,
  options: SeedOrdersOptions,
): Promise<{ orders: number; ms: number }> {
  const started = performance.now()
  const total = options.orders
  const rand = prng(options.seed ?? 1)
  const now = Math.floor((options.clock ?? systemClock).now() / 1000)
  const delay = options.settlementDelay ?? 7 * DAY
  const accounts = await promotersWithSpots(db, options.promoters ?? 1, options.appids, now)
  const products = await snapshots(db)
  const sqlite = isSqlite(db)
  if (sqlite) {
    // Batches are re-runnable demo data: trade per-commit fsync for speed, then restore it.
    await sql`pragma synchronous = off`.execute(db)
    await sql`pragma cache_size = -262144`.execute(db)
  }
  const span = (options.days ?? 90) * DAY
  const start = now - span
  // 机构 accounts among them: their lines through sharer spots get successor rows.
  const institutions = new Set(
    (
      await db
        .selectFrom('promoters')
        .select('appid')
        .where('kind', '=', 'institution')
        .where(
          'appid',
          'in',
          accounts.map((a) => a.appid),
        )
        .execute()
    ).map((r) => r.appid),
  )
  let counter = Number(
    (
      await db
        .selectFrom('orders')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )
  try {
    for (let done = 0; done < total; ) {
      const n = Math.min(BATCH, total - done)
      const orders: Insertable<OrdersTable>[] = []
      const lines: OrderLinesTable[] = []
      for (let k = 0; k < n; k++) {
        const i = done + k
        // Chronological, so ids (which begin with the pay time) append to the primary key.
        const payTime = start + Math.floor(((i + rand()) / total) * span)
        const seq = counter++
        // WeChat's 19-digit form: the pay time, then a sequence number.
        const orderId = `${payTime}${String(seq % 1e9).padStart(9, '0')}`
        const account = accounts[Math.floor(rand() * accounts.length)]!
        const spot = account.spots[Math.floor(rand() * account.spots.length)]!
        const product = products[Math.floor(rand() * products.length)]!
        const roll = rand()
        let confirm = 0
        let status: OrdersTable['commission_status'] = 'SETTLEMENT_PENDING'
        let updated = payTime
        let settledAt: number | null = null
        let due: number | null = null
        const receipt = payTime + Math.floor((2 + rand() * 5) * DAY)
        if (roll < 0.12) {
          status = 'SETTLEMENT_CANCELED'
          updated = Math.min(now, payTime + Math.floor(rand() * 10 * DAY))
        } else if (receipt <= now) {
          confirm = receipt
          if (receipt + delay <= now) {
            status = 'SETTLEMENT_SUCCESS'
            settledAt = receipt + delay
            updated = settledAt
          } else due = receipt + delay
        }
        const cnt = rand() < 0.85 ? 1 : 2 + Math.floor(rand() * 3)
        orders.push({
          order_id: orderId,
          appid: account.appid,
          shop_appid: product.shopAppid,
          shop_name: product.shopName,
          pay_time: payTime,
          confirm_receipt_time: confirm,
          custom_user_id: '',
          user_nick_name: NICKNAMES[Math.floor(rand() * NICKNAMES.length)]!,
          commission_status: status,
          commission_status_update_time: updated,
          profit_sharing_suc_time: settledAt,
          settle_due_at: due,
        })
        lines.push(
          lineRow(orderId, 0, {
            productId: product.productId,
            skuId: product.skuId,
            title: product.title,
            thumbImg: product.thumbImg,
            price: product.unitPrice * cnt,
            productCnt: cnt,
            ratio: product.ratio,
            categoryStr: product.categoryStr,
            pid: spot.pid,
            spotName: spot.name,
            customizeInfo: rand() < 0.2 ? `u${Math.floor(rand() * 10000)}` : '',
          }),
        )
      }
      await db.transaction().execute(async (trx) => {
        for (let j = 0; j < orders.length; j += ROWS_PER_INSERT) {
          await trx
            .insertInto('orders')
            .values(orders.slice(j, j + ROWS_PER_INSERT))
            .execute()
          await trx
            .insertInto('order_lines')
            .values(lines.slice(j, j + ROWS_PER_INSERT))
            .execute()
        }
        // Each seeded order enters its promoter's change feed once, in its seeded state, so a
        // feed reader's copy is exact from the start.
        const byAppid = new Map<string, number[]>()
        orders.forEach((o, i) => {
          const list = byAppid.get(o.appid)
          if (list) list.push(i)
          else byAppid.set(o.appid, [i])
        })
        for (const [appid, idx] of byAppid) {
          if (institutions.has(appid)) {
            await attachStoreLines(
              trx,
              appid,
              idx.map((i) => {
                const o = orders[i]!
                const l = lines[i]!
                const changed = [
                  o.pay_time,
                  o.confirm_receipt_time ?? 0,
                  o.commission_status_update_time,
                ]
                return {
                  orderId: l.order_id,
                  lineNo: l.line_no,
                  skuId: l.sku_id,
                  productId: l.product_id,
                  pid: l.pid,
                  createTime: o.pay_time,
                  updateTime: Math.max(...changed.map(Number)),
                }
              }),
            )
          }
          const base = await lockFeed(trx, appid)
          await appendChanges(
            trx,
            appid,
            idx.map((i, k) => {
              const o = orders[i]!
              const order = orderView(o as never, [lines[i]!] as never)
              return {
                seq: base + k + 1,
                type: 'order.created' as const,
                orderId: o.order_id,
                previousStatus: null,
                status: o.commission_status,
                changedAt: o.pay_time,
                order,
              }
            }),
          )
        }
      })
      done += n
      options.onProgress?.(done, total)
    }
  } finally {
    if (sqlite) await sql`pragma synchronous = full`.execute(db)
  }
  return { orders: total, ms: performance.now() - started }
}
