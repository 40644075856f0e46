/**
 * An in-memory index of the catalogue for product/list's commonest query: a 2-character title
 * keyword (queryType 0) with price, commission, coupon and trade-component filters, in any of
 * the nine sorts, with the exact total. Anything else goes to SQL (services/catalogue.ts).
 *
 * Per product pk it keeps the facet columns in typed arrays and a hash of the folded title; per
 * title bigram, the pks whose title has it (at 1M demo products the broadest 2-character words
 * have ~60k postings). A query scans its gram's postings once, tests the filters on the arrays,
 * counts every match (the total) and keeps the best from+limit in a bounded sorted buffer: no
 * plan depends on how broad the word is, and the broadest word costs a few milliseconds.
 *
 * Exact under writes from any process: every facet write appends its pks to the change feed
 * (catalogue-changes.ts, migration 019) and each query first applies the rows after the last one
 * seen, re-reading those products' facets and titles. A product whose title no longer hashes to
 * the indexed one is "dirty": its postings are ignored and its current title kept and tested
 * directly. Past REBUILD_DIRTY dirty products (or a pruned feed), the index is rebuilt.
 * @module
 */
import { type Expression, type Kysely, type SqlBool, sql } from 'kysely'
import { sqliteHandle } from '../db/open.ts'
import type { Database } from '../db/schema.ts'
import { changesAfter, decodePks, lastChange } from './catalogue-changes.ts'
import { Buckets } from './facet-buckets.ts'
import { Postings } from './postings.ts'

type Db = Kysely<Database>

const PRESENT = 1
const COUPON = 2
const TRADE = 4
const DIRTY = 8

/** Dirty products past which the index is rebuilt (in the background). */
const REBUILD_DIRTY = 50_000
/** Catalogues up to this many products are indexed before the first answer; larger ones in the
 * background, SQL answering meanwhile. */
const INLINE_BUILD_MAX = 200_000
const PAGE = 20_000
/** Largest from+limit kept by bounded insertion; deeper pages sort every match. */
const TOPK_MAX = 2000

/** Query keys the index answers; a query with any other filter set goes to SQL. */
const HANDLED = new Set([
  'from',
  'limit',
  'sortType',
  'query',
  'queryType',
  'minPrice',
  'maxPrice',
  'minCommissionValue',
  'minCommissionRatio',
  'hasCoupon',
  'tradeOnly',
])

/** The query fields the index reads (a subset of CatalogueQuery). */
export interface KeywordQuery {
  from: number
  limit: number
  sortType?: number
  query?: string
  queryType?: number
  minPrice?: number
  maxPrice?: number
  minCommissionValue?: number
  minCommissionRatio?: number
  hasCoupon?: number
  tradeOnly?: boolean
  [k: string]: unknown
}

/** ASCII A–Z folded (as foldAscii in catalogue.ts; repeated to keep this module leaf). */
function fold(s: string): string {
  return s.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32))
}

/** 32-bit FNV-1a of a string's UTF-16 units. */
function hash(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193)
  return h | 0
}

/** Each distinct bigram (of characters, as SQL substr counts them) of a folded title. */
function eachBigram(folded: string, f: (gram: string) => void): void {
  const chars = [...folded]
  const seen = new Set<string>()
  for (let i = 0; i + 1 < chars.length; i++) {
    const g = chars[i]! + chars[i + 1]!
    if (!seen.has(g)) {
      seen.add(g)
      f(g)
    }
  }
}

/** The folded 2-character keyword `q` asks for, or undefined when the index cannot answer. */
function keywordOf(q: KeywordQuery): string | undefined {
  if ((q.queryType ?? 0) !== 0) return undefined
  for (const [k, v] of Object.entries(q)) {
    if (!HANDLED.has(k) && v !== undefined && v !== false) return undefined
  }
  const folded = fold((q.query ?? '').trim())
  return [...folded].length === 2 ? folded : undefined
}

/** The facet columns of one product as read from SQL (null: no facet row). */
interface FacetRow {
  pk: number | string
  min_price: number | null
  commission_ratio: number | null
  commission_value: number | null
  sold: number | null
  has_coupon: number | null
  trade_component: number | null
}

