/**
 * The union catalogue (union-api.md §4–§6): top-level categories, product/list with every filter
 * and sort of §5, product/select over the 精选 pool, and the write paths shared by the demo seed
 * and the operator import.
 *
 * Keyword search uses the gram postings of migration 002 (`product_grams`, `shop_grams`): a
 * query of 1–2 characters is one indexed lookup of its gram; a longer one intersects the
 * postings of its bigrams and verifies the substring on the candidates. Matching folds ASCII
 * A–Z only, identically in SQL on both dialects and in JS.
 *
 * Sorts (§16 #12): 0 catalogue order (pk ascending); 1/2 price ↑/↓; 3/4 commission ratio ↑/↓;
 * 5/6 commission value ↑/↓; 7/8 sales (totalSoldNum) ↑/↓; anything else falls back to 0. Ties
 * break on pk in the sort's direction, so every order is total and paging from 0 to total
 * returns each matching product exactly once.
 * @module
 */
import type { ProductListQuery } from '@tuike/contract'
import {
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type SelectQueryBuilder,
  type SqlBool,
  sql,
} from 'kysely'
import type { z } from 'zod'
import { foldSql, gramArrayMatch, isSqlite, strpos } from '../db/dialect.ts'
import type { Database, ProductFacetsTable, SkusTable } from '../db/schema.ts'
import type { Logger } from '../log.ts'
import { PageCache } from './catalogue-pages.ts'
import { CatalogueQueries, SORTS } from './catalogue-queries.ts'
import { CatalogueSplices, pathKey } from './catalogue-splices.ts'
import {
  categoryOf,
  composeWire,
  missingShop,
  shopInfo,
  toWire,
  type UnionProductOut,
} from './catalogue-wire.ts'
import type { StoredCoupon } from './coupon.ts'
import { KeywordIndex } from './keyword-index.ts'

/**
 * The parsed product/list (or select) query, plus the 精选 switch and the trade-component switch
 * (open_product/list, whose query is product/list's minus the coupon and shipping filters).
 */
export type CatalogueQuery = z.output<typeof ProductListQuery> & {
  selectedOnly?: boolean
  tradeOnly?: boolean
}
export type { UnionProductOut }

/** brandId meaning "no brand" in WeChat's examples. */
export const NO_BRAND_ID = '2100000000'

/** Fold ASCII A–Z to lower case (what the gram tables and the SQL verification do). */
export function foldAscii(s: string): string {
  return s.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32))
}

/** Distinct bigrams of a folded query (at most 8, spread over it: enough to be selective). */
function bigramsOf(chars: string[]): string[] {
  const all = [...new Set(chars.slice(0, -1).map((c, i) => c + chars[i + 1]))]
  if (all.length <= 8) return all
  return Array.from({ length: 8 }, (_, k) => all[Math.round((k * (all.length - 1)) / 7)]!)
}

/** Commission value in fen: minPrice × ratio / 10000, rounded half up. */
export function commissionValue(minPrice: number, ratio: number): number {
  return Math.floor((minPrice * ratio + 5000) / 10000)
}

/** Price after the coupon: reduction coupons subtract discountFee, discount coupons scale. */
export function priceAfterCoupon(minPrice: number, coupon: StoredCoupon | null): number {
  if (!coupon) return minPrice
  const d = coupon.discountInfo
  if (d.discountCondition.productPrice > minPrice) return minPrice
  if (d.discountFee !== undefined) return Math.max(0, minPrice - d.discountFee)
  if (d.discountNum !== undefined) return Math.floor((minPrice * d.discountNum + 5000) / 10000)
  return minPrice
}

/** Conditions are on `product_facets as p` (migration 010), never on the wide products rows. */
type PEB = ExpressionBuilder<Database & { p: ProductFacetsTable }, 'p'>

const TOTAL_CACHE_MAX = 2000
/** Largest match set whose ordered pks are kept (8 bytes each), and how many such lists. */
const LIST_MAX = 50_000
const LIST_CACHE_MAX = 64

