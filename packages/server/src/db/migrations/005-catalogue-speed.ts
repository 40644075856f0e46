import type { Kysely } from 'kysely'

/**
 * Catalogue read speed (issue 3 benchmarks).
 *
 * - `product_wire`: each product's wire JSON, serialised at write time (seed, import and
 *   purchases keep it up to date through productRows / rewriteWire), minus category names and
 *   shopInfo, which are
 *   spliced in at read time from their own tables so shop and category edits need no rewrite.
 *   A page is one query by pk list and string concatenation: no JSON.parse of the product's
 *   blobs and no JSON.stringify of the product per request. Existing products are filled here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // A table of its own: in `products` the text doubled the row size and slowed every scan.
  await db.schema
    .createTable('product_wire')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('wire', 'text', (c) => c.notNull())
    .execute()

  // Fill the column for products written before this migration, 1,000 at a time.
  // biome-ignore lint/suspicious/noExplicitAny: a migration reads the tables as they were then
  const d = db as Kysely<any>
  for (let after = 0; ; ) {
    const rows = await d
      .selectFrom('products')
      .selectAll()
      .where('pk', '>', after)
      .orderBy('pk')
      .limit(1000)
      .execute()
    if (rows.length === 0) break
    const pks = rows.map((r) => Number(r.pk))
    const skus = await d
      .selectFrom('skus')
      .selectAll()
      .where('product_pk', 'in', pks)
      .orderBy('product_pk')
      .orderBy('seq')
      .execute()
    const skusOf = new Map<number, Row[]>()
    for (const s of skus) {
      const list = skusOf.get(Number(s.product_pk)) ?? []
      list.push(s)
      skusOf.set(Number(s.product_pk), list)
    }
    await d
      .insertInto('product_wire')
      .values(rows.map((r) => ({ id: r.id, wire: productWire(r, skusOf.get(Number(r.pk)) ?? []) })))
      .execute()
    after = pks[pks.length - 1]!
  }
}

// Frozen copy of the product wire serialisation as it was when this migration shipped (Kysely:
// migrations never depend on the application's current code). Later changes to the live
// serialiser (services/catalogue-wire.ts) rewrite product_wire in their own migration.

type Row = Record<string, unknown>

const WIRE_SEP = '\u0001'
const CAT_MARK = '\u0001category'
const SHOP_MARK = '\u0001shop'

function parseJson<T>(text: unknown, fallback: T): T {
  if (text === null || text === undefined || text === '') return fallback
  return JSON.parse(String(text)) as T
}

function toWire(r: Row, skus: Row[]): unknown {
  const ratio = Number(r.commission_ratio)
  const hasCoupon = Number(r.has_coupon) === 1
  return {
    productId: r.id,
    product: {
      productId: r.id,
      status: Number(r.status),
      info: {
        title: r.title,
        subTitle: r.sub_title,
        headImg: parseJson(r.head_img, []),
        category: CAT_MARK,
        brand: r.brand,
        brandId: r.brand_id,
        model: r.model,
        detail: { detailImg: parseJson(r.detail_img, []) },
        param: parseJson(r.params, []),
        minPrice: Number(r.min_price),
        totalStockNum: Number(r.stock),
        totalSoldNum: Number(r.sold),
        totalOrderNum: Number(r.order_cnt),
        discountPrice: Number(r.discount_price),
      },
      skus: skus.map((s) => ({
        skuId: s.id,
        status: Number(s.status),
        productSkuInfo: {
          thumbImg: s.thumb_img,
          skuCode: s.sku_code,
          salePrice: Number(s.sale_price),
          marketPrice: Number(s.market_price),
          stockInfo: { stockNum: Number(s.stock) },
        },
      })),
    },
    leagueExInfo: {
      hasCommission: ratio > 0 ? 1 : 0,
      commissionRatio: ratio,
      commissionValue: Number(r.commission_value),
    },
    shopInfo: SHOP_MARK,
    couponInfo: hasCoupon
      ? { hasCoupon: 1, couponId: r.coupon_id ?? '', couponDetail: parseJson(r.coupon, undefined) }
      : { hasCoupon: 0 },
  }
}

/** The JSON text up to and including `"key":`, and the text after its placeholder value. */
function splitAtValue(text: string, key: string, marker: string): [string, string] {
  const keyText = `${JSON.stringify(key)}:`
  const pair = keyText + JSON.stringify(marker)
  const at = text.indexOf(pair)
  return [text.slice(0, at) + keyText, text.slice(at + pair.length)]
}

function productWire(r: Row, skus: Row[]): string {
  const text = JSON.stringify(toWire(r, skus))
  const [head, afterCategory] = splitAtValue(text, 'category', CAT_MARK)
  const [middle, tail] = splitAtValue(afterCategory, 'shopInfo', SHOP_MARK)
  return [head, middle, tail].join(WIRE_SEP)
}
