/**
 * The local order ledger: a SQLite file (better-sqlite3) with every order line the account has
 * seen, plus the sync state. Writes are upserts keyed by order id, one transaction per synced
 * window together with the checkpoint, so a sync can stop anywhere and run again. Orders of both
 * APIs share it: `source` is `union` (order/search, one row per order with its lines) or `store`
 * (the successor's commission orders, one line per (order_id, sku_id), store-ledger.ts).
 * Ratios are kept at the successor's 1/1,000,000 (a union 1/10,000 ratio ×100, exact), so a
 * line of either API keeps every digit it was sent with.
 * @module
 */

import { createRequire } from 'node:module'
import type { Order } from '@tuike/sdk'
import { toFen, toInt } from '@tuike/sdk'
import type Database from 'better-sqlite3'
import { CliError } from './errors.ts'

const SCHEMA = `
create table if not exists meta (key text primary key, value text not null);
create table if not exists orders (
  order_id text primary key,
  pay_time integer not null,
  confirm_receipt_time integer not null,
  shop_appid text not null,
  shop_name text not null,
  user_nick_name text not null,
  custom_user_id text not null,
  raw text not null,
  first_synced_at integer not null,
  synced_at integer not null,
  source text not null default 'union'
);
create index if not exists orders_pay_time on orders (pay_time);
create table if not exists order_lines (
  order_id text not null references orders (order_id) on delete cascade,
  line_no integer not null,
  product_id text not null,
  sku_id text not null,
  title text not null,
  product_cnt integer not null,
  price_fen integer not null,
  ratio integer not null,
  commission_status text not null,
  commission_status_update_time integer not null,
  commission_fen integer,
  estimated_commission_fen integer not null,
  profit_sharing_suc_time integer,
  pid text not null,
  spot_name text not null,
  customize_info text not null,
  category_str text not null,
  primary key (order_id, line_no)
);
`

export interface SyncState {
  /** The appid the ledger belongs to; a ledger never mixes accounts. */
  account?: string
  historySince?: number
  historyUntil?: number
  /** Pay-time windows before this are in the ledger (first-run history). */
  historyCursor?: number
  historyDone?: boolean
  /** Commission-update windows before this are in the ledger. */
  watermark?: number
  lastSyncAt?: number
  /** The Tuike order change feed cursor (servers that offer /tuike/v1/order/changes). */
  feedCursor?: string
  /** The 机构 appid whose commission orders (source `store`) the ledger holds. */
  storeAccount?: string
  /** Update-time windows of order/list/get before this are in the ledger. */
  storeWatermark?: number
  /** 2: ratios at 1/1,000,000. Files without it kept them at 1/10,000 and are converted. */
  ledgerFormat?: number
}

export type UpsertOutcome = 'new' | 'updated' | 'unchanged'

/** One order line as the ledger keeps it: money in fen. */
export interface LedgerLine {
  order_id: string
  line_no: number
  pay_time: number
  product_id: string
  sku_id: string
  title: string
  product_cnt: number
  price_fen: number
  /** 1/1,000,000 */
  ratio: number
  commission_status: string
  commission_status_update_time: number
  commission_fen: number | null
  estimated_commission_fen: number
  pid: string
  spot_name: string
  customize_info: string
  shop_appid: string
  shop_name: string
  source: 'union' | 'store'
  /** Unix seconds; 0 while not confirmed (read from the stored wire order). */
  confirm_receipt_time: number
}

/** The file format this code writes (SyncState.ledgerFormat). */
const LEDGER_FORMAT = 2

// Loaded on first use: the native binding costs every other command's start.
const load = createRequire(import.meta.url)

export class Ledger {
  readonly db: Database.Database
  readonly #get: Database.Statement
  readonly #insert: Database.Statement
  readonly #update: Database.Statement
  readonly #deleteLines: Database.Statement
  readonly #insertLine: Database.Statement

