/**
 * The successor API's commission orders in the local ledger (source `store`): one `orders` row
 * per order_id whose `raw` holds each sku's order/get detail, and one line per (order_id, sku_id)
 * in the union's line shape, so `tuike report` and the CSV export cover both APIs. The line's
 * pid and spot are the sharer's appid and nickname; its commission is what the 机构 keeps
 * (`service_amount`), its ratio `service_ratio` as sent (the ledger's scale is 1/1,000,000).
 * @module
 */
import type { StoreCommissionOrder, TuikeClient } from '@tuike/sdk'
import { CliError } from './errors.ts'
import type { Ledger, UpsertOutcome } from './ledger.ts'
import { windows } from './units.ts'

/** Commission status 20 / 100 / 200 as the union's names (the concept map, §14). */
export const STORE_STATUS_NAMES: Record<number, string> = {
  20: 'SETTLEMENT_PENDING',
  100: 'SETTLEMENT_SUCCESS',
  200: 'SETTLEMENT_CANCELED',
}

type Raw = Record<string, StoreCommissionOrder>

function lineOf(o: StoreCommissionOrder, lineNo: number) {
  const d = o.order_detail
  const c = d.commission_info
  return {
    order_id: o.order_id,
    line_no: lineNo,
    product_id: String(d.product_info.product_id),
    sku_id: o.sku_id,
    title: d.product_info.title,
    product_cnt: d.product_info.product_cnt,
    price_fen: d.product_info.actual_payment,
    ratio: c.service_ratio,
    commission_status: STORE_STATUS_NAMES[o.status] ?? String(o.status),
    commission_status_update_time: o.update_time,
    commission_fen: o.status === 100 ? c.service_amount : null,
    estimated_commission_fen: c.service_amount,
    profit_sharing_suc_time: c.profit_sharding_suc_time ?? null,
    pid: c.sharer_info?.sharer_appid ?? '',
    spot_name: c.sharer_info?.nickname ?? '',
    customize_info: '',
    category_str: '',
  }
}

/**
 * Insert or update one commission order. A detail older than the stored one (by update_time)
 * changes nothing, so a stale read never moves a settled line back to pending.
 */
export function upsertStoreOrder(
  ledger: Ledger,
  o: StoreCommissionOrder,
  now: number,
): UpsertOutcome {
  const db = ledger.db
  const row = db.prepare('select raw, source from orders where order_id = ?').get(o.order_id) as
    | { raw: string; source: string }
    | undefined
  if (row && row.source !== 'store')
    throw new CliError(`order ${o.order_id} is already in the ledger as a ${row.source} order`, 1)
  const raw: Raw = row ? JSON.parse(row.raw) : {}
  const before = raw[o.sku_id]
  if (
    before &&
    (before.update_time > o.update_time || JSON.stringify(before) === JSON.stringify(o))
  )
    return 'unchanged'
  raw[o.sku_id] = o
  const info = o.order_detail.order_info
  const cols = {
    order_id: o.order_id,
    pay_time: info.pay_time ?? info.create_time,
    shop_appid: o.order_detail.shop_info.appid,
    shop_name: o.order_detail.shop_info.shop_name,
    raw: JSON.stringify(raw),
    now,
  }
  if (row)
    db.prepare(
      `update orders set pay_time = @pay_time, shop_appid = @shop_appid, shop_name = @shop_name,
        raw = @raw, synced_at = @now where order_id = @order_id`,
    ).run(cols)
  else
    db.prepare(
      `insert into orders (order_id, pay_time, confirm_receipt_time, shop_appid, shop_name,
        user_nick_name, custom_user_id, raw, first_synced_at, synced_at, source)
       values (@order_id, @pay_time, 0, @shop_appid, @shop_name, '', '', @raw, @now, @now, 'store')`,
    ).run(cols)
  const line = db
    .prepare(
      `select line_no, (select coalesce(max(line_no) + 1, 0) from order_lines where order_id = ?) as next
       from (select 1) left join order_lines on order_id = ? and sku_id = ?`,
    )
    .get(o.order_id, o.order_id, o.sku_id) as { line_no: number | null; next: number }
  db.prepare('delete from order_lines where order_id = ? and sku_id = ?').run(o.order_id, o.sku_id)
  db.prepare(
    `insert into order_lines values (@order_id, @line_no, @product_id, @sku_id, @title,
      @product_cnt, @price_fen, @ratio, @commission_status, @commission_status_update_time,
      @commission_fen, @estimated_commission_fen, @profit_sharing_suc_time, @pid, @spot_name,
      @customize_info, @category_str)`,
  ).run(lineOf(o, line.line_no ?? line.next))
  return before ? 'updated' : 'new'
}

export interface StoreSyncOptions {
  ledger: string
  /** First run: update times from here (Unix seconds). */
  since: number
  /** Seconds re-read before the watermark (the platform's indexing lag is unknown). */
  overlap: number
  concurrency: number
  /** Seconds of update time per window; each window is written with its checkpoint. */
  window: number
  full?: boolean
}

export interface StoreSyncSummary {
  ledger: string
  from: number
  until: number
  fetched: number
  new: number
  updated: number
  unchanged: number
  orders: number
}

/**
 * The sync recipe of §8.4, window by window: every (order_id, sku_id) updated in [watermark −
 * overlap, now] through order/list/get, its detail through order/get (bounded concurrency),
 * upserted. Each window is written with its checkpoint (the window's last second) in one
 * transaction, so a run that fails (retries used up under faults, a lost network) keeps the
 * windows it finished and the next run resumes there. A commission order that changes while a
 * window is read moves to a later update time, which a later window or run reads.
 */
export async function syncStore(
  client: TuikeClient,
  ledger: Ledger,
  account: string,
  now: number,
  opts: StoreSyncOptions,
): Promise<StoreSyncSummary> {
  const state = ledger.state()
  if (state.storeAccount && state.storeAccount !== account)
    throw new CliError(
      `${opts.ledger} holds the 机构 ${state.storeAccount}'s orders, not ${account}'s; use another file`,
      2,
    )
  ledger.setState({ storeAccount: account })
  const watermark = opts.full ? undefined : state.storeWatermark
  const from = Math.max(0, watermark === undefined ? opts.since : watermark - opts.overlap)
  const counts: Record<UpsertOutcome, number> = { new: 0, updated: 0, unchanged: 0 }
  let fetched = 0
  // update_time_range is inclusive at both ends: windows [a, b − 1], the last one ending at now.
  for (const [a, b] of windows(from, now + 1, Math.max(1, opts.window))) {
    const range = { update_time_range: { start_time: a, end_time: b - 1 } }
    const details: StoreCommissionOrder[] = []
    for await (const o of client.store.orders.listDetails(range, {
      concurrency: opts.concurrency,
    }))
      details.push(o)
    fetched += details.length
    ledger.transaction(() => {
      for (const o of details) counts[upsertStoreOrder(ledger, o, now)]++
      ledger.setState({ storeWatermark: b - 1 })
    })
  }
  ledger.setState({ lastSyncAt: now })
  return {
    ledger: opts.ledger,
    from,
    until: now,
    fetched,
    ...counts,
    orders: ledger.countOrders("where source = 'store'"),
  }
}
