import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import { openDatabase } from '../src/db/open.ts'
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
    const key = t === 'skus' ? 'id' : 'pk'
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

type Open = Awaited<ReturnType<typeof openTestDatabase>>

/** A migrated SQLite database in a file of its own (worker threads open it too). */
async function openSqliteFile(): Promise<Open> {
  const dir = mkdtempSync(join(tmpdir(), 'tuike-seed-'))
  const database = await openDatabase(`sqlite:${join(dir, 'seed.db')}`)
  return {
    ...database,
    async close() {
      await database.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

const CASES: {
  name: string
  dialect: string
  open: () => Promise<Open>
  bulk: object
  workers: number
}[] = [
  ...DIALECTS.map((dialect) => ({
    name: `${dialect}: the bulk seed`,
    dialect,
    open: () => openTestDatabase(dialect),
    bulk: {},
    workers: 0,
  })),
  {
    // 5 chunks, taken in turns by two worker threads writing through their own connections.
    name: 'sqlite file: the bulk seed on two worker threads',
    dialect: 'sqlite',
    open: openSqliteFile,
    bulk: { chunk: 64, workers: 2 },
    workers: 2,
  },
]

for (const { name, dialect, open, bulk: bulkOptions, workers } of CASES) {
  describe(name, () => {
    let bulk: Open
    let rows: Open
    let threads: number
    const progress: [number, string][] = []
    before(async () => {
      bulk = await open()
      rows = await openTestDatabase(dialect as (typeof DIALECTS)[number])
      const r = await seedCatalogue(bulk.db, {
        products: N,
        seed: SEED,
        bulk: true,
        ...bulkOptions,
        onProgress: (done, total, phase) => {
          assert.equal(total, N)
          progress.push([done, phase])
        },
      })
      threads = r.workers
      await seedCatalogue(rows.db, { products: N, seed: SEED, bulk: false })
    })
    after(async () => {
      await bulk.close()
      await rows.close()
    })

    test('writes the same products, facets, SKUs, wire JSON and gram postings as row by row', async () => {
      assert.equal(threads, workers, 'worker threads')
      const a = await contents(bulk.db)
      const b = await contents(rows.db)
      assert.equal((a.products as unknown[]).length, N)
      for (const key of Object.keys(b)) assert.deepEqual(a[key], b[key], key)
    })

    test('reports progress through the load and through the index steps after it, up to the total', () => {
      for (const phase of ['products', 'indexes']) {
        const done = progress.filter(([, p]) => p === phase).map(([d]) => d)
        assert.ok(done.length >= (phase === 'indexes' ? 3 : 1), phase)
        assert.deepEqual(
          done,
          [...done].sort((x, y) => x - y),
          `${phase} only grows`,
        )
        assert.equal(done.at(-1), N, phase)
      }
      assert.deepEqual(progress.at(-1), [N, 'indexes'])
    })

    test('rebuilds every index it dropped', async () => {
      assert.deepEqual(await indexes(bulk.db, dialect), await indexes(rows.db, dialect))
    })

    test('logs every product to the change feed', async () => {
      const feed = await bulk.db
        .selectFrom('catalogue_changes')
        .select('pks')
        .orderBy('seq')
        .execute()
      // In pk order: the chunks were written one after the other, whichever thread made them.
      const pks = feed.flatMap((r) => decodePks(r.pks))
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

test("a worker thread failing mid-load fails the seed with that worker's error", async () => {
  const database = await openSqliteFile()
  try {
    // Chunk 3 of 64 products (the second worker's second) cannot be written.
    await sql`create trigger fail_seed before insert on products when new.pk = 200
      begin select raise(abort, 'injected failure'); end`.execute(database.db)
    await assert.rejects(
      seedCatalogue(database.db, { products: N, seed: SEED, bulk: true, chunk: 64, workers: 2 }),
      /injected failure/,
    )
  } finally {
    await database.close()
  }
})
