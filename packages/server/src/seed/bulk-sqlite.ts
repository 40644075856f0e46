/**
 * The SQLite bulk loader of the demo catalogue: the rows `writeProductRows` would write, written
 * straight through better-sqlite3 with multi-row statements prepared once (Kysely building and
 * compiling each insert cost as much as SQLite storing it), and the title gram postings gathered
 * in memory as the products go by, then appended in (gram, pk) order, the order of
 * product_grams' clustered key: the SQL gram builder sorted ~30 postings a product in a
 * temporary B-tree first, the largest part of a big seed's time.
 * @module
 */
import type { Database as Sqlite, Statement } from 'better-sqlite3'
import { encodePks } from '../services/catalogue-changes.ts'
import {
  FACET_COLUMNS,
  type productRows,
  SKU_COLUMNS,
  WIRE_COLUMNS,
} from '../services/catalogue-write.ts'

type Rows = ReturnType<typeof productRows>

/** SQLite binds at most 32,766 parameters a statement. */
const MAX_PARAMS = 30_000

/** Appends rows of one table with multi-row inserts, prepared once per row count. */
class Inserter {
  private readonly statements = new Map<number, Statement>()
  private readonly perStatement: number

  constructor(
    private readonly sqlite: Sqlite,
    private readonly table: string,
    private readonly columns: readonly string[],
  ) {
    this.perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length))
  }

  /** Insert rows given as one flat list of their column values, in `columns` order. */
  insert(values: unknown[]): void {
    const width = this.columns.length
    const step = this.perStatement * width
    for (let i = 0; i < values.length; i += step) {
      const part = values.length <= step ? values : values.slice(i, i + step)
      this.statement(part.length / width).run(part)
    }
  }

  private statement(n: number): Statement {
    let s = this.statements.get(n)
    if (!s) {
      const one = `(${this.columns.map(() => '?').join(',')})`
      const cols = this.columns.map((c) => `"${c}"`).join(',')
      s = this.sqlite.prepare(
        `insert into "${this.table}" (${cols}) values ${Array(n).fill(one).join(',')}`,
      )
      this.statements.set(n, s)
    }
    return s
  }
}

/** A growable list of pks (a gram's postings, ascending as products are added in pk order). */
class Postings {
  pks = new Int32Array(16)
  length = 0
  push(pk: number): void {
    if (this.length === this.pks.length) {
      const grown = new Int32Array(this.pks.length * 2)
      grown.set(this.pks)
      this.pks = grown
    }
    this.pks[this.length++] = pk
  }
}

/** ASCII A–Z folded, as SQLite's lower() (insertGrams' fold) does. */
function fold(text: string): string {
  return text.replace(/[A-Z]+/g, (s) => s.toLowerCase())
}

/** A chunk of products as the flat column values of each table's multi-row inserts. */
export interface ChunkValues {
  columns: string[]
  products: unknown[]
  facets: unknown[]
  skus: unknown[]
  wire: unknown[]
  pks: number[]
}

/** The insert values of a chunk of new products (ascending pks). */
export function chunkValues(items: Rows[]): ChunkValues {
  const rows = items.map((i) => ({ selected: 0, trade_component: 0, ...i.row }))
  // Every product row has the same keys (productRows builds them in one literal).
  const cols = Object.keys(rows[0]!) as (keyof (typeof rows)[number])[]
  const products: unknown[] = []
  const facets: unknown[] = []
  const skus: unknown[] = []
  const wire: unknown[] = []
  for (const [k, r] of rows.entries()) {
    for (const c of cols) products.push(r[c] ?? null)
    for (const c of FACET_COLUMNS) facets.push(r[c])
    for (const s of items[k]!.skus) {
      skus.push(s.id)
      for (const c of SKU_COLUMNS) skus.push(s[c])
    }
    for (const c of WIRE_COLUMNS) wire.push(c === 'wire' ? items[k]!.wire : r[c])
  }
  return { columns: cols, products, facets, skus, wire, pks: rows.map((r) => r.pk) }
}

/**
 * Writes chunks of new products into an SQLite catalogue whose secondary indexes are dropped,
 * one transaction (and one change-feed row) a chunk.
 */
export class SqliteChunkWriter {
  private products?: Inserter
  private readonly facets: Inserter
  private readonly skus: Inserter
  private readonly wire: Inserter
  private readonly changes: Statement

  constructor(private readonly sqlite: Sqlite) {
    this.facets = new Inserter(sqlite, 'product_facets', FACET_COLUMNS)
    this.skus = new Inserter(sqlite, 'skus', ['id', ...SKU_COLUMNS])
    this.wire = new Inserter(sqlite, 'product_wire', WIRE_COLUMNS)
    this.changes = sqlite.prepare('insert into catalogue_changes (pks) values (?)')
  }

