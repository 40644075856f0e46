import type { Kysely } from 'kysely'

/**
 * product_wire marks the image values that hold this server's paths (`/img/…`), which the read
 * path puts on the public URL: response text is no longer rewritten (issue 15 item 10). Stored
 * pieces written before carry such paths unmarked; they are written again, 1,000 at a time.
 * Catalogues with only outside image URLs have no such row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // biome-ignore lint/suspicious/noExplicitAny: a migration reads the tables as they were then
  const d = db as Kysely<any>
  for (let after = 0; ; ) {
    const rows = await d
      .selectFrom('products as p')
      .innerJoin('product_wire as w', 'w.id', 'p.id')
      .selectAll('p')
      .where('p.pk', '>', after)
      .where('w.wire', 'like', '%"/img/%')
      .orderBy('p.pk')
      .limit(1000)
      .execute()
    if (rows.length === 0) break
    const pks = rows.map((r) => Number(r.pk))
    const skus: Row[] = await d
      .selectFrom('skus')
      .selectAll()
      .where('product_pk', 'in', pks)
      .orderBy('product_pk')
      .orderBy('seq')
      .execute()
    for (const r of rows) {
      const wire = productWire(
        r,
        skus.filter((s) => Number(s.product_pk) === Number(r.pk)),
      )
      await d.updateTable('product_wire').set({ wire }).where('id', '=', r.id).execute()
    }
    after = pks[pks.length - 1]!
  }
}

// Frozen copy of the product wire serialisation as it was when this migration shipped (with the
// image marks): migrations never depend on the application's current code.

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
  const wire = toWire(r, skus) as {
    product: {
      info: { headImg: string[]; detail: { detailImg: string[] } }
      skus: { productSkuInfo: { thumbImg: string } }[]
    }
  }
  const text = markImages(JSON.stringify(wire), [
    ['headImg', wire.product.info.headImg],
    ['detailImg', wire.product.info.detail.detailImg],
    ...wire.product.skus.map((s) => ['thumbImg', s.productSkuInfo.thumbImg] as const),
  ])
  const [head, afterCategory] = splitAtValue(text, 'category', CAT_MARK)
  const [middle, tail] = splitAtValue(afterCategory, 'shopInfo', SHOP_MARK)
  return [head, middle, tail].join(WIRE_SEP)
}

const IMG_SEP = '\u0002'
const isOwnImage = (value: string) => value.startsWith('/img/')

/** Enclose in U+0002 each image value of `text` that holds one of this server's paths. */
function markImages(text: string, images: readonly (readonly [string, string | string[]])[]) {
  let out = ''
  let at = 0
  for (const [key, value] of images) {
    const own = Array.isArray(value) ? value.some(isOwnImage) : isOwnImage(value)
    const keyText = `${JSON.stringify(key)}:`
    const valueText = JSON.stringify(value)
    const i = text.indexOf(keyText + valueText, at)
    if (!own || i < 0) continue
    const valueAt = i + keyText.length
    out += `${text.slice(at, valueAt)}${IMG_SEP}${valueText}${IMG_SEP}`
    at = valueAt + valueText.length
  }
  return out + text.slice(at)
}