  /** `mustExist`: reading commands (export, report) refuse a missing file instead of creating one. */
  constructor(file: string, options: { mustExist?: boolean } = {}) {
    try {
      const Sqlite = load('better-sqlite3') as typeof Database
      this.db = new Sqlite(file, { fileMustExist: !!options.mustExist })
    } catch (err) {
      const hint = options.mustExist ? ' (run tuike orders sync --ledger FILE first)' : ''
      throw new CliError(`cannot open ledger ${file}: ${(err as Error).message}${hint}`, 2)
    }
    this.db.pragma('busy_timeout = 5000')
    this.db.pragma('journal_mode = WAL')
    this.db.pragma('synchronous = NORMAL')
    this.db.exec(SCHEMA)
    const columns = this.db.prepare('pragma table_info(orders)').all() as { name: string }[]
    // Ledgers written before the successor API have no source column: all of them are union.
    if (!columns.some((c) => c.name === 'source'))
      this.db.exec("alter table orders add column source text not null default 'union'")
    this.db.pragma('foreign_keys = ON')
    this.#convertRatios()
    this.#get = this.db.prepare('select raw, source from orders where order_id = ?')
    this.#insert = this.db.prepare(
      `insert into orders (order_id, pay_time, confirm_receipt_time, shop_appid, shop_name,
        user_nick_name, custom_user_id, raw, first_synced_at, synced_at)
       values (@order_id, @pay_time, @confirm_receipt_time, @shop_appid, @shop_name,
        @user_nick_name, @custom_user_id, @raw, @now, @now)`,
    )
    this.#update = this.db.prepare(
      `update orders set pay_time = @pay_time, confirm_receipt_time = @confirm_receipt_time,
        shop_appid = @shop_appid, shop_name = @shop_name, user_nick_name = @user_nick_name,
        custom_user_id = @custom_user_id, raw = @raw, synced_at = @now where order_id = @order_id`,
    )
    this.#deleteLines = this.db.prepare('delete from order_lines where order_id = ?')
    this.#insertLine = this.db.prepare(
      `insert into order_lines values (@order_id, @line_no, @product_id, @sku_id, @title,
        @product_cnt, @price_fen, @ratio, @commission_status, @commission_status_update_time,
        @commission_fen, @estimated_commission_fen, @profit_sharing_suc_time, @pid, @spot_name,
        @customize_info, @category_str)`,
    )
  }

  /**
   * Format 1 files kept ratios at 1/10,000 (the successor's floored): union lines ×100, store
   * lines read again from the service_ratio of the detail kept in `raw`. Once, in one transaction.
   */
  #convertRatios(): void {
    if ((this.state().ledgerFormat ?? 1) >= LEDGER_FORMAT) return
    this.transaction(() => {
      this.db.exec(`update order_lines set ratio = ratio * 100
        where order_id in (select order_id from orders where source = 'union');
        update order_lines set ratio = coalesce((select json_extract(o.raw,
            '$."' || order_lines.sku_id || '".order_detail.commission_info.service_ratio')
          from orders o where o.order_id = order_lines.order_id), ratio * 100)
        where order_id in (select order_id from orders where source = 'store')`)
      this.setState({ ledgerFormat: LEDGER_FORMAT })
    })
  }

  state(): SyncState {
    const rows = this.db.prepare('select key, value from meta').all() as {
      key: string
      value: string
    }[]
    const m = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value)]))
    return m as SyncState
  }

  setState(patch: Partial<SyncState>): void {
    const put = this.db.prepare(
      'insert into meta (key, value) values (?, ?) on conflict (key) do update set value = excluded.value',
    )
    const del = this.db.prepare('delete from meta where key = ?')
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) del.run(k)
      else put.run(k, JSON.stringify(v))
    }
  }

  /** Insert or replace one order; says whether it was new, changed or already as stored. */
  upsert(order: Order, now: number): UpsertOutcome {
    const raw = JSON.stringify(order)
    const existing = this.#get.get(order.orderId) as { raw: string; source: string } | undefined
    if (existing && existing.source !== 'union')
      throw new CliError(
        `order ${order.orderId} is already in the ledger as a ${existing.source} order`,
        1,
      )
    if (existing?.raw === raw) return 'unchanged'
    const row = {
      order_id: order.orderId,
      pay_time: toInt(order.payTime) ?? 0,
      confirm_receipt_time: toInt(order.confirmReceiptTime) ?? 0,
      shop_appid: order.shopAppid ?? '',
      shop_name: order.shopName ?? '',
      user_nick_name: order.userNickName ?? '',
      custom_user_id: order.customUserId ?? '',
      raw,
      now,
    }
    if (existing) this.#update.run(row)
    else this.#insert.run(row)
    this.#deleteLines.run(order.orderId)
    order.productList.forEach((l, i) => {
      this.#insertLine.run({
        ...lineColumns(order, l, i),
        profit_sharing_suc_time: toInt(l.profitShardingSucTime),
        category_str: l.categoryStr ?? '',
      })
    })
    return existing ? 'updated' : 'new'
  }

  /** Run `fn` in one transaction (the orders of a window and its checkpoint). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)()
  }

  countOrders(where = '', params: unknown[] = []): number {
    return (
      this.db.prepare(`select count(*) as n from orders ${where}`).get(...params) as { n: number }
    ).n
  }

  /** Raw union orders in pay-time order, one at a time (no buffering). */
  *orders(since?: number, until?: number): Generator<Order> {
    const rows = this.db
      .prepare(
        `select raw from orders where pay_time >= ? and pay_time < ? and source = 'union'
         order by pay_time, order_id`,
      )
      .iterate(since ?? 0, until ?? Number.MAX_SAFE_INTEGER) as Iterable<{ raw: string }>
    for (const r of rows) yield JSON.parse(r.raw) as Order
  }

  /** Order lines joined with their order, in pay-time order, one at a time. */
  *lines(since?: number, until?: number): Generator<LedgerLine> {
    yield* this.db
      .prepare(
        `select l.*, o.pay_time, o.shop_appid, o.shop_name, o.source,
           coalesce(cast(json_extract(o.raw, '$.confirmReceiptTime') as integer), 0) as confirm_receipt_time
         from order_lines l
         join orders o using (order_id)
         where o.pay_time >= ? and o.pay_time < ? order by o.pay_time, l.order_id, l.line_no`,
      )
      .iterate(since ?? 0, until ?? Number.MAX_SAFE_INTEGER) as Iterable<LedgerLine>
  }

  close(): void {
    this.db.close()
  }
}

/** A ledger ratio (1/1,000,000) as a percentage with every digit it has: `12.3456%`. */
export function ratioPercent(ratio: number): string {
  return `${ratio / 10_000}%`
}

/** The ledger columns of line `i` of a wire order, read leniently (money in fen). */
export function lineColumns(order: Order, l: Order['productList'][number], i: number) {
  return {
    order_id: order.orderId,
    line_no: i,
    product_id: l.productId,
    sku_id: l.skuId ?? '',
    title: l.title ?? '',
    product_cnt: toInt(l.productCnt) ?? 1,
    price_fen: toFen(l.price) ?? 0,
    ratio: (toInt(l.ratio) ?? 0) * 100,
    commission_status: l.commissionStatus,
    commission_status_update_time: toInt(l.commissionStatusUpdateTime) ?? 0,
    commission_fen: toFen(l.commission),
    estimated_commission_fen: toInt(l.estimatedCommission) ?? 0,
    pid: l.promotionInfo?.promotionSourcePid ?? '',
    spot_name: l.promotionInfo?.promotionSourceName ?? '',
    customize_info: l.customizeInfo ?? order.customizeInfo ?? '',
  }
}
