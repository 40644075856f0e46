import type { Kysely } from 'kysely'
import { productWire } from '../../services/catalogue.ts'
import type { Database } from '../schema.ts'

/**
 * Catalogue read speed (issue 3 benchmarks).
 *
 * - `product_wire`: each product's wire JSON, serialised at write time (seed, import and
 *   purchases keep it up to date through productRows / rewriteWire), minus category names and
 *   shopInfo, which are
 *   spliced in at read time from their own tables so shop and category edits need no rewrite.
 *   A page is one query by pk list and string concatenation: no JSON.parse of the product's
 *   blobs and no JSON.stringify of the product per request. Existing products are filled here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // A table of its own: in `products` the text doubled the row size and slowed every scan.
  await db.schema
    .createTable('product_wire')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('wire', 'text', (c) => c.notNull())
    .execute()

  // Fill the column for products written before this migration, 1,000 at a time.
  const d = db as unknown as Kysely<Database>
  for (let after = 0; ; ) {
    const rows = await d
      .selectFrom('products')
      .selectAll()
      .where('pk', '>', after)
      .orderBy('pk')
      .limit(1000)
      .execute()
    if (rows.length === 0) break
    const pks = rows.map((r) => Number(r.pk))
    const skus = await d
      .selectFrom('skus')
      .selectAll()
      .where('product_pk', 'in', pks)
      .orderBy('product_pk')
      .orderBy('seq')
      .execute()
    const skusOf = new Map<number, typeof skus>()
    for (const s of skus) {
      const list = skusOf.get(Number(s.product_pk)) ?? []
      list.push(s)
      skusOf.set(Number(s.product_pk), list)
    }
    await d
      .insertInto('product_wire')
      .values(rows.map((r) => ({ id: r.id, wire: productWire(r, skusOf.get(Number(r.pk)) ?? []) })))
      .execute()
    after = pks[pks.length - 1]!
  }
}
