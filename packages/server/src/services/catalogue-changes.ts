/**
 * The catalogue's change feed (migration 019): every facet write appends the pks it wrote, in
 * commit order, so each process's keyword index (keyword-index.ts) can catch up exactly.
 * @module
 */
import { type Kysely, sql } from 'kysely'
import { isSqlite } from '../db/dialect.ts'
import type { Database } from '../db/schema.ts'

type Db = Kysely<Database>

/** Rows the feed keeps; a reader further behind rebuilds its index. */
const KEPT = 10_000

/** "1-400,405": ascending runs of `pks`. */
export function encodePks(pks: number[]): string {
  const s = [...new Set(pks)].sort((a, b) => a - b)
  const out: string[] = []
  for (let i = 0; i < s.length; ) {
    let j = i
    while (j + 1 < s.length && s[j + 1] === s[j]! + 1) j++
    out.push(i === j ? `${s[i]}` : `${s[i]}-${s[j]}`)
    i = j + 1
  }
  return out.join(',')
}

/** The pks of an encodePks text ('' for a change of no product's facets). */
export function decodePks(text: string): number[] {
  const out: number[] = []
  if (text === '') return out
  for (const run of text.split(',')) {
    const [a, b] = run.split('-').map(Number)
    for (let pk = a!; pk <= (b ?? a!); pk++) out.push(pk)
  }
  return out
}

/**
 * Append `pks` to the feed, in the writer's transaction. On PostgreSQL the table lock orders
 * the sequence by commit (a later seq never becomes visible before an earlier one).
 */
export async function logChanges(db: Db, pks: number[]): Promise<void> {
  if (pks.length > 0) await append(db, encodePks(pks))
}

/**
 * Append a change of no product's facets (shops, categories, gram postings): the keyword
 * indexes have nothing to re-read, but cached pages (catalogue-pages.ts) must go.
 */
export function logCatalogueChange(db: Db): Promise<void> {
  return append(db, '')
}

async function append(db: Db, pks: string): Promise<void> {
  if (!isSqlite(db)) {
    if (!db.isTransaction) return db.transaction().execute((trx) => append(trx, pks))
    await sql`lock table catalogue_changes in exclusive mode`.execute(db)
  }
  const row = await db
    .insertInto('catalogue_changes')
    .values({ pks })
    .returning('seq')
    .executeTakeFirstOrThrow()
  const seq = Number(row.seq)
  if (seq % 1000 === 0) {
    await db
      .deleteFrom('catalogue_changes')
      .where('seq', '<=', seq - KEPT)
      .execute()
  }
}

/** The feed after `seq`, and whether rows after `seq` were pruned (the reader must rebuild). */
export async function changesAfter(
  db: Db,
  seq: number,
): Promise<{ rows: { seq: number; pks: string }[]; pruned: boolean }> {
  const rows = await db
    .selectFrom('catalogue_changes')
    .select(['seq', 'pks'])
    .where('seq', '>', seq)
    .orderBy('seq')
    .execute()
  if (rows.length === 0) return { rows: [], pruned: false }
  const out = rows.map((r) => ({ seq: Number(r.seq), pks: r.pks }))
  if (out[0]!.seq === seq + 1) return { rows: out, pruned: false }
  const lo = await db
    .selectFrom('catalogue_changes')
    .select((eb) => eb.fn.min('seq').as('lo'))
    .executeTakeFirstOrThrow()
  return { rows: out, pruned: Number(lo.lo) > seq + 1 && seq > 0 }
}

/** The feed's last seq (0 when empty). */
export async function lastChange(db: Db): Promise<number> {
  const r = await db
    .selectFrom('catalogue_changes')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .executeTakeFirst()
  return Number(r?.seq ?? 0)
}