/** Sort columns by sortType (0: pk order). */
const SORT_COLUMN = [
  undefined,
  'price',
  'price',
  'ratio',
  'ratio',
  'value',
  'value',
  'sold',
  'sold',
]
type Column = 'price' | 'ratio' | 'value' | 'sold'
const COLUMNS: Column[] = ['price', 'ratio', 'value', 'sold']

/**
 * One built index: arrays by pk, postings by bigram, dirty titles. Per pk, beside the exact facet
 * values: `code` (the flags in bits 0–3, 64 price buckets in bits 4–9, 64 commission-ratio
 * buckets in bits 10–15), what a query's scan reads of every posting, and an 8-bit bucket per sort
 * column (facet-buckets.ts). Both are set from the exact values whenever those are.
 */
class Snapshot {
  price: Int32Array
  ratio: Int32Array
  value: Int32Array
  sold: Int32Array
  code: Uint16Array
  /** 8-bit buckets of each sort column. */
  rank: Record<Column, Uint8Array>
  titleHash: Int32Array
  postings = new Postings()
  readonly dirty = new Map<number, string>()
  /** The scan's bucket bounds (64 each) and the sorts' (256 each); set once the facets are read. */
  #filter: { price: Buckets; ratio: Buckets } | undefined
  #sort: Record<Column, Buckets> | undefined
  /** A query's matches (reused: queries run one at a time). */
  #hits = new Int32Array(0)
  /** Highest pk the postings were built over. */
  builtMax = 0
  /** Last change-feed row applied. */
  seq = 0

  constructor(capacity: number) {
    this.price = new Int32Array(capacity)
    this.ratio = new Int32Array(capacity)
    this.value = new Int32Array(capacity)
    this.sold = new Int32Array(capacity)
    this.code = new Uint16Array(capacity)
    this.rank = {
      price: new Uint8Array(capacity),
      ratio: new Uint8Array(capacity),
      value: new Uint8Array(capacity),
      sold: new Uint8Array(capacity),
    }
    this.titleHash = new Int32Array(capacity)
  }

