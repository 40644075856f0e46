/**
 * Migration 021 on a catalogue written before it: the postings survive (duplicates folded) and
 * every keyword query finds the same products.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { type Kysely, sql } from 'kysely'
import { up as compactGrams } from '../src/db/migrations/021-compact-grams.ts'
import type { Database } from '../src/db/schema.ts'
import { seedCatalogue } from '../src/index.ts'
import { titleMatches } from '../src/services/catalogue.ts'
import { openTestDatabase } from './support.ts'

/** Words of 1, 2, 3 and 4 characters taken from the seeded titles, so each has matches. */
async function wordsOf(db: Kysely<Database>): Promise<string[]> {
  const titles = (
    await db.selectFrom('products').select('title').orderBy('pk').limit(4).execute()
  ).map((r) => [...r.title])
  return titles.map((chars, i) => chars.slice(i, 2 * i + 1).join(''))
}

async function matches(db: Kysely<Database>, words: string[]): Promise<number[][]> {
  const out: number[][] = []
  for (const w of words) {
    const rows = await db
      .selectFrom('products')
      .select('pk')
      .where('pk', 'in', titleMatches(db, w))
      .orderBy('pk')
      .execute()
    out.push(rows.map((r) => Number(r.pk)))
  }
  return out
}

test('021 on SQLite: the old gram table becomes the clustered one with the same answers', async () => {
  const { db, close } = await openTestDatabase('sqlite')
  try {
    await seedCatalogue(db, { products: 300, seed: 5 })
    const postings = await sql<{
      gram: string
      pk: number
    }>`select gram, pk from product_grams order by gram, pk`.execute(db)
    const words = await wordsOf(db)
    const answers = await matches(db, words)
    assert.ok(
      answers.every((pks) => pks.length > 0),
      'every word matches some product',
    )
    // The table as migrations 002-019 left it: a heap with two indexes, and a posting per
    // occurrence (a character twice in a title, twice).
    await sql`drop table product_grams`.execute(db)
    await sql`create table product_grams (gram text not null, pk integer not null)`.execute(db)
    await sql`create index product_grams_gram on product_grams (gram, pk)`.execute(db)
    await sql`create index product_grams_pk on product_grams (pk)`.execute(db)
    for (const r of postings.rows)
      await sql`insert into product_grams (gram, pk) values (${r.gram}, ${r.pk})`.execute(db)
    await sql`insert into product_grams (gram, pk) select gram, pk from product_grams where pk % 7 = 0`.execute(
      db,
    )
    await compactGrams(db as never)
    const after = await sql<{
      gram: string
      pk: number
    }>`select gram, pk from product_grams order by gram, pk`.execute(db)
    assert.deepEqual(after.rows, postings.rows)
    const ddl = await sql<{
      sql: string
    }>`select sql from sqlite_master where name = 'product_grams'`.execute(db)
    assert.match(ddl.rows[0]!.sql, /without rowid/i)
    assert.deepEqual(await matches(db, words), answers)
  } finally {
    await close()
  }
})
