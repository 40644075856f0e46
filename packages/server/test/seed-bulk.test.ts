import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import { seedCatalogue } from '../src/seed/catalogue.ts'
import { decodePks } from '../src/services/catalogue-changes.ts'
import { DIALECTS, openTestDatabase } from './support.ts'

const N = 300
const SEED = 11
const TABLES = ['products', 'product_facets', 'skus', 'product_wire'] as const
type Db = Awaited<ReturnType<typeof openTestDatabase>>['db']

/** Every row of the catalogue tables in key order, and the distinct gram postings. */
async function contents(db: Db) {
  const out: Record<string, unknown[]> = {}
  for (const t of TABLES) {
    const key = t === 'skus' || t === 'product_wire' ? 'id' : 'pk'
    out[t] = await db.selectFrom(t).selectAll().orderBy(key).execute()
  }
  out.grams = (
    await sql<{ gram: string; pk: number }>`select distinct gram, pk from product_grams
      order by gram, pk`.execute(db)
  ).rows.map((r) => `${r.gram}\u0000${Number(r.pk)}`)
  return out
}

/** The index names of the catalogue tables. */
async function indexes(db: Db, dialect: string): Promise<string[]> {
  const rows =
    dialect === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'index'
          and tbl_name in ('products', 'product_facets', 'product_grams', 'skus')`.execute(db)
      : await sql<{ name: string }>`select indexname as name from pg_indexes
          where schemaname = current_schema()
          and tablename in ('products', 'product_facets', 'product_grams', 'skus')`.execute(db)
  return rows.rows.map((r) => r.name).sort()
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: the bulk seed`, () => {
    let bulk: Awaited<ReturnType<typeof openTestDatabase>>
    let rows: Awaited<ReturnType<typeof openTestDatabase>>
    before(async () => {
      bulk = await openTestDatabase(dialect)
      rows = await openTestDatabase(dialect)
      await seedCatalogue(bulk.db, { products: N, seed: SEED, bulk: true })
      await seedCatalogue(rows.db, { products: N, seed: SEED, bulk: false })
    })
    after(async () => {
      await bulk.close()
      await rows.close()
    })

    test('writes the same products, facets, SKUs, wire JSON and gram postings as row by row', async () => {
      const a = await contents(bulk.db)
      const b = await contents(rows.db)
      assert.equal((a.products as unknown[]).length, N)
      for (const key of Object.keys(b)) assert.deepEqual(a[key], b[key], key)
    })

    test('rebuilds every index it dropped', async () => {
      assert.deepEqual(await indexes(bulk.db, dialect), await indexes(rows.db, dialect))
    })

    test('logs every product to the change feed', async () => {
      const feed = await bulk.db.selectFrom('catalogue_changes').select('pks').execute()
      const pks = feed.flatMap((r) => decodePks(r.pks)).sort((x, y) => x - y)
      assert.deepEqual(
        pks,
        Array.from({ length: N }, (_, i) => i + 1),
      )
    })

    test('logs a change after the last title grams, so no server keeps a page from before them', async () => {
      for (const db of [bulk.db, rows.db]) {
        const last = await db
          .selectFrom('catalogue_changes')
          .select('pks')
          .orderBy('seq', 'desc')
          .executeTakeFirstOrThrow()
        assert.deepEqual(decodePks(last.pks), [])
      }
    })
  })
}
