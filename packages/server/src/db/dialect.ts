/**
 * Every SQL difference between SQLite and PostgreSQL, in one place (as Kysely keeps them in its
 * adapters): services and seeds ask this module instead of checking the dialect themselves.
 * @module
 */
import { type Kysely, type SqlBool, SqliteAdapter, sql } from 'kysely'
import type { Database } from './schema.ts'

type Db = Kysely<Database>

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
const LOWER = 'abcdefghijklmnopqrstuvwxyz'

/** True when `db` runs on SQLite . */
export function isSqlite(db: Db): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter
}

/** The SQL that folds ASCII A–Z of a text column: SQLite's lower() folds ASCII only. */
export function foldSql(db: Db, column: string) {
  return isSqlite(db)
    ? sql`lower(${sql.ref(column)})`
    : sql`translate(${sql.ref(column)}, ${sql.lit(UPPER)}, ${sql.lit(LOWER)})`
}

/** The 1-based position of `needle` in `haystack`, 0 when absent. */
export function strpos(db: Db, haystack: ReturnType<typeof sql>, needle: string) {
  return isSqlite(db) ? sql`instr(${haystack}, ${needle})` : sql`strpos(${haystack}, ${needle})`
}

/**
 * Insert the gram postings (every 1- and 2-character substring of the folded `textCol`) of the
 * rows of `table` matching `where` into `target`. SQLite has no lateral join: it walks a
 * recursive series up to the longest text instead, and writes each posting once, in key order
 * (product_grams is clustered on (gram, pk) there, migration 021: a sorted append).
 */
export async function insertGrams(
  db: Db,
  table: 'products' | 'shops',
  key: string,
  textCol: string,
  target: 'product_grams' | 'shop_grams',
  targetKey: string,
  where: ReturnType<typeof sql>,
): Promise<void> {
  const t = sql.table(table)
  const k = sql.ref(`p.${key}`)
  const text = foldSql(db, `p.${textCol}`)
  const into = sql`insert into ${sql.table(target)} (gram, ${sql.ref(targetKey)})`
  if (isSqlite(db)) {
    const max = await sql<{
      n: number | null
    }>`select max(length(${sql.ref(textCol)})) as n from ${t} as p where ${where}`.execute(db)
    const n = Number(max.rows[0]?.n ?? 0)
    if (n === 0) return
    await sql`${into}
      with recursive n(i) as (select 1 union all select i + 1 from n where i < ${n})
      select substr(${text}, n.i, 1), ${k} from ${t} as p join n on n.i <= length(${sql.ref(`p.${textCol}`)}) where ${where}
      union
      select substr(${text}, n.i, 2), ${k} from ${t} as p join n on n.i < length(${sql.ref(`p.${textCol}`)}) where ${where}
      order by 1, 2`.execute(db)
    return
  }
  await sql`${into}
    select substr(${text}, n.i, 1), ${k} from ${t} as p
      cross join lateral generate_series(1, char_length(${sql.ref(`p.${textCol}`)})) as n(i) where ${where}
    union all
    select substr(${text}, n.i, 2), ${k} from ${t} as p
      cross join lateral generate_series(1, char_length(${sql.ref(`p.${textCol}`)}) - 1) as n(i) where ${where}`.execute(
    db,
  )
}

/**
 * PostgreSQL: the condition on a product_facets row (alias `p`) that its title contains the
 * folded 1- or 2-character `gram`, served by the GIN index over its gram array (migration 023).
 * SQLite has no such column: undefined, and the caller looks the gram up in product_grams.
 */
export function gramArrayMatch(db: Db, gram: string) {
  return isSqlite(db) ? undefined : sql<SqlBool>`p.grams @> array[${gram}]::text[]`
}
