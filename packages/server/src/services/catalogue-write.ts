/**
 * Writing the catalogue: the record shapes and the writers the demo seed and the operator's
 * NDJSON import (catalogue-import.ts) share.
 * @module
 */
import { MAX_INT32, ProductParam, ShopInfo, WireId, WireUint32 } from '@tuike/contract'
import type { Insertable, Kysely } from 'kysely'
import { z } from 'zod'
import type { Database, ProductsTable, SkusTable } from '../db/schema.ts'
import { commissionValue, NO_BRAND_ID, priceAfterCoupon } from './catalogue.ts'
import { logCatalogueChange, logChanges } from './catalogue-changes.ts'
import { deleteProductGramsOf, rebuildShopIndex } from './catalogue-index.ts'
import { productWire } from './catalogue-wire.ts'
import { CouponImport } from './coupon.ts'

type Db = Kysely<Database>

/**
 * A status or position stored in a 32-bit column. Money and counts are WireUint32 (0 to
 * 2,147,483,647, a number or a digit string): a line out of range is refused on its own rather
 * than overflowing the column and failing the whole import.
 */
const Int32 = z
  .number()
  .int()
  .min(-MAX_INT32 - 1)
  .max(MAX_INT32)

/** Longest title or shop name accepted (the gram builder walks every character). */
export const MAX_TITLE_CHARS = 512

const Title = z
  .string()
  .min(1)
  .refine((s) => [...s].length <= MAX_TITLE_CHARS, {
    message: `too long (max ${MAX_TITLE_CHARS} characters)`,
  })

/** One NDJSON line of `POST /admin/v1/import/categories`. */
export const CategoryImport = z.object({
  catId: WireId,
  name: z.string(),
  /** Absent or empty for a top-level category; must exist (in the database or an earlier line). */
  parentId: WireId.optional(),
  /** Position among its siblings (default 0; ties by id). */
  seq: Int32.optional(),
})
export type CategoryImport = z.output<typeof CategoryImport>

/** One NDJSON line of `POST /admin/v1/import/shops`: shopInfo in its wire shape. */
export const ShopImport = ShopInfo.extend({ name: Title })
export type ShopImport = z.output<typeof ShopImport>

/** One SKU of an imported product. Money in fen. */
export const SkuImport = z.object({
  skuId: WireId,
  status: Int32.optional(),
  thumbImg: z.string().default(''),
  skuCode: z.string().default(''),
  salePrice: WireUint32,
  marketPrice: WireUint32,
  stockNum: WireUint32.default(0),
})

/**
 * One NDJSON line of `POST /admin/v1/import/products`. `categoryId` is the deepest category
 * (any level); the path is derived from its parents. Money in fen, ratio in 1/10000.
 */
export const ProductImport = z.object({
  productId: WireId,
  shopAppId: z.string().min(1),
  title: Title,
  subTitle: z.string().default(''),
  headImg: z.array(z.string()).default([]),
  categoryId: WireId,
  brand: z.string().default(''),
  brandId: WireId.default(NO_BRAND_ID),
  model: z.string().default(''),
  detailImg: z.array(z.string()).default([]),
  param: z.array(ProductParam).default([]),
  minPrice: WireUint32,
  /** Default: minPrice after the coupon. */
  discountPrice: WireUint32.optional(),
  totalStockNum: WireUint32.default(0),
  totalSoldNum: WireUint32.default(0),
  totalOrderNum: WireUint32.default(0),
  status: Int32.default(5),
  commissionRatio: WireUint32.pipe(z.number().max(10000)),
  /** The coupon's terms in the wire form or plain (Unix seconds, numbers). */
  coupon: z.object({ couponId: WireId, couponDetail: CouponImport }).optional(),
  skus: z.array(SkuImport).default([]),
  /** 1 puts the product in the 精选 pool. Absent keeps the current membership. */
  selected: z.literal([0, 1]).optional(),
  /**
   * 1 marks a trade-component (自定义交易组件) product, listed by open_product/list. Absent
   * keeps the current mark (0 for a new product).
   */
  tradeComponent: z.literal([0, 1]).optional(),
})
export type ProductImport = z.input<typeof ProductImport>
type ProductParsed = z.output<typeof ProductImport>