  write(chunk: ChunkValues): void {
    this.products ??= new Inserter(this.sqlite, 'products', chunk.columns)
    this.sqlite.transaction(() => {
      this.products!.insert(chunk.products)
      this.facets.insert(chunk.facets)
      this.skus.insert(chunk.skus)
      this.wire.insert(chunk.wire)
      this.changes.run(encodePks(chunk.pks))
    })()
  }
}

/**
 * The title gram postings of products added in ascending pk order: every distinct 1- and
 * 2-character substring of the folded title (insertGrams' postings), each gram's pks ascending.
 */
export class GramPostings {
  readonly grams = new Map<string, Postings>()

  add(pk: number, title: string): void {
    const chars = [...fold(title)]
    const seen = new Set<string>()
    for (let i = 0; i < chars.length; i++) {
      seen.add(chars[i]!)
      if (i + 1 < chars.length) seen.add(chars[i]! + chars[i + 1]!)
    }
    for (const g of seen) {
      let p = this.grams.get(g)
      if (!p) {
        p = new Postings()
        this.grams.set(g, p)
      }
      p.push(pk)
    }
  }

  /** The postings as transferable arrays: the grams, their lists' ends, and every pk. */
  pack(): { grams: string[]; ends: Int32Array; pks: Int32Array } {
    const grams = [...this.grams.keys()]
    const ends = new Int32Array(grams.length)
    let n = 0
    for (const [i, g] of grams.entries()) {
      n += this.grams.get(g)!.length
      ends[i] = n
    }
    const pks = new Int32Array(n)
    for (const [i, g] of grams.entries()) {
      const p = this.grams.get(g)!
      pks.set(p.pks.subarray(0, p.length), i === 0 ? 0 : ends[i - 1]!)
    }
    return { grams, ends, pks }
  }

  /** Add postings packed by another loader (of other products): each gram's pks stay sorted. */
  merge(packed: { grams: string[]; ends: Int32Array; pks: Int32Array }): void {
    for (const [i, g] of packed.grams.entries()) {
      const theirs = packed.pks.subarray(i === 0 ? 0 : packed.ends[i - 1]!, packed.ends[i]!)
      const mine = this.grams.get(g)
      if (!mine) {
        const p = new Postings()
        p.pks = theirs.slice()
        p.length = theirs.length
        this.grams.set(g, p)
        continue
      }
      const a = mine.pks.subarray(0, mine.length)
      const out = new Int32Array(a.length + theirs.length)
      let x = 0
      let y = 0
      let k = 0
      while (x < a.length && y < theirs.length)
        out[k++] = a[x]! < theirs[y]! ? a[x++]! : theirs[y++]!
      while (x < a.length) out[k++] = a[x++]!
      while (y < theirs.length) out[k++] = theirs[y++]!
      mine.pks = out
      mine.length = out.length
    }
  }

  /**
   * Append the postings in product_grams' key order: grams by their UTF-8 bytes (SQLite's
   * BINARY collation), each gram's pks ascending, a gram's list handed over as one JSON array;
   * then a change row.
   */
  write(sqlite: Sqlite): void {
    const grams = [...this.grams.keys()]
      .map((g) => ({ g, bytes: Buffer.from(g) }))
      .sort((a, b) => Buffer.compare(a.bytes, b.bytes))
    const insert = sqlite.prepare(
      'insert into product_grams (gram, pk) select ?, value from json_each(?)',
    )
    const changes = sqlite.prepare('insert into catalogue_changes (pks) values (?)')
    sqlite.transaction(() => {
      for (const { g } of grams) {
        const p = this.grams.get(g)!
        insert.run(g, `[${p.pks.subarray(0, p.length).join(',')}]`)
      }
      // The grams change keyword answers: a change row after them clears any page cached before.
      changes.run('')
    })()
    this.grams.clear()
  }
}

/** Loads product chunks into an SQLite catalogue whose secondary indexes are dropped. */
export class SqliteBulkLoader {
  private readonly writer: SqliteChunkWriter
  readonly grams = new GramPostings()

  constructor(private readonly sqlite: Sqlite) {
    this.writer = new SqliteChunkWriter(sqlite)
  }

  /** Write a chunk of new products (ascending pks) in one transaction and note their grams. */
  load(items: Rows[]): void {
    this.writer.write(chunkValues(items))
    for (const i of items) this.grams.add(i.row.pk, i.row.title)
  }

  /** Append the gathered postings (of this loader's and merged products) to product_grams. */
  writeGrams(): void {
    this.grams.write(this.sqlite)
  }
}
