/**
 * The demo catalogue: a deterministic generator (same seed and size, same catalogue) of
 * realistic Chinese categories (three levels), shops, products, coupons and SKUs, and a fast
 * bulk loader (`seedCatalogue`) that writes 1,000,000 products on SQLite in well under three
 * minutes: multi-row inserts in large transactions, secondary indexes (of products, their facet
 * rows, grams and SKUs) dropped during the load and rebuilt once at the end, and gram postings generated inside the database in one statement.
 * Images are SVG placeholders served by the platform itself (`/img/:kind/:id.svg`).
 * @module
 */
import { availableParallelism } from 'node:os'
import { type Insertable, type Kysely, sql } from 'kysely'
import type { z } from 'zod'
import { isSqlite } from '../db/dialect.ts'
import { sqliteHandle } from '../db/open.ts'
import type { Database } from '../db/schema.ts'
import { NO_BRAND_ID } from '../services/catalogue.ts'
import { rebuildProductGrams, rebuildShopIndex } from '../services/catalogue-index.ts'
import {
  type CategoryPath,
  type ProductImport,
  productRows,
  type ShopImport,
  writeCategories,
  writeProductRows,
  writeShops,
} from '../services/catalogue-write.ts'
import { SqliteBulkLoader } from './bulk-sqlite.ts'
import { loadOnWorkers } from './bulk-workers.ts'
import { BRANDS, FEATURES, TREE } from './catalogue-content.ts'

type Product = z.output<typeof ProductImport>

/** A small, fast, seedable PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const SHOP_WORDS = [
  '悦享',
  '好物',
  '优品',
  '甄选',
  '百货',
  '生活馆',
  '精品',
  '小满',
  '花间',
  '拾光',
  '木子',
  '星河',
]
const SHOP_SUFFIX = ['小商店', '旗舰店', '专营店', '优选店']
const REGIONS: [string, string, string][] = [
  ['广东省', '深圳市', '南山区'],
  ['广东省', '广州市', '天河区'],
  ['浙江省', '杭州市', '西湖区'],
  ['上海市', '上海市', '浦东新区'],
  ['北京市', '北京市', '朝阳区'],
  ['四川省', '成都市', '武侯区'],
  ['江苏省', '南京市', '鼓楼区'],
  ['湖北省', '武汉市', '洪山区'],
]
/** A leaf of the demo tree with what its products are like (catalogue-content.ts). */
export interface DemoLeaf {
  path: CategoryPath
  name: string
  l2: string
  /** Price band, fen. */
  low: number
  high: number
  specs: string[]
  /** Commission ratio band, 1/10000. */
  ratio: [number, number]
  words: string[]
}

/** The generated categories: rows with levels, and the leaves with their paths and content. */
export function demoCategories(): {
  rows: Insertable<Database['categories']>[]
  leaves: DemoLeaf[]
} {
  const rows: Insertable<Database['categories']>[] = []
  const leaves: DemoLeaf[] = []
  TREE.forEach((top, i) => {
    const id1 = String(1000 + i)
    rows.push({ id: id1, parent_id: null, level: 1, name: top.name, seq: i })
    top.children.forEach(([name2, l3s, ratio], j) => {
      const id2 = `${id1}${j + 1}`
      rows.push({ id: id2, parent_id: id1, level: 2, name: name2, seq: j })
      l3s.forEach(([name3, low, high, specs], k) => {
        const id3 = `${id2}${k + 1}`
        rows.push({ id: id3, parent_id: id2, level: 3, name: name3, seq: k })
        leaves.push({
          path: [id1, id2, id3],
          name: name3,
          l2: name2,
          low: Math.round(low * 100),
          high: high * 100,
          specs,
          ratio: ratio ?? top.ratio,
          words: top.words,
        })
      })
    })
  })
  return { rows, leaves }
}

/** A shop price in the band: log-uniform (cheap items are common), ending in .90. */
function shopPrice(rand: () => number, low: number, high: number): number {
  const fen = low * (high / low) ** rand()
  return Math.min(high - 10, Math.max(low, Math.round(fen / 100) * 100 - 10))
}

/** A whole-percent ratio in the band, 1/10000. */
function ratioIn(rand: () => number, [low, high]: [number, number]): number {
  return low + Math.floor(rand() * ((high - low) / 100 + 1)) * 100
}

