/**
 * The union wire form of a product (union-api.md §5's `productList` item), and `product_wire`
 * (migration 005): a product's wire JSON serialised once when it is written, minus the two parts
 * that live in other tables (category names, shopInfo), spliced back in per page.
 * @module
 */
import type { UnionProduct } from '@tuike/contract'
import type { Selectable } from 'kysely'
import type { z } from 'zod'
import { codeOf, compactKeys, KEY_TOKENS } from '../db/migrations/022-compact-catalogue.ts'
import type { ProductsTable, ShopsTable, SkusTable } from '../db/schema.ts'
import { couponWire, type StoredCoupon } from './coupon.ts'

export { compactKeys }

import { imageUrl, imageUrls, isOwnImage } from './images.ts'

export type UnionProductOut = z.input<typeof UnionProduct>

export function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null || text === '') return fallback
  return JSON.parse(text) as T
}

type ShopInfoOut = UnionProductOut['shopInfo']

export type ShopRow = Pick<
  ShopsTable,
  | 'appid'
  | 'name'
  | 'username'
  | 'head_img_url'
  | 'express'
  | 'same_city'
  | 'pickup'
  | 'address_list'
  | 'same_city_template'
  | 'freight_template'
>

export function shopInfo(s: ShopRow, base: string): ShopInfoOut {
  const info: ShopInfoOut = {
    name: s.name,
    appId: s.appid,
    username: s.username,
    headImgUrl: imageUrl(s.head_img_url, base),
    shippingMethods: {
      express: Number(s.express) as 0 | 1,
      sameCity: Number(s.same_city) as 0 | 1,
      pickup: Number(s.pickup) as 0 | 1,
    },
  }
  if (s.address_list) info.addressList = parseJson(s.address_list, [])
  if (s.same_city_template) info.sameCityTemplate = parseJson(s.same_city_template, undefined)
  if (s.freight_template) info.freightTemplate = parseJson(s.freight_template, undefined)
  return info
}

/** A product's wire form; `base`: the public URL for this server's images ('' keeps paths). */
export function toWire(
  r: WireRow,
  skus: WireSku[],
  category: { catId: string; name: string }[],
  shop: ShopInfoOut,
  base: string,
): UnionProductOut {
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
        headImg: imageUrls(parseJson(r.head_img, []), base),
        category,
        brand: r.brand,
        brandId: r.brand_id,
        model: r.model,
        detail: { detailImg: imageUrls(parseJson(r.detail_img, []), base) },
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
          thumbImg: imageUrl(s.thumb_img, base),
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
    shopInfo: shop,
    couponInfo: hasCoupon
      ? {
          hasCoupon: 1,
          couponId: r.coupon_id ?? '',
          couponDetail: couponWire(parseJson<StoredCoupon>(r.coupon, null as never)),
        }
      : { hasCoupon: 0 },
  }
}

/** The product columns the wire form is built from. */
export type WireRow = Pick<
  Selectable<ProductsTable>,
  | 'id'
  | 'status'
  | 'title'
  | 'sub_title'
  | 'head_img'
  | 'brand'
  | 'brand_id'
  | 'model'
  | 'detail_img'
  | 'params'
  | 'min_price'
  | 'stock'
  | 'sold'
  | 'order_cnt'
  | 'discount_price'
  | 'commission_ratio'
  | 'commission_value'
  | 'has_coupon'
  | 'coupon_id'
  | 'coupon'
>
export type WireSku = Omit<SkusTable, 'product_pk' | 'seq'>

/** The image and prices of a union SKU, as open_product/list and target/plan_info repeat them. */
export function skuPrices(s: { thumbImg: string; salePrice: number; marketPrice: number }) {
  return { thumbImg: s.thumbImg, salePrice: s.salePrice, marketPrice: s.marketPrice }
}

export function missingShop(appid: string): ShopInfoOut {
  return {
    name: '',
    appId: appid,
    username: '',
    headImgUrl: '',
    shippingMethods: { express: 0, sameCity: 0, pickup: 0 },
  }
}

export function categoryOf(ids: string[], name: (id: string) => string | null | undefined) {
  return ids.filter((id) => id !== '').map((catId) => ({ catId, name: name(catId) ?? '' }))
}