  #grow(pk: number): void {
    if (pk < this.code.length) return
    const n = Math.max(pk + 1, Math.ceil(this.code.length * 1.25))
    const grow = <T extends Int32Array | Uint16Array | Uint8Array>(
      a: T,
      make: (n: number) => T,
    ): T => {
      const b = make(n)
      b.set(a)
      return b
    }
    this.price = grow(this.price, (n) => new Int32Array(n))
    this.ratio = grow(this.ratio, (n) => new Int32Array(n))
    this.value = grow(this.value, (n) => new Int32Array(n))
    this.sold = grow(this.sold, (n) => new Int32Array(n))
    this.code = grow(this.code, (n) => new Uint16Array(n))
    for (const c of COLUMNS) this.rank[c] = grow(this.rank[c], (n) => new Uint8Array(n))
    this.titleHash = grow(this.titleHash, (n) => new Int32Array(n))
  }

  setFacets(r: FacetRow): void {
    const pk = Number(r.pk)
    this.#grow(pk)
    const dirty = this.code[pk]! & DIRTY
    if (r.min_price === null) {
      this.code[pk] = dirty
      return
    }
    this.price[pk] = Number(r.min_price)
    this.ratio[pk] = Number(r.commission_ratio)
    this.value[pk] = Number(r.commission_value)
    this.sold[pk] = Number(r.sold)
    this.code[pk] =
      PRESENT |
      (Number(r.has_coupon) === 1 ? COUPON : 0) |
      (Number(r.trade_component) === 1 ? TRADE : 0) |
      dirty
    this.#bucket(pk)
  }

  /** Choose the bucket bounds from the facets read so far and bucket every product. */
  bucketAll(): void {
    const present = (pk: number) => (this.code[pk]! & PRESENT) !== 0
    this.#filter = {
      price: Buckets.of(this.price, present, 64),
      ratio: Buckets.of(this.ratio, present, 64),
    }
    this.#sort = {
      price: Buckets.of(this.price, present, 256),
      ratio: Buckets.of(this.ratio, present, 256),
      value: Buckets.of(this.value, present, 256),
      sold: Buckets.of(this.sold, present, 256),
    }
    for (let pk = 0; pk < this.code.length; pk++) if (present(pk)) this.#bucket(pk)
  }

  /** Set pk's buckets from its exact values (before bucketAll: nothing to set). */
  #bucket(pk: number): void {
    const filter = this.#filter
    const sort = this.#sort
    if (!filter || !sort) return
    this.code[pk] =
      (this.code[pk]! & 15) |
      (filter.price.of(this.price[pk]!) << 4) |
      (filter.ratio.of(this.ratio[pk]!) << 10)
    for (const c of COLUMNS) this.rank[c][pk] = sort[c].of(this[c][pk]!)
  }

  /** Record a product's current title: dirty unless its postings already describe it. */
  setTitle(pk: number, title: string | null): void {
    this.#grow(pk)
    const folded = title === null ? '' : fold(title)
    if (title !== null && pk <= this.builtMax && hash(folded) === this.titleHash[pk]) {
      this.code[pk] = this.code[pk]! & ~DIRTY
      this.dirty.delete(pk)
    } else {
      this.code[pk] = this.code[pk]! | DIRTY
      this.dirty.set(pk, folded)
    }
  }

  /** The pks of one page of `q` (keyword `gram`) in order, and the total. */
  query(gram: string, q: KeywordQuery): { pks: number[]; total: number } {
    const hits = this.#matches(gram, q)
    const sortType = q.sortType !== undefined && q.sortType >= 0 && q.sortType <= 8 ? q.sortType : 0
    const column = SORT_COLUMN[sortType] as Column | undefined
    const key = column && this[column]
    const desc = sortType > 0 && sortType % 2 === 0
    const k = q.from + q.limit
    if (k > TOPK_MAX && k < hits.length) {
      // A deep page: sort every match.
      const sign = desc ? -1 : 1
      hits.sort((a, b) => sign * ((key ? key[a]! - key[b]! : 0) || a - b))
      return { pks: Array.from(hits.subarray(q.from, k)), total: hits.length }
    }
    const top = new TopK(Math.min(k, hits.length), desc)
    if (!key || !column) {
      for (let i = 0; i < hits.length; i++) top.offer(0, hits[i]!)
    } else {
      // A match whose bucket is worse than the k-th best's cannot enter: its exact key is not
      // read (most matches, once the buffer is full).
      const rank = this.rank[column]
      let worst = desc ? -1 : 256
      for (let i = 0; i < hits.length; i++) {
        const pk = hits[i]!
        const b = rank[pk]!
        if (desc ? b < worst : b > worst) continue
        if (top.offer(key[pk]!, pk)) worst = rank[top.worst()]!
      }
    }
    return { pks: top.sorted().slice(q.from), total: hits.length }
  }

  /** Every pk matching `q` (keyword `gram`): ascending, then the dirty ones. */
  #matches(gram: string, q: KeywordQuery): Int32Array {
    const post = this.postings.get(gram)
    if (this.#hits.length < post.length + this.dirty.size)
      this.#hits = new Int32Array(post.length + this.dirty.size)
    const out = this.#hits
    const need = PRESENT | (q.hasCoupon === 1 ? COUPON : 0) | (q.tradeOnly ? TRADE : 0)
    const lo = q.minPrice ?? -Infinity
    const hi = q.maxPrice ?? Infinity
    const minValue = q.minCommissionValue ?? -Infinity
    const minRatio = q.minCommissionRatio ?? -Infinity
    const { code, price, value, ratio } = this
    let n = 0
    const filter = this.#filter
    if (filter) {
      // In buckets: below `pLo` or above `pHi` fails, strictly between passes, and `pLoX` /
      // `pHiX` (a bucket holding a bound; -1 for none) are tested on the exact price. Likewise
      // the ratio's lower bound. Buckets bound below -2^31, so an absent bound is bucket 0.
      const pLo = lo === -Infinity ? 0 : filter.price.of(lo)
      const pLoX = lo === -Infinity || filter.price.startsAt(lo) ? -1 : pLo
      const pHi = hi === Infinity ? 63 : filter.price.of(hi)
      const pHiX = hi === Infinity ? -1 : pHi
      const rLo = minRatio === -Infinity ? 0 : filter.ratio.of(minRatio)
      const rLoX = minRatio === -Infinity || filter.ratio.startsAt(minRatio) ? -1 : rLo
      const byValue = minValue !== -Infinity
      const mask = need | DIRTY
      for (let i = 0; i < post.length; i++) {
        const pk = post[i]!
        const c = code[pk]!
        if ((c & mask) !== need) continue
        const pb = (c >>> 4) & 63
        if (pb < pLo || pb > pHi) continue
        if ((pb === pLoX || pb === pHiX) && !(price[pk]! >= lo && price[pk]! <= hi)) continue
        const rb = c >>> 10
        if (rb < rLo || (rb === rLoX && ratio[pk]! < minRatio)) continue
        if (byValue && value[pk]! < minValue) continue
        out[n++] = pk
      }
    } else {
      for (let i = 0; i < post.length; i++) {
        const pk = post[i]!
        if ((code[pk]! & (need | DIRTY)) !== need) continue
        const p = price[pk]!
        if (p >= lo && p <= hi && value[pk]! >= minValue && ratio[pk]! >= minRatio) out[n++] = pk
      }
    }
    for (const [pk, title] of this.dirty) {
      if ((code[pk]! & need) !== need || !title.includes(gram)) continue
      const p = price[pk]!
      if (p >= lo && p <= hi && value[pk]! >= minValue && ratio[pk]! >= minRatio) out[n++] = pk
    }
    return out.subarray(0, n)
  }
}