function hex(rand: () => number, n: number): string {
  let s = ''
  for (let i = 0; i < n; i++) s += Math.floor(rand() * 16).toString(16)
  return s
}

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!
}

/** Number of shops for a catalogue of `products` products. */
export function shopCount(products: number): number {
  return Math.max(6, Math.ceil(products / 200))
}

/** The generated shops of a catalogue of `products` products. */
export function demoShops(seed: number, products: number): ShopImport[] {
  const rand = prng(seed ^ 0x5eed5)
  const shops: ShopImport[] = []
  for (let i = 0; i < shopCount(products); i++) {
    const appId = `wx${hex(rand, 16)}`
    // Shop 0 ships by express and same-city from 深圳, so the `--ship-from 广东省/深圳市` example
    // of `tuike products list --help` finds products in the demo.
    const shenzhen = i === 0
    const sameCity = rand() < 0.25 || shenzhen ? 1 : 0
    const pickup = rand() < 0.2 ? 1 : 0
    const express = (sameCity || pickup) && !shenzhen ? (rand() < 0.7 ? 1 : 0) : 1
    const shop: ShopImport = {
      name: `${pick(rand, SHOP_WORDS)}${pick(rand, SHOP_WORDS)}${pick(rand, SHOP_SUFFIX)}${i}`,
      appId,
      username: `gh_${hex(rand, 12)}`,
      headImgUrl: `/img/shop/${appId}.svg`,
      shippingMethods: {
        express: express as 0 | 1,
        sameCity: sameCity as 0 | 1,
        pickup: pickup as 0 | 1,
      },
    }
    if (sameCity || pickup) {
      const n = 1 + Math.floor(rand() * 2)
      shop.addressList = Array.from({ length: n }, (_, k) => {
        const region = pick(rand, REGIONS)
        const [provinceName, cityName, countyName] = shenzhen && k === 0 ? REGIONS[0]! : region
        return {
          addressInfo: { provinceName, cityName, countyName },
          addressType: {
            express: express as 0 | 1,
            sameCity: sameCity as 0 | 1,
            pickup: pickup as 0 | 1,
          },
        }
      })
    }
    if (sameCity) {
      const region = shop.addressList![0]!.addressInfo
      shop.sameCityTemplate = {
        deliverScopeType: rand() < 0.5 ? 0 : 1,
        scope: rand() < 0.5 ? '5km' : region.cityName,
        region,
      }
    }
    if (express) {
      shop.freightTemplate = {
        notSendArea: {
          addressInfoList:
            rand() < 0.5
              ? [{ provinceName: '西藏自治区', cityName: '拉萨市', countyName: '城关区' }]
              : [],
        },
      }
    }
    shops.push(shop)
  }
  return shops
}

/** Ids above 2^53 on every 97th product, so clients that parse ids as numbers fail early. */
function productId(i: number): string {
  return i % 97 === 0 ? (9007199254740993n + BigInt(i)).toString() : String(10_000_000 + i)
}

