/**
 * Promotion materials and attribution (union-api.md §7, §14.5): product/generate ties a product
 * to a promotion spot (pid) and an optional customizeInfo; each material gets a short code
 * derived with the server key from (pid, product, customizeInfo, coupon), so the same request
 * always yields the same code, and a ticket signed with the server key. A buyer's purchase through
 * a code or a valid ticket creates an order attributed to that spot, with price and ratio
 * snapshotted. Unknown codes and bad tickets attribute nothing.
 * @module
 */

import { createHmac } from 'node:crypto'
import { type GeneratedMaterial, yuanWords } from '@tuike/contract'
import { type Insertable, type Kysely, type Selectable, sql, type Transaction } from 'kysely'
import type { z } from 'zod'
import { type Clock, nowSeconds } from '../clock.ts'
import type { ServerConfig } from '../config.ts'
import type {
  Database,
  MaterialsTable,
  ProductsTable,
  ShopsTable,
  SkusTable,
} from '../db/schema.ts'
import { safeEqual } from '../security/hash.ts'
import { CLICK_WINDOW_SECONDS, visitorOf } from '../security/visits.ts'
import { rewriteWire } from './catalogue-write.ts'
import { WechatError } from './errors.ts'
import { imageUrls } from './images.ts'
import { NO_OBSERVER, type Observer } from './observer.ts'
import { customUserIdOf } from './open-accounts.ts'
import { insertOrder } from './orders.ts'
import { planRatio } from './plans.ts'
import { liveSpots } from './promotions.ts'
import { promotionTag } from './share-copy.ts'
import { storeAttribution } from './store-orders.ts'

/** The 小商店 plugin every product path opens in (as in WeChat's examples). */
const PLUGIN_PATH = 'plugin-private://wx34345ae5855f892d/pages/productDetail/productDetail'
/** Lowercase base32 without look-alikes (no 0/1/l/o), for short codes people may retype. */
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789'
const CODE_LENGTH = 12

export type Material = z.input<typeof GeneratedMaterial>
export type Product = Selectable<ProductsTable>
export type Sku = Selectable<SkusTable>
export type Shop = Selectable<ShopsTable>

export interface GenerateItem {
  productId: string
  appId: string
  customizeInfo?: string
}

export interface Purchase {
  code: string
  skuId?: string
  quantity?: number
  payTime?: number
  /** The buyer's unionid: a customize value the promoter bound to it becomes customUserId. */
  unionid?: string
}

/** Everything the landing page shows. */
export interface Landing {
  material: Selectable<MaterialsTable>
  product: Product
  skus: Sku[]
  shop: Shop
  ticket: string
  url: string
}

function base32(bytes: Buffer, length: number): string {
  let out = ''
  let acc = 0
  let bits = 0
  for (const b of bytes) {
    acc = (acc << 8) | b
    bits += 8
    while (bits >= 5 && out.length < length) {
      out += ALPHABET[(acc >>> (bits - 5)) & 31]
      bits -= 5
    }
    acc &= 0xff
  }
  return out
}

/** The stored row of a generated material (a short code and what it stands for). */
export function materialRow(m: {
  code: string
  appid: string
  pid: string
  product: { id: string; shop_appid: string }
  customizeInfo: string
  coupon: 0 | 1
  now: number
}): Insertable<MaterialsTable> {
  return {
    code: m.code,
    appid: m.appid,
    pid: m.pid,
    product_id: m.product.id,
    shop_appid: m.product.shop_appid,
    customize_info: m.customizeInfo,
    coupon: m.coupon,
    created_at: m.now,
  }
}

/** The material behind a short code, with the name and state of its spot (kept when deleted). */
export function materialWithSpot(db: Kysely<Database> | Transaction<Database>, code: string) {
  return db
    .selectFrom('materials as m')
    .innerJoin('promotion_spots as s', 's.pid', 'm.pid')
    .select([
      'm.appid',
      'm.pid',
      'm.product_id',
      'm.customize_info',
      'm.coupon',
      's.name as spot_name',
      's.deleted_at',
    ])
    .where('m.code', '=', code)
    .executeTakeFirst()
}

