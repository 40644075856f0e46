import type { Kysely } from 'kysely'
import { rewriteWire } from '../../services/catalogue-write.ts'
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
      .select('p.pk')
      .where('p.pk', '>', after)
      .where('w.wire', 'like', '%"/img/%')
      .orderBy('p.pk')
      .limit(1000)
      .execute()
    if (rows.length === 0) break
    const pks = rows.map((r) => Number(r.pk))
    await rewriteWire(d, pks)
    after = pks[pks.length - 1]!
  }
}