/** A category path as stored on a product: level-1, level-2, level-3 ids ('' when shallower). */
export type CategoryPath = [string, string, string]

/** `items` in parts of at most `size` (multi-row statements, IN lists). */
export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/** The product and SKU rows of a validated product record. */
export function productRows(
  p: ProductParsed,
  pk: number,
  path: CategoryPath,
): {
  row: Omit<ProductsTable, 'selected' | 'trade_component'> & {
    selected?: number
    trade_component?: number
  }
  skus: SkusTable[]
  wire: string
} {
  const coupon = p.coupon?.couponDetail ?? null
  const row = {
    pk,
    id: p.productId,
    shop_appid: p.shopAppId,
    title: p.title,
    sub_title: p.subTitle,
    head_img: JSON.stringify(p.headImg),
    cat1: path[0],
    cat2: path[1],
    cat3: path[2],
    brand: p.brand,
    brand_id: p.brandId,
    model: p.model,
    detail_img: JSON.stringify(p.detailImg),
    params: JSON.stringify(p.param),
    min_price: p.minPrice,
    discount_price: p.discountPrice ?? priceAfterCoupon(p.minPrice, coupon),
    stock: p.totalStockNum,
    sold: p.totalSoldNum,
    order_cnt: p.totalOrderNum,
    status: p.status,
    commission_ratio: p.commissionRatio,
    commission_value: commissionValue(p.minPrice, p.commissionRatio),
    has_coupon: p.coupon ? 1 : 0,
    coupon_id: p.coupon?.couponId ?? null,
    coupon: coupon ? JSON.stringify(coupon) : null,
    ...(p.selected !== undefined ? { selected: p.selected } : {}),
    ...(p.tradeComponent !== undefined ? { trade_component: p.tradeComponent } : {}),
  }
  const skus = p.skus.map((s, seq) => ({
    id: s.skuId,
    product_pk: pk,
    seq,
    status: s.status ?? 5,
    thumb_img: s.thumbImg,
    sku_code: s.skuCode,
    sale_price: s.salePrice,
    market_price: s.marketPrice,
    stock: s.stockNum,
  }))
  return { row, skus, wire: productWire(row, skus) }
}

/** The skus columns but the id (what a re-imported SKU replaces). */
export const SKU_COLUMNS = [
  'product_pk',
  'seq',
  'status',
  'thumb_img',
  'sku_code',
  'sale_price',
  'market_price',
  'stock',
] as const

/** The product_facets columns (migration 010): copied from products by syncFacets. */
export const FACET_COLUMNS = [
  'pk',
  'min_price',
  'commission_ratio',
  'commission_value',
  'sold',
  'has_coupon',
  'selected',
  'trade_component',
  'cat1',
  'cat2',
  'cat3',
  'shop_appid',
] as const

/**
 * The product_wire columns (migration 025): the wire text keyed by pk, with the product's shop
 * and category ids a page splices in (copies of the products columns, written with the wire).
 */
export const WIRE_COLUMNS = ['pk', 'shop_appid', 'cat1', 'cat2', 'cat3', 'wire'] as const

/** The product_wire row of a product row and its wire text. */
function wireRow(
  r: Pick<ProductsTable, 'pk' | 'shop_appid' | 'cat1' | 'cat2' | 'cat3'>,
  wire: string,
) {
  return { pk: r.pk, shop_appid: r.shop_appid, cat1: r.cat1, cat2: r.cat2, cat3: r.cat3, wire }
}