export class Catalogue {
  readonly #db: Kysely<Database>
  /**
   * `total` per filter set (from, limit and sortType excluded): counting a large match set is
   * the dominant cost of a page, and promoters page through the same filters. Like every cache
   * here, valid until the catalogue changes (#pages clears it).
   */
  readonly #totals = new Map<string, number>()
  /**
   * The ordered pks of a filter set and sort whose total (cached above) is at most LIST_MAX:
   * the second request of a filter set fetches them all once, and its pages are then slices
   * (what paging through a result and repeated searches do).
   */
  readonly #lists = new Map<string, Float64Array>()
  /** Finished pages (product/list and select), and the change check that keeps all exact. */
  readonly #pages: PageCache
  /** Answers 2-character title keywords with filters, exactly and without SQL (keyword-index). */
  readonly #index: KeywordIndex | undefined
  /** Shop and category JSON between catalogue changes (catalogue-splices.ts). */
  readonly #splices: CatalogueSplices
  /** Queries built once (catalogue-queries.ts). */
  readonly #sql: CatalogueQueries
  constructor(db: Kysely<Database>, options: { keywordIndex?: boolean } = {}) {
    this.#db = db
    this.#index = options.keywordIndex === false ? undefined : new KeywordIndex(db)
    this.#pages = new PageCache(db)
    this.#splices = new CatalogueSplices(db)
    this.#pages.onChange(() => {
      this.#totals.clear()
      this.#lists.clear()
      this.#splices.clear()
    })
    this.#sql = new CatalogueQueries(db)
  }

  /** Build the keyword index now (a server does it on its first keyword query otherwise). */
  async warmKeywordIndex(): Promise<void> {
    await this.#index?.warm()
  }

  /** Build a large catalogue's keyword index in the background (tuike serve, at start). */
  warmLargeKeywordIndex(log: Pick<Logger, 'info' | 'warn'>): void {
    // A failure (the database closed meanwhile) leaves keyword queries to SQL.
    this.#index
      ?.warmIfLarge((info) => log.info('keyword index ready', info))
      .catch((err: unknown) => log.warn('keyword index not built', { error: String(err) }))
  }

  /** The catalogue's database (the import and selection writers use it). */
  get db(): Kysely<Database> {
    return this.#db
  }

  /** Forget cached pages and totals (the change feed does it too, for every process). */
  invalidate(): void {
    this.#pages.clear()
  }

  /** product/category: the top-level categories in catalogue order. */
  async topCategories(): Promise<{ catId: string; name: string }[]> {
    const rows = await this.#db
      .selectFrom('categories')
      .select(['id', 'name'])
      .where('level', '=', 1)
      .orderBy('seq')
      .orderBy('id')
      .execute()
    return rows.map((r) => ({ catId: r.id, name: r.name }))
  }

  /**
   * product/list (and, with selectedOnly, product/select): one page and the total, this
   * server's images on `base` (the public URL).
   */
  async search(
    q: CatalogueQuery,
    base: string,
  ): Promise<{ productList: UnionProductOut[]; total: number }> {
    const { pks, total } = await this.#page(q, await this.#pages.check())
    return { productList: await this.products(pks, base), total }
  }

  /**
   * As search, as the bytes of the whole response: `finish` makes them of the page (the product
   * list as its JSON array text). What the product/list and product/select routes send; kept
   * until the catalogue changes, and then written as they are.
   */
  async searchAnswer(
    q: CatalogueQuery,
    base: string,
    finish: (page: { productList: string; total: number }) => Buffer<ArrayBuffer>,
  ): Promise<Buffer<ArrayBuffer>> {
    const seq = await this.#pages.check()
    const key = `${base}\n${JSON.stringify(q)}`
    const cached = this.#pages.get(key)
    if (cached) return cached
    const { pks, total } = await this.#page(q, seq)
    const answer = finish({ productList: await this.productsJson(pks, base, seq), total })
    this.#pages.set(key, answer, seq)
    return answer
  }

  /** The pks of one page of `q`, in order, and the total, as of change `seq` or later. */
  async #page(q: CatalogueQuery, seq: number): Promise<{ pks: number[]; total: number }> {
    const indexed = await this.#index?.page(q, seq)
    if (indexed) return indexed
    const { from: _f, limit: _l, sortType: _s, ...filters } = q
    const key = JSON.stringify(filters)
    const sortType = SORTS[q.sortType ?? 0] ? (q.sortType ?? 0) : 0
    const listKey = `${sortType}:${key}`
    const list = this.#lists.get(listKey)
    if (list) {
      return { pks: Array.from(list.subarray(q.from, q.from + q.limit)), total: list.length }
    }
    // A value computed under an older seq than the caches' is not kept.
    const current = () => seq === this.#pages.seq
    const remember = (n: number) => {
      if (this.#totals.size >= TOTAL_CACHE_MAX)
        this.#totals.delete(this.#totals.keys().next().value!)
      if (current()) this.#totals.set(key, n)
      return n
    }

    const where = await this.#conditions(q)
    if (where === 'empty') return { pks: [], total: 0 }
    if (where.length === 0) {
      // The whole catalogue (page 1 of product/list): statements prepared once.
      const pks = await this.#sql.allPage(sortType, q.from, q.limit)
      return { pks, total: this.#totals.get(key) ?? remember(await this.#sql.countAll()) }
    }
    const base = this.#db
      .selectFrom('product_facets as p')
      .where((eb) => eb.and(where.map((w) => w(eb))))
    const sort = SORTS[sortType]!
    let ordered = base.select('p.pk')
    if (sort.column) ordered = ordered.orderBy(`p.${sort.column}`, sort.dir)
    ordered = ordered.orderBy('p.pk', sort.dir)
    const fresh = this.#totals.get(key)

    // A filter set seen before whose matches are few enough: fetch them all in order once and
    // serve its pages (any sort of it) from memory until the catalogue changes.
    if (fresh !== undefined && fresh <= LIST_MAX) {
      const rows = await ordered.execute()
      const pks = Float64Array.from(rows, (r) => Number(r.pk))
      if (this.#lists.size >= LIST_CACHE_MAX) this.#lists.delete(this.#lists.keys().next().value!)
      if (current()) this.#lists.set(listKey, pks)
      return { pks: Array.from(pks.subarray(q.from, q.from + q.limit)), total: pks.length }
    }
    const count = () =>
      base
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
        .then((r) => remember(Number(r.n)))

    // A title keyword bounds the candidates by its postings, which both the page and the count
    // must visit (each posting's facet row is looked up): one scan that also counts, with a
    // window over all matches, instead of two. Only an empty page past the first counts apart.
    if (fresh === undefined && q.query?.trim() && (q.queryType ?? 0) === 0 && !q.selectedOnly) {
      const rows = isSqlite(this.#db)
        ? await ordered
            .select(sql<number>`count(*) over ()`.as('n'))
            .offset(q.from)
            .limit(q.limit)
            .execute()
        : await countThenSort(this.#db, base, sort).offset(q.from).limit(q.limit).execute()
      const total =
        rows.length > 0 ? remember(Number(rows[0]!.n)) : q.from === 0 ? remember(0) : await count()
      return { pks: rows.map((r) => Number(r.pk)), total }
    }

    const [pkRows, total] = await Promise.all([
      ordered.offset(q.from).limit(q.limit).execute(),
      fresh ?? count(),
    ])
    return { pks: pkRows.map((r) => Number(r.pk)), total }
  }

  /**
   * The wire JSON array of products `pks`, in the given order: one query for the products'
   * stored wire pieces (product_wire), spliced together as text with their shops' and
   * categories' JSON (catalogue-splices.ts, kept while the catalogue computed under change `seq`
   * is current). A product without a stored piece takes products().
   */
  async productsJson(pks: number[], base: string, seq?: number): Promise<string> {
    if (pks.length === 0) return '[]'
    const rows = await this.#sql.wireRows(pks)
    const keep = seq === this.#pages.seq
    const paths = rows.map((r) => [r.cat1, r.cat2, r.cat3])
    const [shops, categories] = await Promise.all([
      this.#splices.shops(new Set(rows.map((r) => r.shop_appid)), base, keep),
      this.#splices.categories(paths, keep),
    ])
    const byPk = new Map<number, string>()
    for (const [i, r] of rows.entries()) {
      const category = categories.get(pathKey(paths[i]!))!
      byPk.set(Number(r.pk), composeWire(r.wire, category, shops.get(r.shop_appid)!, base))
    }
    for (const pk of pks) {
      if (byPk.has(pk)) continue
      const [w] = await this.products([pk], base)
      if (w) byPk.set(pk, JSON.stringify(w))
    }
    const out: string[] = []
    for (const pk of pks) {
      const text = byPk.get(pk)
      if (text !== undefined) out.push(text)
    }
    return `[${out.join(',')}]`
  }

  /** The wire form of products `pks`, in the given order, this server's images on `base`. */
  async products(pks: number[], base: string): Promise<UnionProductOut[]> {
    if (pks.length === 0) return []
    const db = this.#db
    const rows = await db.selectFrom('products').selectAll().where('pk', 'in', pks).execute()
    const appids = [...new Set(rows.map((r) => r.shop_appid))]
    const catIds = [...new Set(rows.flatMap((r) => [r.cat1, r.cat2, r.cat3]).filter(Boolean))]
    const [skus, shops, cats] = await Promise.all([
      db
        .selectFrom('skus')
        .selectAll()
        .where('product_pk', 'in', pks)
        .orderBy('product_pk')
        .orderBy('seq')
        .execute(),
      db.selectFrom('shops').selectAll().where('appid', 'in', appids).execute(),
      catIds.length
        ? db.selectFrom('categories').select(['id', 'name']).where('id', 'in', catIds).execute()
        : Promise.resolve([]),
    ])
    const skusOf = new Map<number, SkusTable[]>()
    for (const s of skus) {
      const list = skusOf.get(Number(s.product_pk)) ?? []
      list.push(s)
      skusOf.set(Number(s.product_pk), list)
    }
    const shopOf = new Map(shops.map((s) => [s.appid, shopInfo(s, base)]))
    const catName = new Map(cats.map((c) => [c.id, c.name]))
    const byPk = new Map(rows.map((r) => [Number(r.pk), r]))
    return pks.flatMap((pk) => {
      const r = byPk.get(pk)
      if (!r) return []
      const category = categoryOf([r.cat1, r.cat2, r.cat3], (id) => catName.get(id))
      const shop = shopOf.get(r.shop_appid) ?? missingShop(r.shop_appid)
      return [toWire(r, skusOf.get(pk) ?? [], category, shop, base)]
    })
  }

  /** The WHERE conditions of `q`, or 'empty' when no product can match. */
  async #conditions(q: CatalogueQuery): Promise<((eb: PEB) => Expression<SqlBool>)[] | 'empty'> {
    const db = this.#db
    const out: ((eb: PEB) => Expression<SqlBool>)[] = []
    if (q.selectedOnly) out.push((eb) => eb('p.selected', '=', 1))
    if (q.tradeOnly) out.push((eb) => eb('p.trade_component', '=', 1))

    const keyword = q.selectedOnly ? '' : (q.query ?? '').trim()
    if (keyword) {
      const type = q.queryType ?? 0
      if (type === 2) out.push((eb) => eb('p.pk', 'in', pksOfIds(db, [keyword])))
      else {
        const folded = foldAscii(keyword)
        const chars = [...folded]
        const grams = chars.length <= 2 ? [folded] : bigramsOf(chars)
        // PostgreSQL: a 1–2 character title keyword is a GIN lookup of the facet rows' grams.
        const gin = type === 0 && chars.length <= 2 ? gramArrayMatch(db, folded) : undefined
        if (gin) out.push(() => gin)
        else if (type === 0) out.push((eb) => eb('p.pk', 'in', titleMatches(db, keyword)))
        else {
          const postings = grams
            .map((g) => db.selectFrom('shop_grams').select('appid').where('gram', '=', g))
            .reduce((a, b) => a.intersect(b))
          let shops = db.selectFrom('shops as s').select('s.appid').where('s.appid', 'in', postings)
          if (chars.length > 2)
            shops = shops.where(sql<SqlBool>`${strpos(db, foldSql(db, 's.name'), folded)} > 0`)
          out.push((eb) => eb('p.shop_appid', 'in', shops))
        }
      }
    }

    if (q.minPrice !== undefined) out.push((eb) => eb('p.min_price', '>=', q.minPrice!))
    if (q.maxPrice !== undefined) out.push((eb) => eb('p.min_price', '<=', q.maxPrice!))
    if (q.minCommissionValue !== undefined) {
      out.push((eb) => eb('p.commission_value', '>=', q.minCommissionValue!))
    }
    if (q.minCommissionRatio !== undefined) {
      out.push((eb) => eb('p.commission_ratio', '>=', q.minCommissionRatio!))
    }
    if (q.hasCoupon === 1) out.push((eb) => eb('p.has_coupon', '=', 1))

    // categoryId wins over category (§5). Ids of any level are accepted; unknown ids match nothing.
    const wanted = q.categoryId !== undefined ? [q.categoryId] : q.category
    if (wanted) {
      const levels = await categoryLevels(db, wanted)
      if (levels.size === 0) return 'empty'
      out.push((eb) => eb.or([...levels].map(([level, ids]) => eb(`p.cat${level}`, 'in', ids))))
    }
    if (q.noCategory) {
      const levels = await categoryLevels(db, q.noCategory)
      for (const [level, ids] of levels) out.push((eb) => eb(`p.cat${level}`, 'not in', ids))
    }
    if (q.productId) {
      const ids = q.productId
      out.push((eb) => eb('p.pk', 'in', pksOfIds(db, ids)))
    }
    if (q.shopAppIds) {
      if (q.shopAppIds.length === 0) return 'empty'
      const ids = q.shopAppIds
      out.push((eb) => eb('p.shop_appid', 'in', ids))
    }

    // shippingMethods: each method set to 1 must be offered by the shop; 0 does not constrain.
    const sm = q.shippingMethods
    if (sm && (sm.express === 1 || sm.sameCity === 1 || sm.pickup === 1)) {
      let shops = db.selectFrom('shops').select('appid')
      if (sm.express === 1) shops = shops.where('express', '=', 1)
      if (sm.sameCity === 1) shops = shops.where('same_city', '=', 1)
      if (sm.pickup === 1) shops = shops.where('pickup', '=', 1)
      out.push((eb) => eb('p.shop_appid', 'in', shops))
    }

    // addressList: the shop has a ship-from address matching any entry (every name given must
    // be equal; every addressType method set to 1 must be offered at that address).
    if (q.addressList && q.addressList.length > 0) {
      const entries = q.addressList
      const shops = db
        .selectFrom('shop_addresses as a')
        .select('a.shop_appid')
        .where((eb) =>
          eb.or(
            entries.map((e) => {
              const c: Expression<SqlBool>[] = []
              const info = e.addressInfo
              if (info.provinceName) c.push(eb('a.province', '=', info.provinceName))
              if (info.cityName) c.push(eb('a.city', '=', info.cityName))
              if (info.countyName) c.push(eb('a.county', '=', info.countyName))
              if (e.addressType?.express === 1) c.push(eb('a.express', '=', 1))
              if (e.addressType?.sameCity === 1) c.push(eb('a.same_city', '=', 1))
              if (e.addressType?.pickup === 1) c.push(eb('a.pickup', '=', 1))
              return eb.and(c)
            }),
          ),
        )
      out.push((eb) => eb('p.shop_appid', 'in', shops))
    }
    return out
  }
}

/** The known ones of category `ids`, grouped by their level (unknown ids are dropped). */
export async function categoryLevels(
  db: Kysely<Database>,
  ids: string[],
): Promise<Map<1 | 2 | 3, string[]>> {
  const rows = await db
    .selectFrom('categories')
    .select(['id', 'level'])
    .where('id', 'in', ids)
    .execute()
  const out = new Map<1 | 2 | 3, string[]>()
  for (const r of rows) {
    const level = Number(r.level) as 1 | 2 | 3
    out.set(level, [...(out.get(level) ?? []), r.id])
  }
  return out
}

/**
 * The pks of the products whose title contains `keyword` (ASCII A–Z folded), as a subquery: one
 * gram lookup for 1–2 characters, else the intersection of the bigram postings with the
 * substring verified on the candidates' titles.
 */
export function titleMatches(db: Kysely<Database>, keyword: string) {
  const folded = foldAscii(keyword)
  const chars = [...folded]
  const grams = chars.length <= 2 ? [folded] : bigramsOf(chars)
  const postings = grams
    .map((g) => db.selectFrom('product_grams').select('pk').where('gram', '=', g))
    .reduce((a, b) => a.intersect(b))
  if (chars.length <= 2) return postings
  return db
    .selectFrom('products as t')
    .select('t.pk')
    .where('t.pk', 'in', postings)
    .where(sql<SqlBool>`${strpos(db, foldSql(db, 't.title'), folded)} > 0`)
}

/**
 * PostgreSQL: the matches of `base` counted in a subquery, then sorted and paged. Its planner
 * costs `count(*) over ()` under a LIMIT as if the window could stop after the page, so it walked
 * a sort index through every facet row (seconds at 300k products) instead of reading the
 * keyword's GIN bitmap and sorting those rows.
 */
function countThenSort(
  db: Kysely<Database>,
  base: SelectQueryBuilder<Database & { p: ProductFacetsTable }, 'p', object>,
  sort: { column?: string; dir: 'asc' | 'desc' },
) {
  const key = sql.ref(sort.column ? `p.${sort.column}` : 'p.pk')
  const inner = base.select(['p.pk', sql<number>`count(*) over ()`.as('n'), key.as('s')])
  const dir = sql.raw(sort.dir)
  return db.selectFrom(inner.as('m')).select(['m.pk', 'm.n']).orderBy(sql`m.s ${dir}, m.pk ${dir}`)
}

/** The pks of the products with wire ids `ids` (the unique index on products.id). */
function pksOfIds(db: Kysely<Database>, ids: string[]) {
  return db.selectFrom('products').select('pk').where('id', 'in', ids)
}
