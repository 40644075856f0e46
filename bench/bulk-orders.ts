/**
 * Bench setup only: millions of orders in a minute. seedOrders (the product's seed) writes each
 * order's change-feed entry and JSON snapshot and runs at ~20k orders/s; the read benchmarks
 * need only the orders and their lines, so this generates them inside the database from a
 * series (SQLite: a recursive CTE; PostgreSQL: generate_series), copying the lines of a few
 * orders seedOrders wrote first (real products, spots and promoters). Pay times are
 * chronological and ids begin with the pay time, as seedOrders makes them.
 * @module
 */
import { type Kysely, sql } from 'kysely'
import { isSqlite } from '../packages/server/src/db/dialect.ts'
import type { Database } from '../packages/server/src/db/schema.ts'

const DAY = 86400
const CHUNK = 500_000

/**
 * Append `total` orders (one line each) paid over the last `days` before `now`, attributed
 * round-robin-ish to the promoters of the template orders already in the database.
 */
export async function bulkOrders(
  db: Kysely<Database>,
  total: number,
  now: number,
  onProgress: (done: number, total: number) => void = () => {},
  days = 90,
): Promise<void> {
  const sqlite = isSqlite(db)
  await sql`drop table if exists bench_tpl`.execute(db)
  await sql`create table bench_tpl as
    select row_number() over (order by o.order_id) - 1 as k, o.appid, o.shop_appid, o.shop_name,
      o.user_nick_name, l.product_id, l.sku_id, l.title, l.thumb_img, l.price, l.product_cnt,
      l.ratio, l.estimated_commission, l.category_str, l.pid, l.spot_name, l.customize_info
    from orders o join order_lines l on l.order_id = o.order_id and l.line_no = 0`.execute(db)
  const n = Number(
    (await sql<{ n: number }>`select count(*) as n from bench_tpl`.execute(db)).rows[0]!.n,
  )
  if (n === 0) throw new Error('bulkOrders needs template orders (run seedOrders first)')
  if (sqlite) await sql`pragma synchronous = off`.execute(db)
  const span = days * DAY
  const start = now - span
  const delay = 7 * DAY
  try {
    for (let from = 0; from < total; from += CHUNK) {
      const to = Math.min(total, from + CHUNK)
      const series = sqlite
        ? sql`with recursive s(i) as (select ${from} union all select i + 1 from s where i < ${to - 1})`
        : sql`with s(i) as (select generate_series(${from}::bigint, ${to - 1}::bigint))`
      // pay: chronological; h: a per-order hash picking the template (promoter, product) and state.
      const rows = sql`${series}, g as (
          select i, ${start} + (i * ${span}) / ${total} as pay, (i * 2654435761) % 1000003 as h from s)
        select g.i, g.pay, g.h, t.* from g join bench_tpl t on t.k = g.h % ${n}`
      await db.transaction().execute(async (trx) => {
        await sql`insert into orders (order_id, appid, shop_appid, shop_name, pay_time,
            confirm_receipt_time, custom_user_id, user_nick_name, commission_status,
            commission_status_update_time, profit_sharing_suc_time, settle_due_at)
          select id, appid, shop_appid, shop_name, pay,
            case when cancelled = 0 and receipt <= ${now} then receipt else 0 end, '',
            user_nick_name,
            case when cancelled = 1 then 'SETTLEMENT_CANCELED'
              when receipt + ${delay} <= ${now} then 'SETTLEMENT_SUCCESS' else 'SETTLEMENT_PENDING' end,
            case when cancelled = 1 and pay + h % (3 * ${DAY}) > ${now} then ${now}
              when cancelled = 1 then pay + h % (3 * ${DAY})
              when receipt + ${delay} <= ${now} then receipt + ${delay} else pay end,
            case when cancelled = 0 and receipt + ${delay} <= ${now} then receipt + ${delay} end,
            case when cancelled = 0 and receipt <= ${now} and receipt + ${delay} > ${now} then receipt + ${delay} end
          from (select r.*, ${idSql(sqlite)} as id, case when h % 100 < 12 then 1 else 0 end as cancelled,
              pay + 2 * ${DAY} + h % (5 * ${DAY}) as receipt from (${rows}) r) x`.execute(trx)
        await sql`insert into order_lines (order_id, line_no, product_id, sku_id, title, thumb_img,
            price, product_cnt, ratio, estimated_commission, category_str, pid, spot_name, customize_info)
          select ${idSql(sqlite)}, 0, product_id, sku_id, title, thumb_img, price, product_cnt, ratio,
            estimated_commission, category_str, pid, spot_name, customize_info from (${rows}) r`.execute(
          trx,
        )
      })
      onProgress(to, total)
    }
  } finally {
    if (sqlite) await sql`pragma synchronous = full`.execute(db)
    await sql`drop table bench_tpl`.execute(db)
  }
  await sql`analyze`.execute(db)
}

/** A 19-digit id: the pay time, then 9 digits of the series index (unique, increasing). */
function idSql(sqlite: boolean) {
  return sqlite
    ? sql`printf('%d%09d', r.pay, r.i + 100000000)`
    : sql`r.pay::text || lpad((r.i + 100000000)::text, 9, '0')`
}