/** How both material answers (product/generate, open_product/generate) begin `productInfo`. */
export function productInfoHead(p: Product, base: string) {
  return {
    productId: p.id,
    title: p.title,
    subTitle: p.sub_title,
    headImg: imageUrls(JSON.parse(p.head_img) as string[], base),
  }
}

export class Materials {
  readonly #db: Kysely<Database>
  readonly #clock: Clock
  readonly #config: ServerConfig
  readonly #key: string
  readonly #observer: Observer
  constructor(
    db: Kysely<Database>,
    clock: Clock,
    config: ServerConfig,
    serverKey: string,
    observer: Observer = NO_OBSERVER,
  ) {
    this.#db = db
    this.#clock = clock
    this.#config = config
    this.#key = serverKey
    this.#observer = observer
  }

  /** Base URL of short links: the configured public URL, else the origin the request came to. */
  baseUrl(requestUrl: string): string {
    return this.#config.publicUrl || new URL(requestUrl).origin
  }

  /** The short code of a material: HMAC of the tuple with the server key. */
  code(pid: string, productId: string, customizeInfo: string, coupon: boolean): string {
    const mac = createHmac('sha256', this.#key)
      .update(`code\n${pid}\n${productId}\n${customizeInfo}\n${coupon ? 1 : 0}`)
      .digest()
    return base32(mac, CODE_LENGTH)
  }

  /** A ticket carrying `code`, signed with the server key: `<code>.<mac>`. */
  ticket(code: string): string {
    return `${code}.${this.#mac(code)}`
  }

  /** The code of a valid ticket, else undefined. */
  verifyTicket(ticket: string): string | undefined {
    const dot = ticket.indexOf('.')
    if (dot <= 0) return undefined
    const code = ticket.slice(0, dot)
    return safeEqual(ticket.slice(dot + 1), this.#mac(code)) ? code : undefined
  }

  #mac(code: string): string {
    return createHmac('sha256', this.#key)
      .update(`ticket\n${code}`)
      .digest('base64url')
      .slice(0, 22)
  }

  /**
   * What both generate endpoints check first: at most `generateMaxProducts` items, `pid` a live
   * spot of the caller (200002), and every product found and accepted by `refuse` (200001 with
   * its reason, as WeChat answers opaquely). Answers the products by id.
   */
  async checkRequest(
    appid: string,
    pid: string,
    items: GenerateItem[],
    refuse: (p: Product, item: GenerateItem) => string | undefined,
  ) {
    const max = this.#config.generateMaxProducts
    if (items.length > max) {
      throw new WechatError(200002, `productList: at most ${max} products per call`)
    }
    const spot = await liveSpots(this.#db, appid)
      .select('pid')
      .where('pid', '=', pid)
      .executeTakeFirst()
    if (!spot)
      throw new WechatError(200002, `pid ${pid} is not a live promotion spot of this account`)
    const ids = [...new Set(items.map((i) => i.productId))]
    const products = await this.#db
      .selectFrom('products')
      .selectAll()
      .where('id', 'in', ids)
      .execute()
    const byId = new Map(products.map((p) => [p.id, p]))
    for (const item of items) {
      const p = byId.get(item.productId)
      const reason = p ? refuse(p, item) : 'is not in the catalogue'
      if (reason) throw new WechatError(200001, `system error: product ${item.productId} ${reason}`)
    }
    return { products, byId }
  }

  /** product/generate for the caller's live spot `pid`. `base` is the public base URL. */
  async generate(
    appid: string,
    pid: string,
    items: GenerateItem[],
    base: string,
  ): Promise<{ list: Material[] }> {
    const { products, byId } = await this.checkRequest(appid, pid, items, (p, item) =>
      // WeChat answers a product outside the shop (or a SKU id) with an opaque 200001.
      p.shop_appid === item.appId ? undefined : `does not belong to shop ${item.appId}`,
    )
    const appids = [...new Set(products.map((p) => p.shop_appid))]
    const shops = await this.#db
      .selectFrom('shops')
      .selectAll()
      .where('appid', 'in', appids)
      .execute()
    const shopOf = new Map(shops.map((s) => [s.appid, s]))

    const now = nowSeconds(this.#clock)
    const rows: Insertable<MaterialsTable>[] = []
    const list = items.map((item): Material => {
      const p = byId.get(item.productId)!
      const shop = shopOf.get(p.shop_appid)
      const shopName = shop?.name ?? ''
      const ci = item.customizeInfo ?? ''
      const hasCoupon = p.has_coupon === 1
      const code = this.code(pid, p.id, ci, false)
      rows.push(materialRow({ code, appid, pid, product: p, customizeInfo: ci, coupon: 0, now }))
      const url = `${base}/s/${code}`
      const minPrice = Number(p.min_price)
      const discountPrice = hasCoupon ? Number(p.discount_price) : minPrice
      const wording = (link: string, price: number) =>
        `好评💦好价速撸…\n————\n${p.title}\n\n开抢啦：${yuanWords(price)}元\n${link}`
      const shareInfo: NonNullable<Material['shareInfo']> = {
        appId: p.shop_appid,
        ...(shop?.username ? { username: shop.username } : {}),
        path: `${PLUGIN_PATH}?productId=${p.id}&ticket=${this.ticket(code)}`,
        promotionUrl: url,
        promotionWording: wording(url, minPrice),
        promotionTag: promotionTag(shopName, p.title, code),
      }
      if (hasCoupon) {
        const couponCode = this.code(pid, p.id, ci, true)
        rows.push(
          materialRow({
            code: couponCode,
            appid,
            pid,
            product: p,
            customizeInfo: ci,
            coupon: 1,
            now,
          }),
        )
        const couponUrl = `${base}/s/${couponCode}`
        Object.assign(shareInfo, {
          couponPath: `${PLUGIN_PATH}?productId=${p.id}&couponId=${p.coupon_id ?? ''}&ticket=${this.ticket(couponCode)}`,
          couponPromotionUrl: couponUrl,
          couponPromotionWording: wording(couponUrl, discountPrice),
          couponPromotionTag: promotionTag(shopName, p.title, couponCode),
        })
      }
      return {
        productId: p.id,
        pid,
        productInfo: {
          ...productInfoHead(p, base),
          minPrice,
          discount: minPrice - discountPrice,
          discountPrice,
          shopName,
          pluginResult: p.status === 5 ? 1 : 0,
          totalStockNum: Number(p.stock),
        },
        shareInfo,
      }
    })
    await this.save(rows)
    return { list }
  }

  /** Store generated materials, 200 rows a statement. */
  async save(rows: Insertable<MaterialsTable>[]): Promise<void> {
    // The code is a function of the tuple, so a repeat request finds its rows already there.
    const unique = [...new Map(rows.map((r) => [r.code, r])).values()]
    for (let i = 0; i < unique.length; i += 200) {
      await this.#db
        .insertInto('materials')
        .values(unique.slice(i, i + 200))
        .onConflict((oc) => oc.column('code').doNothing())
        .execute()
    }
  }

  /** product/parse_tag: each tag's product, or a per-item 37027. */
  async parseTags(tags: string[]): Promise<{
    tagList: (
      | { productId: string; source: 1; productAppid: string }
      | { errcode: number; errmsg: string }
    )[]
  }> {
    const codes = tags.map((t) => /^#小程序:\/\/.+\/([a-z2-9]+)$/su.exec(t.trim())?.[1])
    const known = codes.filter((c): c is string => c !== undefined)
    const rows =
      known.length > 0
        ? await this.#db
            .selectFrom('materials')
            .select(['code', 'product_id', 'shop_appid'])
            .where('code', 'in', known)
            .execute()
        : []
    const byCode = new Map(rows.map((r) => [r.code, r]))
    return {
      tagList: codes.map((c) => {
        const m = c ? byCode.get(c) : undefined
        return m
          ? { productId: m.product_id, source: 1 as const, productAppid: m.shop_appid }
          : { errcode: 37027, errmsg: 'tag not exist' }
      }),
    }
  }

  /** The landing page's data for `code`, or undefined for an unknown code. */
  async landing(code: string, base: string): Promise<Landing | undefined> {
    const material = await this.#db
      .selectFrom('materials')
      .selectAll()
      .where('code', '=', code)
      .executeTakeFirst()
    if (!material) return undefined
    const product = await this.#db
      .selectFrom('products')
      .selectAll()
      .where('id', '=', material.product_id)
      .executeTakeFirst()
    if (!product) return undefined
    const [skus, shop] = await Promise.all([
      this.#db
        .selectFrom('skus')
        .selectAll()
        .where('product_pk', '=', product.pk)
        .orderBy('seq')
        .execute(),
      this.#db
        .selectFrom('shops')
        .selectAll()
        .where('appid', '=', product.shop_appid)
        .executeTakeFirstOrThrow(),
    ])
    // A successor material's own link is its http_short_link (store-promoter-api.md §6.1).
    const url = material.store === 1 ? `${base}/shop/a/${code}` : `${base}/s/${code}`
    return { material, product, skus, shop, ticket: this.ticket(code), url }
  }

  /**
   * Count one click of a short link for its spot, unless `visitor` (security/visits.ts) already
   * clicked it in the current window.
   */
  async click(code: string, pid: string, visitor: string): Promise<void> {
    const at = nowSeconds(this.#clock)
    await this.#db
      .insertInto('material_clicks')
      .values({
        code,
        pid,
        at,
        visitor,
        window_start: at - (at % CLICK_WINDOW_SECONDS),
      })
      .onConflict((oc) => oc.columns(['code', 'visitor', 'window_start']).doNothing())
      .execute()
  }

  /** The visitor of a request (a keyed hash of its address and User-Agent). */
  visitor(address: string, userAgent: string): string {
    return visitorOf(this.#key, address, userAgent)
  }

  /**
   * The Buy form's CSRF token: `browser` is the random value of the page's first-party cookie,
   * so a form posted from another site (which can neither read nor send that cookie) fails.
   */
  formToken(code: string, browser: string): string {
    return createHmac('sha256', this.#key)
      .update(`buy\n${code}\n${browser}`)
      .digest('base64url')
      .slice(0, 22)
  }

  /** Clicks per spot of the account (all time). */
  async clicks(pid: string): Promise<number> {
    const row = await this.#db
      .selectFrom('material_clicks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('pid', '=', pid)
      .executeTakeFirstOrThrow()
    return Number(row.n)
  }

  /**
   * A buyer's purchase through `code`: one transaction that takes the stock (a conditional
   * decrement, so it never goes below zero), snapshots price, ratio (the plan's when the promoter
   * is joined to a targeted plan of the product whose window holds the pay time) and attribution,
   * and stores the order; a buyer unionid with a customize value gives its customUserId. A deleted spot still earns: attribution uses the spot row, which is kept.
   */
  async purchase(p: Purchase): Promise<{ orderId: string }> {
    const quantity = p.quantity ?? 1
    const payTime = p.payTime ?? nowSeconds(this.#clock)
    const bought = await this.#db.transaction().execute(async (trx) => {
      const m = await materialWithSpot(trx, p.code)
      if (!m) throw new WechatError(200002, `no material with code ${p.code}`, 'not_found')
      await refuseDisabled(trx, m.appid)
      await storeAttribution(trx, m.appid, m.pid)
      const product = await trx
        .selectFrom('products')
        .selectAll()
        .where('id', '=', m.product_id)
        .executeTakeFirst()
      if (!product)
        throw new WechatError(200002, `product ${m.product_id} is no longer sold`, 'conflict')
      const sku = await pickSku(trx, product.pk, p.skuId, quantity)
      const taken = await trx
        .updateTable('skus')
        .set((eb) => ({ stock: eb('stock', '-', quantity) }))
        .where('id', '=', sku.id)
        .where('stock', '>=', quantity)
        .executeTakeFirst()
      if (Number(taken.numUpdatedRows) === 0) {
        throw new WechatError(
          200002,
          `out of stock: ${Number(sku.stock)} left of SKU ${sku.id}`,
          'conflict',
        )
      }
      await trx
        .updateTable('products')
        .set((eb) => ({
          // Product stock is the sum shown in listings; never below zero.
          stock: sql<number>`case when stock >= ${quantity} then stock - ${quantity} else 0 end`,
          sold: eb('sold', '+', quantity),
          order_cnt: eb('order_cnt', '+', 1),
        }))
        .where('pk', '=', product.pk)
        .execute()
      await rewriteWire(trx, [Number(product.pk)])
      const [shop, categoryStr, ratio, customUserId] = await Promise.all([
        trx
          .selectFrom('shops')
          .select('name')
          .where('appid', '=', product.shop_appid)
          .executeTakeFirst(),
        categoryNames(trx, product),
        // A targeted plan the promoter has joined overrides the ratio inside its window.
        planRatio(trx, m.appid, product.id, payTime, product.commission_ratio),
        customUserIdOf(trx, m.appid, p.unionid),
      ])
      let price = Number(sku.sale_price) * quantity
      if (m.coupon === 1 && product.has_coupon === 1) {
        price = Math.max(0, price - (Number(product.min_price) - Number(product.discount_price)))
      }
      const head = JSON.parse(product.head_img) as string[]
      const orderId = await insertOrder(trx, {
        appid: m.appid,
        shopAppid: product.shop_appid,
        shopName: shop?.name ?? '',
        payTime,
        customUserId,
        lines: [
          {
            productId: product.id,
            skuId: sku.id,
            title: product.title,
            thumbImg: sku.thumb_img || head[0] || '',
            price,
            productCnt: quantity,
            ratio,
            categoryStr,
            pid: m.pid,
            spotName: m.spot_name,
            customizeInfo: m.customize_info,
          },
        ],
      })
      return { orderId }
    })
    this.#observer.purchased(bought.orderId)
    return bought
  }
}

async function pickSku(
  trx: Transaction<Database>,
  productPk: number,
  skuId: string | undefined,
  quantity: number,
): Promise<Sku> {
  let q = trx.selectFrom('skus').selectAll().where('product_pk', '=', productPk)
  if (skuId !== undefined) q = q.where('id', '=', skuId)
  const skus = await q.orderBy('seq').execute()
  if (skus.length === 0) {
    throw new WechatError(
      200002,
      skuId ? `SKU ${skuId} is not a SKU of this product` : 'the product has no SKU',
      'conflict',
    )
  }
  return skus.find((s) => Number(s.stock) >= quantity) ?? skus[0]!
}

async function categoryNames(trx: Transaction<Database>, p: Product): Promise<string> {
  const ids = [p.cat1, p.cat2, p.cat3].filter((c) => c !== '')
  if (ids.length === 0) return ''
  const rows = await trx
    .selectFrom('categories')
    .select(['id', 'name'])
    .where('id', 'in', ids)
    .execute()
  const name = new Map(rows.map((r) => [r.id, r.name]))
  return ids.map((id) => name.get(id) ?? id).join(',')
}

/**
 * A disabled account earns nothing: no purchase goes through its links (the landing page
 * answers 410), so no order and no commission accrues to it (docs/security.md).
 */
async function refuseDisabled(trx: Transaction<Database>, appid: string): Promise<void> {
  const owner = await trx
    .selectFrom('promoters')
    .select('status')
    .where('appid', '=', appid)
    .executeTakeFirst()
  if (owner?.status !== 'active') {
    throw new WechatError(
      200002,
      `the promoter of this link (${appid}) is disabled: its links sell nothing and earn nothing`,
      'conflict',
    )
  }
}