/**
 * The best `k` of a stream of (key, pk), ascending by key then pk (or both descending): a sorted
 * buffer with binary insertion, which rejects most candidates with one comparison.
 */
class TopK {
  readonly #keys: Float64Array
  readonly #pks: Float64Array
  #n = 0
  readonly #sign: number
  constructor(
    readonly k: number,
    desc: boolean,
  ) {
    this.#keys = new Float64Array(k)
    this.#pks = new Float64Array(k)
    this.#sign = desc ? -1 : 1
  }

  /** Offer a candidate; true when the buffer is full afterwards (worst() is then the k-th). */
  offer(key: number, pk: number): boolean {
    const a = key * this.#sign
    const b = pk * this.#sign
    const keys = this.#keys
    const pks = this.#pks
    let n = this.#n
    if (n === this.k) {
      const last = keys[n - 1]!
      if (a > last || (a === last && b > pks[n - 1]!)) return true
      n--
    }
    let l = 0
    let h = n
    while (l < h) {
      const m = (l + h) >> 1
      if (keys[m]! < a || (keys[m] === a && pks[m]! < b)) l = m + 1
      else h = m
    }
    keys.copyWithin(l + 1, l, n)
    pks.copyWithin(l + 1, l, n)
    keys[l] = a
    pks[l] = b
    this.#n = n + 1
    return this.#n === this.k
  }

  /** The pk of the worst candidate kept. */
  worst(): number {
    return this.#pks[this.#n - 1]! * this.#sign
  }

