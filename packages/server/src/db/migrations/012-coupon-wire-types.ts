import type { Kysely } from 'kysely'
import { rewriteWire } from '../../services/catalogue-write.ts'
import type { Database } from '../schema.ts'

/**
 * Coupon wire types (issue 14): couponDetail's times are now emitted as Beijing
 * `yyyy-MM-dd HH:mm:ss` strings and its condition and reduction as digit strings. The stored
 * coupon keeps its plain form; only the serialised product_wire of products with a coupon is
 * rewritten, 1,000 at a time.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const d = db as unknown as Kysely<Database>
  const rows = await d.selectFrom('products').select('pk').where('has_coupon', '=', 1).execute()
  const pks = rows.map((r) => Number(r.pk)).sort((a, b) => a - b)
  for (let i = 0; i < pks.length; i += 1000) await rewriteWire(d, pks.slice(i, i + 1000))
}