/*
 * product_wire (migration 005): a product's wire JSON, serialised once when the product is
 * written, minus the two parts that live in other tables (category names, shopInfo). Stored as
 * three pieces joined by U+0001, which JSON.stringify never emits raw (control characters are
 * escaped): the JSON up to `"category":`, from there up to `"shopInfo":`, and the rest. A page
 * is then the pieces with the category array and shopInfo spliced in: no JSON.parse of the
 * product's blobs and no JSON.stringify of the product on the read path.
 *
 * An image value holding one of this server's paths (`"headImg":[…]`, `"detailImg":[…]`,
 * `"thumbImg":"…"`) is stored between two U+0002 (migration 011): the read path parses just
 * that value and puts the public URL in front of the paths, so the stored text never depends on
 * the URL and nothing else of it is touched.
 */
const WIRE_SEP = '\u0001'
const CAT_MARK = '\u0001category'
const SHOP_MARK = '\u0001shop'
const IMG_SEP = '\u0002'

/** The product_wire text of a product row and its SKUs (in SKU order). */
export function productWire(r: WireRow, skus: WireSku[]): string {
  const wire = toWire(r, skus, CAT_MARK as never, SHOP_MARK as unknown as ShopInfoOut, '')
  const text = markImages(JSON.stringify(wire), [
    ['headImg', wire.product.info.headImg],
    ['detailImg', wire.product.info.detail.detailImg],
    ...wire.product.skus.map((s) => ['thumbImg', s.productSkuInfo.thumbImg] as const),
  ])
  const [head, afterCategory] = splitAtValue(text, 'category', CAT_MARK)
  const [middle, tail] = splitAtValue(afterCategory, 'shopInfo', SHOP_MARK)
  return compactKeys([head, middle, tail].join(WIRE_SEP))
}

/*
 * Stored compactly (migration 022): each key of the wire form below, with the punctuation that
 * opens and follows it as JSON.stringify writes it, is stored as one control character
 * (U+0003–U+001E), or U+001F and a letter. JSON.stringify escapes every control character, so
 * none occurs raw in the text: any replacement of these pieces by their codes expands back
 * exactly. Keys are ~60 % of a product's wire text. The image keys stay as written (the image
 * marks of migration 011 are found by them). The table and the compaction are the migration's:
 * the stored form is what it wrote.
 */
const TOKEN_OF = new Map(KEY_TOKENS.map((t, i) => [codeOf(i), t]))
// biome-ignore lint/suspicious/noControlCharactersInRegex: the codes are control characters
const CODE = /[\u0003-\u001e]|\u001f[A-Z]/g

/** The wire text of a stored form (text stored before migration 022 has no codes). */
export function expandKeys(text: string): string {
  return text.replace(CODE, (c) => TOKEN_OF.get(c)!)
}

/**
 * Split JSON `text` around the value of `key`, a placeholder string `marker`: the text up to and
 * including `"key":`, and the text after the placeholder. A string value cannot contain an
 * unescaped quote, so the key:placeholder pair occurs once.
 */
function splitAtValue(text: string, key: string, marker: string): [before: string, after: string] {
  const keyText = `${JSON.stringify(key)}:`
  const pair = keyText + JSON.stringify(marker)
  const at = text.indexOf(pair)
  return [text.slice(0, at) + keyText, text.slice(at + pair.length)]
}

/**
 * Enclose in U+0002 each image value of `text` that holds one of this server's paths. `images`
 * are the (key, value) pairs in document order; a key followed by `":` is a key, never text
 * inside a string (whose quotes are escaped), so each is found exactly.
 */
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

/** The wire JSON of a product from its product_wire text and the spliced-in parts. */
export function composeWire(
  stored: string,
  categoryJson: string,
  shopJson: string,
  base: string,
): string {
  const wire = expandKeys(stored)
  const a = wire.indexOf(WIRE_SEP)
  const b = wire.indexOf(WIRE_SEP, a + 1)
  const text = `${wire.slice(0, a)}${categoryJson}${wire.slice(a + 1, b)}${shopJson}${wire.slice(b + 1)}`
  if (!text.includes(IMG_SEP)) return text
  const parts = text.split(IMG_SEP)
  for (let i = 1; i < parts.length; i += 2) {
    const value = JSON.parse(parts[i]!) as string | string[]
    parts[i] = JSON.stringify(Array.isArray(value) ? imageUrls(value, base) : imageUrl(value, base))
  }
  return parts.join('')
}
