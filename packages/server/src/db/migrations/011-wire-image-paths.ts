import type { Kysely } from 'kysely'
import { productWire } from '../../services/catalogue.ts'
import type { Database } from '../schema.ts'

/**
 * product_wire marks the image values that hold this server's paths (`/img/…`), which the read
 * path puts on the public URL: response text is no longer rewritten (issue 15 item 10). Stored
 * pieces written before carry such paths unmarked; they are written again, 1,000 at a time.
 * Catalogues with only outside image URLs have no such row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const d = db as unknown as Kysely<Database>
  for (let after = 0; ; ) {
    const rows = await d
      .selectFrom('products as p')
      .innerJoin('product_wire as w', 'w.id', 'p.id')
      .selectAll('p')
      .where('p.pk', '>', after)
      .where('w.wire', 'like', '%"/img/%')
      .orderBy('p.pk')
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
    const ids = rows.map((r) => r.id)
    await d.deleteFrom('product_wire').where('id', 'in', ids).execute()
    await d
      .insertInto('product_wire')
      .values(rows.map((r) => ({ id: r.id, wire: productWire(r, skusOf.get(Number(r.pk)) ?? []) })))
      .execute()
    after = pks[pks.length - 1]!
  }
}