  /** The pks kept, best first. */
  sorted(): number[] {
    return Array.from(this.#pks.subarray(0, this.#n), (p) => p * this.#sign)
  }
}

/** Page cache (KiB) a build reads the catalogue through. */
const BUILD_CACHE_KIB = 2048

/**
 * Run `f` (a build) with SQLite's page cache held at BUILD_CACHE_KIB. A build reads every
 * product's title: through the server's page cache (db/open.ts, 64 MiB then) that filled it
 * with pages no query wants, ~80 MB of RSS at 1M products that freeing the pages afterwards did
 * not give back (the allocator keeps it). Queries run meanwhile read through the small cache too.
 */
async function smallCache<T>(db: Db, f: () => Promise<T>): Promise<T> {
  const sqlite = sqliteHandle(db)
  if (!sqlite) return f()
  const size = sqlite.pragma('cache_size', { simple: true }) as number
  sqlite.pragma(`cache_size = ${-BUILD_CACHE_KIB}`)
  try {
    return await f()
  } finally {
    if (sqlite.open) sqlite.pragma(`cache_size = ${size}`)
  }
}

/** Build a snapshot from the database (two passes over the titles: count, then fill). */
async function build(db: Db): Promise<Snapshot> {
  const seq = await lastChange(db)
  const max = await db
    .selectFrom('products')
    .select((eb) => eb.fn.max('pk').as('pk'))
    .executeTakeFirst()
  const builtMax = Number(max?.pk ?? 0)
  const s = new Snapshot(builtMax + 1)
  s.seq = seq
  s.builtMax = builtMax
  await eachRow(
    (after) =>
      db
        .selectFrom('product_facets')
        .select(['pk', 'min_price', 'commission_ratio', 'commission_value', 'sold'])
        .select(['has_coupon', 'trade_component'])
        .where(pkPage(after, builtMax))
        .orderBy('pk')
        .limit(PAGE)
        .execute(),
    (r) => s.setFacets(r),
  )
  s.bucketAll()
  // Titles come in pk order, so each gram's postings are ascending (Postings' delta varints).
  const postings = new Postings()
  await eachTitle(db, builtMax, (pk, folded) => {
    s.titleHash[pk] = hash(folded)
    eachBigram(folded, (g) => postings.plan(g, pk))
  })
  postings.allocate()
  await eachTitle(db, builtMax, (pk, folded) => {
    // A title changed between the passes is dirty: tested by its text, its postings left out.
    if (hash(folded) !== s.titleHash[pk]) s.setTitle(pk, folded)
    else eachBigram(folded, (g) => postings.add(g, pk))
  })
  s.postings = postings
  return s
}

async function eachTitle(
  db: Db,
  builtMax: number,
  f: (pk: number, folded: string) => void,
): Promise<void> {
  await eachRow(
    (after) =>
      db
        .selectFrom('products')
        .select(['pk', 'title'])
        .where(pkPage(after, builtMax))
        .orderBy('pk')
        .limit(PAGE)
        .execute(),
    (r) => f(Number(r.pk), fold(r.title)),
  )
}

/** The pks of the page after `after`, up to the snapshot's `builtMax`. */
function pkPage(after: number, builtMax: number): Expression<SqlBool> {
  return sql<SqlBool>`pk > ${after} and pk <= ${builtMax}`
}

/** Each row of the pages `page(after)` reads in pk order, PAGE rows at a time. */
async function eachRow<R extends { pk: number | string }>(
  page: (after: number) => Promise<R[]>,
  each: (row: R) => void,
): Promise<void> {
  for (let after = 0; ; ) {
    const rows = await page(after)
    for (const r of rows) each(r)
    if (rows.length < PAGE) break
    after = Number(rows.at(-1)!.pk)
  }
}

/** Re-read the facets and titles of `pks` into `s`. */
async function apply(db: Db, s: Snapshot, pks: number[]): Promise<void> {
  for (let i = 0; i < pks.length; i += 500) {
    const part = pks.slice(i, i + 500)
    const rows = await db
      .selectFrom('products as p')
      .leftJoin('product_facets as f', 'f.pk', 'p.pk')
      .select(['p.pk', 'p.title', 'f.min_price', 'f.commission_ratio', 'f.commission_value'])
      .select(['f.sold', 'f.has_coupon', 'f.trade_component'])
      .where('p.pk', 'in', part)
      .execute()
    const seen = new Set<number>()
    for (const r of rows) {
      const pk = Number(r.pk)
      seen.add(pk)
      s.setFacets(r)
      s.setTitle(pk, r.title)
    }
    // A product gone from the catalogue matches nothing.
    for (const pk of part) {
      if (!seen.has(pk)) s.setFacets({ pk, min_price: null } as FacetRow)
    }
  }
}

/** The index of one process: built on first use, caught up with the change feed per query. */
export class KeywordIndex {
  readonly #db: Db
  #snapshot: Snapshot | undefined
  #building: Promise<Snapshot> | undefined
  #syncing: Promise<void> | undefined
  #queued: Promise<void> | undefined