/**
 * Copy the filter and sort columns of products `pks` from `products` into `product_facets`,
 * which product/list scans instead of the wide product rows. Every writer of those columns calls
 * it in the same transaction (writeProductRows, setSelected, rewriteWire), and the pks go to the
 * change feed the keyword indexes follow. `fresh`: the products
 * were just inserted, so they have no facet row to replace.
 */
export async function syncFacets(db: Db, pks: number[], fresh = false): Promise<void> {
  for (const part of chunks(pks, 500)) {
    if (!fresh) await db.deleteFrom('product_facets').where('pk', 'in', part).execute()
    await db
      .insertInto('product_facets')
      .columns(FACET_COLUMNS)
      .expression(db.selectFrom('products').select(FACET_COLUMNS).where('pk', 'in', part))
      .execute()
  }
  await logChanges(db, pks)
}

/**
 * Insert (or, with `upsert`, insert-or-update by id) product rows and replace their SKUs, and
 * their facet rows. The caller rebuilds grams. Rows are written in multi-row statements of 400.
 */
export async function writeProductRows(
  db: Db,
  items: ReturnType<typeof productRows>[],
  upsert: boolean,
): Promise<void> {
  for (const part of chunks(items, 400)) {
    const rows = part.map((i) => ({ selected: 0, trade_component: 0, ...i.row }))
    let ins = db.insertInto('products').values(rows)
    if (upsert) {
      ins = ins.onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => {
          const cols = Object.keys(rows[0]!).filter(
            (c) => c !== 'pk' && c !== 'id' && c !== 'selected' && c !== 'trade_component',
          )
          const set: Record<string, unknown> = {}
          for (const c of cols) set[c] = eb.ref(`excluded.${c}` as 'excluded.title')
          // selected and trade_component are only changed by lines that say so (their value,
          // else the current one).
          set.selected = eb.ref('products.selected')
          set.trade_component = eb.ref('products.trade_component')
          return set
        }),
      )
    }
    // Postings are found by their title's grams (SQLite): delete them before titles change.
    if (upsert)
      await deleteProductGramsOf(
        db,
        rows.map((r) => r.pk),
      )
    await ins.execute()
    if (upsert) {
      const explicit = part.filter((i) => i.row.selected !== undefined)
      for (const flag of [0, 1]) {
        const ids = explicit.filter((i) => i.row.selected === flag).map((i) => i.row.id)
        if (ids.length)
          await db.updateTable('products').set({ selected: flag }).where('id', 'in', ids).execute()
        const marked = part.filter((i) => i.row.trade_component === flag).map((i) => i.row.id)
        if (marked.length)
          await db
            .updateTable('products')
            .set({ trade_component: flag })
            .where('id', 'in', marked)
            .execute()
      }
      await db
        .deleteFrom('skus')
        .where(
          'product_pk',
          'in',
          part.map((i) => i.row.pk),
        )
        .execute()
    }
    await syncFacets(
      db,
      part.map((i) => i.row.pk),
      !upsert,
    )
  }
  const skus = items.flatMap((i) => i.skus)
  await upsertRows(db, 'skus', 'id', skus, 1000, upsert ? SKU_COLUMNS : undefined)
  await writeWire(
    db,
    items.map((i) => wireRow(i.row, i.wire)),
  )
}

async function writeWire(db: Db, rows: ReturnType<typeof wireRow>[]): Promise<void> {
  await upsertRows(db, 'product_wire', 'pk', rows, 500, WIRE_COLUMNS.slice(1))
}

/**
 * Insert `rows` into `table` in multi-row statements of `size`; where a row's `key` exists, its
 * `update` columns take the new row's values (no `update`: a plain insert).
 */
async function upsertRows<T extends 'shops' | 'categories' | 'skus' | 'product_wire'>(
  db: Db,
  table: T,
  key: 'id' | 'appid' | 'pk',
  rows: Insertable<Database[T]>[],
  size: number,
  update?: readonly (keyof Database[T] & string)[],
): Promise<void> {
  for (const part of chunks(rows, size)) {
    // Kysely cannot check a column list against a table chosen at run time.
    const ins = db.insertInto(table).values(part as never)
    await (update
      ? ins.onConflict((oc) =>
          oc
            .column(key as never)
            .doUpdateSet(
              (eb) =>
                Object.fromEntries(
                  update.map((c) => [c, eb.ref(`excluded.${c}` as never)]),
                ) as never,
            ),
        )
      : ins
    ).execute()
  }
}

