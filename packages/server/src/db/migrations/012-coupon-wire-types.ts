import type { Kysely } from 'kysely'

/**
 * Coupon wire types (issue 14): couponDetail's times are now emitted as Beijing
 * `yyyy-MM-dd HH:mm:ss` strings and its condition and reduction as digit strings. The stored
 * coupon keeps its plain form; only the serialised product_wire of products with a coupon is
 * rewritten, 1,000 at a time.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // biome-ignore lint/suspicious/noExplicitAny: a migration reads the tables as they were then
  const d = db as Kysely<any>
  const rows = await d.selectFrom('products').select('pk').where('has_coupon', '=', 1).execute()
  const pks = rows.map((r) => Number(r.pk)).sort((a, b) => a - b)
  for (let i = 0; i < pks.length; i += 1000) {
    const chunk = pks.slice(i, i + 1000)
    const products: Row[] = await d
      .selectFrom('products')
      .selectAll()
      .where('pk', 'in', chunk)
      .execute()
    const skus: Row[] = await d
      .selectFrom('skus')
      .selectAll()
      .where('product_pk', 'in', chunk)
      .orderBy('product_pk')
      .orderBy('seq')
      .execute()
    for (const r of products) {
      const wire = productWire(
        r,
        skus.filter((s) => Number(s.product_pk) === Number(r.pk)),
      )
      await d.updateTable('product_wire').set({ wire }).where('id', '=', r.id).execute()
    }
  }
}

// Frozen copy of the product wire serialisation as it was when this migration shipped (image
// marks, coupon wire types): migrations never depend on the application's current code.

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
      ? {
          hasCoupon: 1,
          couponId: r.coupon_id ?? '',
          couponDetail: couponWire(parseJson<Coupon>(r.coupon, null as never)),
        }
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

interface Coupon {
  restNum: number
  type: number
  discountInfo: {
    discountCondition: { productIds?: string[]; productCnt: number; productPrice: number }
    discountNum?: number
    discountFee?: number
  }
  validInfo: { validType: number; validDayNum: number; startTime: number; endTime: number }
  receiveInfo: { startTime: number; endTime: number; limitNumOnePerson: number }
}

const BEIJING_MS = 8 * 3600 * 1000

/** `yyyy-MM-dd HH:mm:ss` in Beijing time of Unix seconds `t`; `""` for 0. */
function couponTime(t: number): string {
  if (t === 0) return ''
  return new Date(t * 1000 + BEIJING_MS).toISOString().slice(0, 19).replace('T', ' ')
}

function couponWire(c: Coupon) {
  const d = c.discountInfo
  return {
    restNum: c.restNum,
    type: c.type,
    discountInfo: {
      discountCondition: {
        productIds: d.discountCondition.productIds,
        productCnt: String(d.discountCondition.productCnt),
        productPrice: String(d.discountCondition.productPrice),
      },
      ...(d.discountNum !== undefined ? { discountNum: d.discountNum } : {}),
      ...(d.discountFee !== undefined ? { discountFee: String(d.discountFee) } : {}),
    },
    validInfo: {
      validType: c.validInfo.validType,
      validDayNum: c.validInfo.validDayNum,
      startTime: couponTime(c.validInfo.startTime),
      endTime: couponTime(c.validInfo.endTime),
    },
    receiveInfo: {
      startTime: couponTime(c.receiveInfo.startTime),
      endTime: couponTime(c.receiveInfo.endTime),
      limitNumOnePerson: c.receiveInfo.limitNumOnePerson,
    },
  }
}