  constructor(db: Db) {
    this.#db = db
  }

  /** Build now (or return the build under way); resolves when the index answers. */
  async warm(): Promise<void> {
    await this.#build()
  }

  /**
   * Start building in the background when the catalogue is too large to index on its first
   * keyword query (a server at start); `ready` hears how long it took.
   */
  async warmIfLarge(ready: (info: { products: number; ms: number }) => void): Promise<void> {
    if (await this.#small()) return
    const started = performance.now()
    const s = await this.#build()
    ready({ products: s.builtMax, ms: Math.round(performance.now() - started) })
  }

  /**
   * One page of `q` and its exact total, or undefined when the index does not answer this query
   * (another shape, or the index is still being built for a large catalogue). `seq`: the change
   * feed's last seq, read by the caller before this call (catalogue-pages.ts): when the index has
   * applied the feed that far, it answers without reading the feed again.
   */
  async page(q: KeywordQuery, seq?: number): Promise<{ pks: number[]; total: number } | undefined> {
    const gram = keywordOf(q)
    if (gram === undefined) return undefined
    if (!this.#snapshot) {
      // A failed build leaves the query to SQL (and the next query tries again).
      const building = this.#build().catch(() => undefined)
      if (!(await this.#small())) return undefined
      await building
    }
    if (seq === undefined || !this.#snapshot || this.#snapshot.seq < seq) await this.#sync()
    return this.#snapshot?.query(gram, q)
  }

  /** Build a snapshot and make it current once caught up (the build under way, if any). */
  #build(): Promise<Snapshot> {
    this.#building ??= smallCache(this.#db, () => build(this.#db)).then(
      async (s) => {
        this.#building = undefined
        const { rows, pruned } = await changesAfter(this.#db, s.seq)
        if (pruned) throw new Error('the catalogue changed faster than the index could be built')
        await apply(this.#db, s, [...new Set(rows.flatMap((r) => decodePks(r.pks)))])
        if (rows.length) s.seq = rows.at(-1)!.seq
        this.#snapshot = s
        return s
      },
      (e: unknown) => {
        this.#building = undefined
        throw e
      },
    )
    return this.#building
  }

  async #small(): Promise<boolean> {
    const r = await this.#db
      .selectFrom('products')
      .select((eb) => eb.fn.max('pk').as('pk'))
      .executeTakeFirst()
    return Number(r?.pk ?? 0) <= INLINE_BUILD_MAX
  }

  /**
   * Apply the feed up to now. A call made while a catch-up runs waits for the next one, which
   * starts after it (so it sees every write committed before the call).
   */
  #sync(): Promise<void> {
    if (!this.#syncing) {
      this.#syncing = this.#catchUp().finally(() => {
        this.#syncing = undefined
      })
      return this.#syncing
    }
    this.#queued ??= this.#syncing.then(() => {
      this.#queued = undefined
      return this.#sync()
    })
    return this.#queued
  }

  async #catchUp(): Promise<void> {
    const s = this.#snapshot
    if (!s) return
    const { rows, pruned } = await changesAfter(this.#db, s.seq)
    if (pruned) {
      // Too far behind to catch up: SQL answers until a new snapshot is built.
      this.#snapshot = undefined
      this.#build().catch(() => {})
      return
    }
    if (rows.length === 0) {
      if (this.#snapshot && this.#snapshot !== s) return this.#catchUp()
      return
    }
    await apply(this.#db, s, [...new Set(rows.flatMap((r) => decodePks(r.pks)))])
    s.seq = rows.at(-1)!.seq
    // A rebuilt snapshot took over meanwhile: it was caught up before this call, maybe not since.
    if (this.#snapshot && this.#snapshot !== s) return this.#catchUp()
    // Rebuild in the background; the current snapshot stays exact meanwhile.
    if (s.dirty.size > REBUILD_DIRTY) this.#build().catch(() => {})
  }
}