/** Product `i` (0-based) of the catalogue of `seed`; independent of the catalogue size. */
export function demoProduct(
  seed: number,
  i: number,
  shops: readonly { appId: string }[],
  leaves: readonly DemoLeaf[],
): { product: Product; path: CategoryPath } {
  const rand = prng((seed * 1_000_003 + i) ^ 0x9e3779b9)
  const leaf = pick(rand, leaves)
  const id = productId(i)
  const brand = pick(rand, BRANDS)
  const title = `${brand ? `${brand} ` : ''}${pick(rand, leaf.words)}${leaf.name} ${pick(rand, leaf.specs)} ${pick(rand, FEATURES)}`
  const minPrice = shopPrice(rand, leaf.low, leaf.high)
  const commissionRatio = ratioIn(rand, leaf.ratio)
  // Dear things sell fewer pieces.
  const sold = Math.floor((rand() ** 3 * 100_000_000) / Math.max(minPrice, 2000))
  const skuCount = 1 + Math.floor(rand() * 3)
  // Deliberate edge cases, by index: a product without any image, and a sold-out last SKU.
  const imageless = i % 53 === 13
  const soldOut = i % 61 === 5
  const step = Math.max(100, Math.round((minPrice * 0.2) / 100) * 100)
  const skus = Array.from({ length: skuCount }, (_, k) => ({
    skuId: `${id}0${k}`,
    status: 5,
    thumbImg: imageless ? '' : `/img/sku/${id}-${k}.svg`,
    skuCode: `SKU-${i}-${k}`,
    salePrice: minPrice + k * step,
    marketPrice: Math.round(((minPrice + k * step) * 1.3) / 100) * 100 - 10,
    stockNum: soldOut && k === skuCount - 1 ? 0 : 1 + Math.floor(rand() * 5000),
  }))
  let coupon: Product['coupon']
  if (rand() < 0.25) {
    const type = pick(rand, [1, 2, 2, 4] as const)
    const now = 1_700_000_000
    coupon = {
      couponId: String(20_000_000_000 + i),
      couponDetail: {
        restNum: Math.floor(rand() * 1000),
        type,
        discountInfo: {
          discountCondition: {
            productIds: [id],
            productCnt: 1,
            productPrice: type === 2 ? minPrice : 0,
          },
          ...(type === 1
            ? { discountNum: 8000 + Math.floor(rand() * 16) * 100 }
            : { discountFee: Math.max(100, Math.round((minPrice * 0.1) / 100) * 100) }),
        },
        validInfo: { validType: 2, validDayNum: 7, startTime: 0, endTime: 0 },
        receiveInfo: { startTime: now, endTime: now + 90 * 86400, limitNumOnePerson: 1 },
      },
    }
  }
  const product: Product = {
    productId: id,
    shopAppId: shops[Math.floor(rand() * shops.length)]!.appId,
    title,
    subTitle: `${leaf.l2} · ${pick(rand, FEATURES)}`,
    headImg: imageless ? [] : [`/img/head/${id}.svg`],
    categoryId: leaf.path[2],
    brand,
    brandId: brand ? String(2_100_000_001 + BRANDS.indexOf(brand)) : NO_BRAND_ID,
    model: '',
    detailImg: imageless ? [] : [`/img/detail/${id}-1.svg`, `/img/detail/${id}-2.svg`],
    param: [{ key: '产地', value: pick(rand, REGIONS)[0] }],
    minPrice,
    discountPrice: undefined,
    totalStockNum: skus.reduce((a, s) => a + s.stockNum, 0),
    totalSoldNum: sold,
    totalOrderNum: Math.floor(sold * (0.6 + rand() * 0.4)),
    status: 5,
    commissionRatio,
    coupon,
    skus,
    selected: rand() < 0.06 ? 1 : 0,
    // One product in 20 is also sold through a trade-component mini-program (open_product/*).
    tradeComponent: i % 20 === 7 ? 1 : 0,
  }
  return { product, path: leaf.path }
}

export interface SeedCatalogueOptions {
  /** Number of products (default 2,000). */
  products?: number
  /** PRNG seed (default 1). */
  seed?: number
  /** Called after each chunk with products written so far and the total. */
  onProgress?: (done: number, total: number, phase: 'products' | 'indexes') => void
  /**
   * Load with the secondary indexes dropped and rebuilt at the end (default: from 20,000
   * products). Either way the same rows are written.
   */
  bulk?: boolean
  /** Products a transaction (default 5,000); the same rows either way. */
  chunk?: number
  /**
   * Threads a bulk load on an SQLite file generates and writes on (default 2 on a machine of
   * two or more cores; 0: this thread alone). Either way the same rows are written, in the same order.
   */
  workers?: number
}

const CHUNK = 5000

/** The rows of products `start`..`end - 1` (0-based) of the catalogue of `seed`. */
export function demoRows(
  seed: number,
  start: number,
  end: number,
  shops: readonly { appId: string }[],
  leaves: readonly DemoLeaf[],
): ReturnType<typeof productRows>[] {
  const items: ReturnType<typeof productRows>[] = []
  for (let i = start; i < end; i++) {
    const { product, path } = demoProduct(seed, i, shops, leaves)
    items.push(productRows(product, i + 1, path))
  }
  return items
}

/**
 * Write the demo catalogue of `seed` into an empty catalogue (throws when products exist).
 * Returns the counts and the elapsed milliseconds.
 */
