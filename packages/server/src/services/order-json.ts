/**
 * The wire JSON of orders (order/search, order/info), serialised once per order state.
 *
 * An order's lines are a snapshot written with the order and never changed, and its own row
 * changes only in the commission lifecycle (status, status-update time, receipt, settlement).
 * So the serialised order is kept per order id with a stamp of those mutable columns (and the
 * base URL its images are written on): a request reads only the id and those columns of the
 * orders it answers with (STAMP_COLUMNS: turning 200 full rows into JavaScript objects cost more
 * than finding them) and reuses the JSON of every order whose stamp still matches. Only the
 * orders not cached (or changed) cost a read of their rows and lines, one query each for all of
 * them. The stamp comes from the database at every request, so a change made by any process is
 * seen at once; nothing needs invalidating.
 * @module
 */
import type { Order } from '@tuike/contract'
import type { Kysely, Selectable, Transaction } from 'kysely'
import type { Database, OrdersTable } from '../db/schema.ts'
import { orderViews, withImageUrls } from './orders.ts'

type Db = Kysely<Database> | Transaction<Database>
type OrderRow = Selectable<OrdersTable>

/** The columns an order's JSON is stamped with: the order id and everything that can change. */
export const STAMP_COLUMNS = [
  'order_id',
  'commission_status',
  'commission_status_update_time',
  'confirm_receipt_time',
  'profit_sharing_suc_time',
] as const
export type StampRow = Pick<OrderRow, (typeof STAMP_COLUMNS)[number]>

/** Orders kept (about 1 KB each with a line or two): the recent pages of busy promoters. */
const MAX_ORDERS = 20_000

function stampOf(r: StampRow, base: string): string {
  return `${r.commission_status}|${r.commission_status_update_time}|${r.confirm_receipt_time}|${r.profit_sharing_suc_time}|${base}`
}

export class OrderJson {
  readonly #cache = new Map<string, { stamp: string; json: string }>()

  constructor(private readonly max = MAX_ORDERS) {}

  /** The JSON array of the wire orders of `rows`, in their order, images on `base`. */
  async list(db: Db, rows: StampRow[], base: string): Promise<string> {
    const out: string[] = new Array(rows.length)
    const missing: number[] = []
    rows.forEach((r, i) => {
      const hit = this.#cache.get(r.order_id)
      if (hit && hit.stamp === stampOf(r, base)) out[i] = hit.json
      else missing.push(i)
    })
    if (missing.length > 0) {
      const full = await db
        .selectFrom('orders')
        .selectAll()
        .where(
          'order_id',
          'in',
          missing.map((i) => rows[i]!.order_id),
        )
        .execute()
      const byId = new Map(full.map((r) => [r.order_id, r]))
      // A row gone meanwhile (never: orders are not deleted) would shift the views.
      const found = missing.filter((i) => byId.has(rows[i]!.order_id))
      const views = withImageUrls(
        await orderViews(
          db,
          found.map((i) => byId.get(rows[i]!.order_id)!),
        ),
        base,
      )
      views.forEach((view: Order, k) => {
        const r = byId.get(view.orderId)!
        const json = JSON.stringify(view)
        out[found[k]!] = json
        this.#remember(r.order_id, stampOf(r, base), json)
      })
    }
    return `[${out.filter((j) => j !== undefined).join(',')}]`
  }

  #remember(orderId: string, stamp: string, json: string): void {
    // Re-inserted keys move to the end: the first key is the least recently written.
    this.#cache.delete(orderId)
    this.#cache.set(orderId, { stamp, json })
    if (this.#cache.size > this.max) this.#cache.delete(this.#cache.keys().next().value!)
  }
}
