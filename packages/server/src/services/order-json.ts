/**
 * The wire JSON of orders (order/search, order/info), serialised once per order state.
 *
 * An order's lines are a snapshot written with the order and never changed, and its own row
 * changes only in the commission lifecycle (status, status-update time, receipt, settlement).
 * So the serialised order is kept per order id with a stamp of those mutable columns (and the
 * base URL its images are written on): a request still reads the order rows it answers with,
 * and reuses the JSON of every order whose stamp matches the row just read; only the others
 * cost a lines query (one for all of them) and serialisation. The stamp comes from the database
 * at every request, so a change made by any process is seen at once; nothing needs invalidating.
 *
 * The cache is small on purpose (MAX_ORDERS, about ten pages): measured at 5M orders, keeping
 * 20,000 serialised orders made every first-sight request ~5 ms dearer in garbage collection
 * (strings promoted to the old generation, then evicted) than the lines query it saves.
 * @module
 */
import type { Order } from '@tuike/contract'
import type { Kysely, Selectable, Transaction } from 'kysely'
import type { Database, OrdersTable } from '../db/schema.ts'
import { orderViews, withImageUrls } from './orders.ts'

type Db = Kysely<Database> | Transaction<Database>
type OrderRow = Selectable<OrdersTable>

/** Orders kept (about 700 bytes of JSON each with one line): the pages asked for again. */
const MAX_ORDERS = 2_000

function stampOf(r: OrderRow, base: string): string {
  return `${r.commission_status}|${r.commission_status_update_time}|${r.confirm_receipt_time}|${r.profit_sharing_suc_time}|${base}`
}

export class OrderJson {
  readonly #cache = new Map<string, { stamp: string; json: string }>()

  constructor(private readonly max = MAX_ORDERS) {}

  /** The JSON array of the wire orders of `rows`, in their order, images on `base`. */
  async list(db: Db, rows: OrderRow[], base: string): Promise<string> {
    const out: string[] = new Array(rows.length)
    const missing: number[] = []
    rows.forEach((r, i) => {
      const hit = this.#cache.get(r.order_id)
      if (hit && hit.stamp === stampOf(r, base)) out[i] = hit.json
      else missing.push(i)
    })
    if (missing.length > 0) {
      const views = withImageUrls(
        await orderViews(
          db,
          missing.map((i) => rows[i]!),
        ),
        base,
      )
      views.forEach((view: Order, k) => {
        const r = rows[missing[k]!]!
        const json = JSON.stringify(view)
        out[missing[k]!] = json
        this.#remember(r.order_id, stampOf(r, base), json)
      })
    }
    return `[${out.join(',')}]`
  }

  #remember(orderId: string, stamp: string, json: string): void {
    // Re-inserted keys move to the end: the first key is the least recently written.
    this.#cache.delete(orderId)
    this.#cache.set(orderId, { stamp, json })
    if (this.#cache.size > this.max) this.#cache.delete(this.#cache.keys().next().value!)
  }
}