export async function seedCatalogue(
  db: Kysely<Database>,
  options: SeedCatalogueOptions = {},
): Promise<{
  categories: number
  shops: number
  products: number
  ms: number
  /** Worker threads the products were written on (0: this thread). */
  workers: number
}> {
  const started = performance.now()
  const total = options.products ?? 2000
  const seed = options.seed ?? 1
  const existing = await db.selectFrom('products').select('pk').limit(1).executeTakeFirst()
  if (existing) throw new Error('the catalogue already has products; seed an empty database')

  const { rows: categories, leaves } = demoCategories()
  const shops = demoShops(seed, total)
  await db.transaction().execute(async (trx) => {
    await writeCategories(trx, categories)
    await writeShops(trx, shops, false)
  })
  await rebuildShopIndex(db)

  const sqlite = isSqlite(db)
  const bulk = options.bulk ?? total >= 20_000
  const dropped: string[] = []
  if (bulk) {
    // Loading into unindexed tables and indexing once is several times faster than keeping
    // a dozen B-trees up to date row by row.
    const defs = sqlite
      ? await sql<{ name: string; sql: string }>`select name, sql from sqlite_master
          where type = 'index' and sql is not null and tbl_name in ('products', 'product_facets', 'product_grams', 'skus')`.execute(
          db,
        )
      : await sql<{
          name: string
          sql: string
        }>`select indexname as name, indexdef as sql from pg_indexes
          where schemaname = current_schema() and tablename in ('products', 'product_facets', 'product_grams', 'skus')
          and indexname not like '%_pkey' and indexname not like '%_key'`.execute(db)
    for (const d of defs.rows) {
      await sql`drop index ${sql.ref(d.name)}`.execute(db)
      dropped.push(d.sql)
    }
    if (sqlite) {
      await sql`pragma synchronous = off`.execute(db)
      await sql`pragma cache_size = -262144`.execute(db)
      // WAL writes every new page twice (the log, then the checkpoint); a rollback journal keeps
      // only the old content of the pages a batch changes, and a bulk load mostly appends new
      // pages. A batch cut short still rolls back from the journal at the next open. Only this
      // process may hold the database for the switch; else the load stays in WAL.
      await sql`pragma journal_mode = truncate`.execute(db).catch(() => undefined)
      // The index builds may sort on a helper thread (a second core).
      await sql`pragma threads = 2`.execute(db)
    }
  }
  const handle = bulk ? sqliteHandle(db) : undefined
  const loader = handle && new SqliteBulkLoader(handle)
  const chunk = options.chunk ?? CHUNK
  // Generating on one thread while another writes pays on a second core only.
  const threads = options.workers ?? (availableParallelism() >= 2 ? 2 : 0)
  const onWorkers = loader && !handle.memory && total > chunk ? threads : 0
  try {
    if (loader && onWorkers > 0) {
      await loadOnWorkers({
        file: handle.name,
        seed,
        total,
        chunk,
        workers: onWorkers,
        grams: loader.grams,
        onProgress: (done) => options.onProgress?.(done, total, 'products'),
      })
    } else {
      for (let start = 0; start < total; start += chunk) {
        const end = Math.min(total, start + chunk)
        const items = demoRows(seed, start, end, shops, leaves)
        if (loader) loader.load(items)
        else await db.transaction().execute((trx) => writeProductRows(trx, items, false))
        if (!bulk) await rebuildProductGrams(db, start + 1, end)
        options.onProgress?.(end, total, 'products')
      }
    }
    if (bulk) {
      // The steps after the load (the grams, each index, analyze) as shares of the products,
      // so a progress line shows a rate and an ETA for them too.
      const steps = dropped.length + 2
      let step = 0
      const stepDone = () =>
        options.onProgress?.(Math.round((++step / steps) * total), total, 'indexes')
      options.onProgress?.(0, total, 'indexes')
      if (loader) loader.writeGrams()
      else await rebuildProductGrams(db, 1, total)
      stepDone()
      for (const def of dropped) {
        await sql.raw(def).execute(db)
        stepDone()
      }
      // Durable before success: the load ran without syncs, and the commit of analyze's
      // statistics syncs the file (every page written before it, on any connection).
      if (sqlite) await sql`pragma synchronous = full`.execute(db)
      await sql`analyze`.execute(db)
      stepDone()
    }
  } finally {
    if (bulk && sqlite) {
      await sql`pragma journal_mode = wal`.execute(db)
      await sql`pragma synchronous = full`.execute(db)
      await sql`pragma threads = 0`.execute(db)
    }
  }
  return {
    categories: categories.length,
    shops: shops.length,
    products: total,
    ms: Math.round(performance.now() - started),
    workers: onWorkers,
  }
}
