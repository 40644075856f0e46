import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import { seedCatalogue } from '../src/seed/catalogue.ts'
import { DIALECTS, openTestDatabase } from './support.ts'

type Db = Awaited<ReturnType<typeof openTestDatabase>>['db']

/** Postings the facet rows' gram arrays hold that product_grams lacks, and the reverse. */
async function differences(db: Db): Promise<number[]> {
  const { rows } = await sql<{ a: string; b: string }>`select
      (select count(*) from (select g, pk from product_facets, unnest(grams) g
        except select gram, pk from product_grams) x) as a,
      (select count(*) from (select gram, pk from product_grams
        except select g, pk from product_facets, unnest(grams) g) y) as b`.execute(db)
  return [Number(rows[0]!.a), Number(rows[0]!.b)]
}

// Migration 023 is PostgreSQL's (and PGlite's): keyword-index.test.ts checks that the listings
// it serves equal the in-memory index's on every dialect; these check the arrays and the plan.
for (const dialect of DIALECTS.filter((d) => d !== 'sqlite')) {
  describe(`${dialect}: title grams under a GIN index`, () => {
    let database: Awaited<ReturnType<typeof openTestDatabase>>
    before(async () => {
      database = await openTestDatabase(dialect)
      await seedCatalogue(database.db, { products: 200, seed: 4 })
    })
    after(() => database.close())

    test('each facet row holds exactly its product title grams', async () => {
      assert.deepEqual(await differences(database.db), [0, 0])
      const one = await sql<{ grams: string[] }>`select grams from product_facets
        where pk = 1`.execute(database.db)
      assert.ok(one.rows[0]!.grams.length > 5)
    })

    test('a title changed by any writer changes the grams', async () => {
      await database.db
        .updateTable('products')
        .set({ title: 'ABC 新标题' })
        .where('pk', '=', 7)
        .execute()
      const { rows } = await sql<{ grams: string[] }>`select grams from product_facets
        where pk = 7`.execute(database.db)
      assert.deepEqual(
        [...rows[0]!.grams].sort(),
        ['a', 'ab', 'b', 'bc', 'c', 'c ', ' ', ' 新', '新', '新标', '标', '标题', '题'].sort(),
      )
    })

    test('a 2-character keyword is looked up in the GIN index', async () => {
      const plan = await database.db.transaction().execute(async (trx) => {
        await sql`set local enable_seqscan = off`.execute(trx)
        return sql<Record<string, string>>`explain select count(*) from product_facets p
          where p.grams @> array['新款']::text[]`.execute(trx)
      })
      const text = plan.rows.map((r) => Object.values(r)[0]).join('\n')
      assert.match(text, /product_facets_grams/)
    })
  })
}
