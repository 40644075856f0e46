/**
 * The catalogue's hot reads, built and compiled once (db/prepared.ts): a page of the whole
 * catalogue in any sort, its count, and the stored wire rows of a page's products (one b-tree
 * leaf a product: product_wire is keyed by pk, migration 025). On SQLite
 * they run straight on better-sqlite3 statements.
 * @module
 */
import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely'
import { isSqlite } from '../db/dialect.ts'
import { prepare } from '../db/prepared.ts'
import type { Database } from '../db/schema.ts'

type Db = Kysely<Database>

/** Sorts (§16 #12): the facet column and direction; ties break on pk in the same direction. */
export const SORTS: Record<
  number,
  { column?: 'min_price' | 'commission_ratio' | 'commission_value' | 'sold'; dir: 'asc' | 'desc' }
> = {
  0: { dir: 'asc' },
  1: { column: 'min_price', dir: 'asc' },
  2: { column: 'min_price', dir: 'desc' },
  3: { column: 'commission_ratio', dir: 'asc' },
  4: { column: 'commission_ratio', dir: 'desc' },
  5: { column: 'commission_value', dir: 'asc' },
  6: { column: 'commission_value', dir: 'desc' },
  7: { column: 'sold', dir: 'asc' },
  8: { column: 'sold', dir: 'desc' },
}

/**
 * A list of pks as one statement parameter (so one prepared statement serves any page): a JSON
 * array for SQLite's json_each, an array literal for PostgreSQL.
 */
function pkList(db: Db): {
  rows: (param: string) => RawBuilder<number>
  param: (pks: number[]) => string
} {
  return isSqlite(db)
    ? { rows: (p) => sql`(select value from json_each(${p}))`, param: (pks) => `[${pks}]` }
    : { rows: (p) => sql`(select unnest(cast(${p} as bigint[])))`, param: (pks) => `{${pks}}` }
}

function wireRowsQuery(db: Db) {
  const list = pkList(db)
  const read = prepare(db, (q, pks: string) =>
    q
      .selectFrom('product_wire')
      .select(['pk', 'wire', 'shop_appid', 'cat1', 'cat2', 'cat3'])
      .where(sql<SqlBool>`pk in ${list.rows(pks)}`),
  )
  return (pks: number[]) => read(list.param(pks))
}

export class CatalogueQueries {
  readonly #db: Db
  readonly #pages = new Map<number, (limit: number, from: number) => Promise<{ pk: number }[]>>()
  readonly #count
  /** The stored wire rows of products `pks`, with their shop and category ids (any order). */
  readonly wireRows: ReturnType<typeof wireRowsQuery>

  constructor(db: Db) {
    this.#db = db
    this.#count = prepare(db, (q) =>
      q.selectFrom('product_facets').select((eb) => eb.fn.countAll<number>().as('n')),
    )
    this.wireRows = wireRowsQuery(db)
  }

  /** How many products the catalogue has. */
  async countAll(): Promise<number> {
    const [row] = await this.#count()
    return Number(row?.n ?? 0)
  }

  /** The pks of one page of the whole catalogue in `sortType` (a SORTS key). */
  async allPage(sortType: number, from: number, limit: number): Promise<number[]> {
    let read = this.#pages.get(sortType)
    if (!read) {
      const sort = SORTS[sortType]!
      read = prepare(this.#db, (q, lim: number, off: number) => {
        let b = q.selectFrom('product_facets as p').select('p.pk')
        if (sort.column) b = b.orderBy(`p.${sort.column}`, sort.dir)
        return b.orderBy('p.pk', sort.dir).limit(lim).offset(off)
      })
      this.#pages.set(sortType, read)
    }
    const rows = await read(limit, from)
    return rows.map((r) => Number(r.pk))
  }
}
