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
const IMG_SEP = '\u0002'

/**
 * The product_wire text of a product row and its SKUs (in SKU order): what `toWire` serialises
 * with the two placeholders cut out, its own image values marked, and its keys compacted, but
 * written straight as the stored form: the fixed keys as their codes, the values as
 * JSON.stringify writes them, and only the free-form parts (param, the coupon) through
 * compactKeys. Building the object, serialising it, finding the markers and the images again
 * and compacting every key with a regular expression was ~30 % of a bulk seed.
 *
 * Byte for byte what compactKeys makes of the serialised wire form: compactKeys scans left to
 * right and a key token never spans two of the parts written here (each part below starts
 * where a token or a value ended, and a JSON string value holds no unescaped quote).
 */
export function productWire(r: WireRow, skus: WireSku[]): string {
  const ratio = Number(r.commission_ratio)
  let out = `${K.root}${str(r.id)}${K.product}${str(r.id)}${K.status}${num(r.status)}`
  out += `${K.info}${str(r.title)}${K.subTitle}${str(r.sub_title)}`
  out += `,"headImg":${images(parseJson<string[]>(r.head_img, []))}`
  out += `${K.category}${WIRE_SEP}${K.brand}${str(r.brand)}${K.brandId}${str(r.brand_id)}`
  out += `${K.model}${str(r.model)}${K.detail}"detailImg":${images(parseJson<string[]>(r.detail_img, []))}}`
  out += compactKeys(`,"param":${JSON.stringify(parseJson(r.params, []))}`)
  out += `${K.minPrice}${num(r.min_price)}${K.totalStockNum}${num(r.stock)}`
  out += `${K.totalSoldNum}${num(r.sold)}${K.totalOrderNum}${num(r.order_cnt)}`
  out += `${K.discountPrice}${num(r.discount_price)}}${K.skus}`
  for (const [i, s] of skus.entries()) {
    if (i > 0) out += ','
    out += `${K.skuId}${str(s.id)}${K.status}${num(s.status)}${K.productSkuInfo}`
    out += `"thumbImg":${image(s.thumb_img)}${K.skuCode}${str(s.sku_code)}`
    out += `${K.salePrice}${num(s.sale_price)}${K.marketPrice}${num(s.market_price)}`
    out += `${K.stockInfo}${K.stockNum}${num(s.stock)}}}}`
  }
  out += `]}${K.leagueExInfo}${ratio > 0 ? 1 : 0}${K.commissionRatio}${num(ratio)}`
  out += `${K.commissionValue}${num(r.commission_value)}}${K.shopInfo}${WIRE_SEP}${K.couponInfo}`
  if (Number(r.has_coupon) !== 1) return `${out}0}}`
  const coupon = couponWire(parseJson<StoredCoupon>(r.coupon, null as never))
  out += `1${K.couponId}${str(r.coupon_id ?? '')}`
  return `${out}${compactKeys(`,"couponDetail":${JSON.stringify(coupon)}`)}}}`
}

/** The codes of the fixed keys productWire writes (compactKeys' codes of KEY_TOKENS). */
const K = {
  root: code('{"productId":'),
  product: `${code(',"product":{')}${code('"productId":')}`,
  status: code(',"status":'),
  info: `${code(',"info":{')}${code('"title":')}`,
  subTitle: code(',"subTitle":'),
  category: code(',"category":'),
  brand: code(',"brand":'),
  brandId: code(',"brandId":'),
  model: code(',"model":'),
  detail: code(',"detail":{'),
  minPrice: code(',"minPrice":'),
  totalStockNum: code(',"totalStockNum":'),
  totalSoldNum: code(',"totalSoldNum":'),
  totalOrderNum: code(',"totalOrderNum":'),
  discountPrice: code(',"discountPrice":'),
  skus: code(',"skus":['),
  skuId: code('{"skuId":'),
  productSkuInfo: code(',"productSkuInfo":{'),
  skuCode: code(',"skuCode":'),
  salePrice: code(',"salePrice":'),
  marketPrice: code(',"marketPrice":'),
  stockInfo: code(',"stockInfo":{'),
  stockNum: code('"stockNum":'),
  leagueExInfo: `${code(',"leagueExInfo":{')}${code('"hasCommission":')}`,
  commissionRatio: code(',"commissionRatio":'),
  commissionValue: code(',"commissionValue":'),
  shopInfo: code(',"shopInfo":'),
  couponInfo: `${code(',"couponInfo":{')}${code('"hasCoupon":')}`,
  couponId: code(',"couponId":'),
}

function code(token: string): string {
  const i = KEY_TOKENS.indexOf(token)
  if (i < 0) throw new Error(`no key code for ${token}`)
  return codeOf(i)
}

/** A string value as JSON.stringify writes it. */
const str = (v: string) => JSON.stringify(v)

/** A number value as JSON.stringify writes it (`null` when not finite). */
function num(v: unknown): string {
  const n = Number(v)
  return Number.isFinite(n) ? String(n) : 'null'
}

/** An image value, between two IMG_SEP when it holds one of this server's paths. */
function image(value: string): string {
  const text = JSON.stringify(value)
  return isOwnImage(value) ? `${IMG_SEP}${text}${IMG_SEP}` : text
}

function images(values: string[]): string {
  const text = JSON.stringify(values)
  return values.some(isOwnImage) ? `${IMG_SEP}${text}${IMG_SEP}` : text
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