/**
 * Re-serialise the stored wire JSON and refresh the facet rows of products whose stock or counts
 * changed outside an import (a purchase), so product/list never shows stale totals and its sales
 * sorts see the new counts.
 */
export async function rewriteWire(db: Db, pks: number[]): Promise<void> {
  if (pks.length === 0) return
  const rows = await db.selectFrom('products').selectAll().where('pk', 'in', pks).execute()
  const skus = await db
    .selectFrom('skus')
    .selectAll()
    .where('product_pk', 'in', pks)
    .orderBy('product_pk')
    .orderBy('seq')
    .execute()
  await writeWire(
    db,
    rows.map((r) =>
      wireRow(
        r,
        productWire(
          r,
          skus.filter((s) => Number(s.product_pk) === Number(r.pk)),
        ),
      ),
    ),
  ) // Last: a process that sees the change (catalogue-pages.ts) sees the new wire too.
  await syncFacets(db, pks)
}

/** Shop rows of validated shop records. */
export function shopRow(s: ShopImport): Database['shops'] {
  return {
    appid: s.appId,
    name: s.name,
    username: s.username,
    head_img_url: s.headImgUrl,
    express: s.shippingMethods.express,
    same_city: s.shippingMethods.sameCity,
    pickup: s.shippingMethods.pickup,
    address_list: s.addressList ? JSON.stringify(s.addressList) : null,
    same_city_template: s.sameCityTemplate ? JSON.stringify(s.sameCityTemplate) : null,
    freight_template: s.freightTemplate ? JSON.stringify(s.freightTemplate) : null,
  }
}

/** The shop columns an import line replaces (all but the key). */
const SHOP_COLUMNS = [
  'name',
  'username',
  'head_img_url',
  'express',
  'same_city',
  'pickup',
  'address_list',
  'same_city_template',
  'freight_template',
] as const

/** Upsert shops and rebuild their name grams and address rows. */
export async function writeShops(db: Db, shops: ShopImport[], rebuild = true): Promise<void> {
  await upsertRows(db, 'shops', 'appid', shops.map(shopRow), 400, SHOP_COLUMNS)
  // Every product of these shops shows their shopInfo.
  await logCatalogueChange(db)
  if (rebuild)
    await rebuildShopIndex(
      db,
      shops.map((s) => s.appId),
    )
}

/** Upsert categories whose levels are already known. */
export async function writeCategories(
  db: Db,
  rows: Insertable<Database['categories']>[],
): Promise<void> {
  await upsertRows(db, 'categories', 'id', rows, 500, ['parent_id', 'level', 'name', 'seq'])
  // Products show their categories' names.
  await logCatalogueChange(db)
}

/** Add (`selected` 1) or remove (0) products from the 精选 pool; returns how many exist. */
export async function setSelected(
  db: Db,
  productIds: string[],
  selected: number,
): Promise<{ updated: number; unknown: string[] }> {
  const found = new Set<string>()
  // One transaction, so the facet rows never disagree with products.
  await db.transaction().execute(async (trx) => {
    for (const part of chunks([...new Set(productIds)], 500)) {
      await trx.updateTable('products').set({ selected }).where('id', 'in', part).execute()
      const rows = await trx
        .selectFrom('products')
        .select(['id', 'pk'])
        .where('id', 'in', part)
        .execute()
      for (const r of rows) found.add(r.id)
      await syncFacets(
        trx,
        rows.map((r) => Number(r.pk)),
      )
    }
  })
  return { updated: found.size, unknown: productIds.filter((id) => !found.has(id)) }
}
