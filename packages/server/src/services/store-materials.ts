/**
 * Promotion materials of the successor API (store-promoter-api.md §6). One (sharer, product)
 * has one 8-character code, derived with the server key from the sharer's spot and the product,
 * stored in `materials` (store = 1) so the union's landing page, Buy button, ticket check and
 * purchase path serve it: `http_short_link` is `<publicUrl>/shop/a/<code>`, `short_link` the
 * configured template, `qrcode_url` a PNG of the http link, and `product_promotion_link` is
 * `v1=` + the base64url of the code's signed ticket (a forged one attributes nothing).
 * @module
 */
import type { EndpointInput, EndpointResponse, STORE_ENDPOINTS } from '@tuike/contract'
import type { Kysely, Selectable } from 'kysely'
import { type Clock, nowSeconds } from '../clock.ts'
import type { ServerConfig } from '../config.ts'
import type { Database, ProductsTable } from '../db/schema.ts'
import { WechatError } from './errors.ts'
import { type Materials, materialRow } from './materials.ts'
import type { Sharers } from './sharers.ts'

type E = typeof STORE_ENDPOINTS
type Body = EndpointInput<E['promoter/get_product_promotion_link_info']>
type Out<K extends keyof E> = Omit<EndpointResponse<E[K]>, 'errcode' | 'errmsg'>

/** Length of a successor material code ("…/shop/a/xxxxxxxx"). */
const STORE_CODE_LENGTH = 8
const CODE = '([a-km-np-z2-9]{8})'

export class StoreMaterials {
  readonly #db: Kysely<Database>
  readonly #clock: Clock
  readonly #config: ServerConfig
  readonly #materials: Materials
  readonly #sharers: Sharers
  constructor(
    db: Kysely<Database>,
    clock: Clock,
    config: ServerConfig,
    materials: Materials,
    sharers: Sharers,
  ) {
    this.#db = db
    this.#clock = clock
    this.#config = config
    this.#materials = materials
    this.#sharers = sharers
  }

  /** The code behind any successor material (either short link or a product_promotion_link). */
  codeOf(link: string): string | undefined {
    const text = link.trim()
    if (text.startsWith('v1=')) {
      const ticket = Buffer.from(text.slice(3), 'base64url').toString()
      return this.#materials.verifyTicket(ticket)
    }
    const http = new RegExp(`/shop/a/${CODE}(?:[?#].*)?$`).exec(text)
    if (http) return http[1]
    const [before, after] = this.#config.storeShortLinkTemplate.split('{code}')
    const short = new RegExp(
      `^${escapeRegExp(before ?? '')}${CODE}${escapeRegExp(after ?? '')}$`,
    ).exec(text)
    return short?.[1]
  }

  /**
   * The material of a request (§6.0): the sharer bound to `appid` (10071029, 10071056), the
   * product by id and shop or by one of our short links (10071003), promotable now (10071053).
   */
  async #material(
    appid: string,
    input: Body,
  ): Promise<{ code: string; product: Selectable<ProductsTable> }> {
    const { binding } = await this.#sharers.bound(appid, input)
    let productId = input.product_id
    let shop = input.shop_appid
    if (productId === undefined) {
      const code = this.codeOf(input.product_short_link ?? '')
      const m = code
        ? await this.#db
            .selectFrom('materials')
            .select(['product_id', 'shop_appid'])
            .where('code', '=', code)
            .where('store', '=', 1)
            .executeTakeFirst()
        : undefined
      if (!m)
        throw new WechatError(
          10071003,
          `参数错误: product_short_link ${input.product_short_link} is not a short link of get_product_promotion_link_info`,
        )
      productId = m.product_id
      shop = m.shop_appid
    }
    const product = await this.#db
      .selectFrom('products')
      .selectAll()
      .where('id', '=', productId)
      .executeTakeFirst()
    // Listed products are promotable under the public plan; Tuike has no 供货机构 plans.
    if (
      !product ||
      product.shop_appid !== shop ||
      product.status !== 5 ||
      input.head_supplier_appid !== undefined
    ) {
      throw new WechatError(
        10071053,
        `商品不在架: product ${productId} of shop ${shop} is not promotable by this 机构`,
      )
    }
    const code = this.#materials
      .code(binding.pid, product.id, '', false)
      .slice(0, STORE_CODE_LENGTH)
    await this.#db
      .insertInto('materials')
      .values({
        ...materialRow({
          code,
          appid,
          pid: binding.pid,
          product,
          customizeInfo: '',
          coupon: 0,
          now: nowSeconds(this.#clock),
        }),
        store: 1,
      })
      .onConflict((oc) => oc.column('code').doNothing())
      .execute()
    return { code, product }
  }

  /** get_product_promotion_link_info (§6.1). */
  async link(
    appid: string,
    input: Body,
    base: string,
  ): Promise<Out<'promoter/get_product_promotion_link_info'>> {
    const { code, product } = await this.#material(appid, input)
    return {
      short_link: this.#config.storeShortLinkTemplate.replace('{code}', code),
      http_short_link: `${base}/shop/a/${code}`,
      product_id: product.id,
      shop_appid: product.shop_appid,
    }
  }

  /** get_product_promotion_qrcode_info (§6.2). */
  async qrcode(
    appid: string,
    input: Body,
    base: string,
  ): Promise<Out<'promoter/get_product_promotion_qrcode_info'>> {
    const { code } = await this.#material(appid, input)
    return { qrcode_url: `${base}/qr/${code}.png` }
  }

  /** get_promoter_single_product_promotion_info (§6.3). */
  async promotionLink(
    appid: string,
    input: Body,
  ): Promise<Out<'promoter/get_promoter_single_product_promotion_info'>> {
    const { code } = await this.#material(appid, input)
    return {
      product_promotion_link: `v1=${Buffer.from(this.#materials.ticket(code)).toString('base64url')}`,
    }
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
