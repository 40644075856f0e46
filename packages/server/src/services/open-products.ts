/**
 * Trade-component (自定义交易组件) products (union-api.md §14.6–§14.7): catalogue products
 * flagged `trade_component` (the demo seed flags some; the product import takes
 * `tradeComponent`). They stay in product/list too: the flag says they are also sold through a
 * trade-component mini-program, whose product page is `pages/product/detail?id=<productId>`.
 *
 * open_product/generate reuses the material machinery of product/generate (the same short codes,
 * tickets, landing page and purchases), with the seller's mini-program path instead of the
 * 小商店 plugin. `shopStatus` comes from the shop_states table (0 normal, 1 balance too low); when it
 * is not 0 the item has no shareInfo and no material is stored. `getShortUrl: false` gives the
 * long form of the link (`<base>/s/<code>?pid=…&productId=…`, the same landing page).
 * `getInfo` is accepted, but productInfo is always emitted (the contract requires it).
 * @module
 */

import {
  type OpenGeneratedProductInfo,
  type OpenProduct,
  type OpenShareInfo,
  yuanWords,
} from '@tuike/contract'
import type { Insertable, Kysely } from 'kysely'
import type { z } from 'zod'
import { type Clock, nowSeconds } from '../clock.ts'
import type { Database, MaterialsTable } from '../db/schema.ts'
import type { Catalogue, CatalogueQuery } from './catalogue.ts'
import { skuPrices } from './catalogue-wire.ts'
import { type GenerateItem, type Materials, materialRow, productInfoHead } from './materials.ts'
import { promotionTag } from './share-copy.ts'

/** The product page of a trade-component product in its seller's mini-program. */
export function tradePath(productId: string): string {
  return `pages/product/detail?id=${productId}`
}

export interface OpenMaterial {
  productId: string
  pid: string
  productInfo: z.input<typeof OpenGeneratedProductInfo>
  shareInfo?: z.input<typeof OpenShareInfo>
}

export class OpenProducts {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly catalogue: Catalogue,
    private readonly materials: Materials,
  ) {}

  /** open_product/list: one page of trade-component products and the total. */
  async list(
    q: CatalogueQuery,
    base: string,
  ): Promise<{ productList: z.input<typeof OpenProduct>[]; total: number }> {
    const { productList, total } = await this.catalogue.search({ ...q, tradeOnly: true }, base)
    return {
      total,
      productList: productList.map((w) => {
        const info = w.product.info
        return {
          product: {
            productId: w.productId,
            info: {
              title: info.title,
              headImg: info.headImg,
              category: info.category,
              brandId: info.brandId,
              detail: info.detail,
              minPrice: info.minPrice,
              totalStockNum: info.totalStockNum,
              path: tradePath(w.productId),
            },
            skus: w.product.skus.map((s) => ({
              skuId: s.skuId,
              productSkuInfo: {
                ...skuPrices(s.productSkuInfo),
                stockNum: String(s.productSkuInfo.stockInfo.stockNum),
              },
            })),
          },
          shopInfo: {
            name: w.shopInfo.name,
            appId: w.shopInfo.appId,
            username: w.shopInfo.username,
            headImgUrl: w.shopInfo.headImgUrl,
          },
          leagueExInfo: w.leagueExInfo,
        }
      }),
    }
  }

  /** open_product/generate for the caller's live spot `pid`. */
  async generate(
    appid: string,
    pid: string,
    items: GenerateItem[],
    options: { getShortUrl?: boolean; getInfo?: boolean },
    base: string,
  ): Promise<{ list: OpenMaterial[] }> {
    const { products, byId } = await this.materials.checkRequest(appid, pid, items, (p, item) =>
      p.shop_appid === item.appId && Number(p.trade_component) === 1
        ? undefined
        : `is not a trade-component product of ${item.appId}`,
    )
    const shops = await this.db
      .selectFrom('shops as s')
      .leftJoin('shop_states as st', 'st.shop_appid', 's.appid')
      .select(['s.appid', 's.name', 's.username', 'st.shop_status'])
      .where('s.appid', 'in', [...new Set(products.map((p) => p.shop_appid))])
      .execute()
    const shopOf = new Map(shops.map((s) => [s.appid, s]))
    const short = options.getShortUrl ?? true
    const now = nowSeconds(this.clock)
    const rows: Insertable<MaterialsTable>[] = []
    const list = items.map((item): OpenMaterial => {
      const p = byId.get(item.productId)!
      const shop = shopOf.get(p.shop_appid)
      const shopName = shop?.name ?? ''
      const shopStatus = Number(shop?.shop_status ?? 0) === 0 ? 0 : 1
      const minPrice = Number(p.min_price)
      const out: OpenMaterial = {
        productId: p.id,
        pid,
        productInfo: {
          ...productInfoHead(p, base),
          minPrice,
          shopName,
          shopStatus,
          totalStockNum: Number(p.stock),
        },
      }
      if (shopStatus !== 0) return out
      const ci = item.customizeInfo ?? ''
      // Its own code space: the same tuple through product/generate names a 小商店 material.
      const code = this.materials.code(pid, p.id, `open\n${ci}`, false)
      rows.push(materialRow({ code, appid, pid, product: p, customizeInfo: ci, coupon: 0, now }))
      const url = short
        ? `${base}/s/${code}`
        : `${base}/s/${code}?pid=${encodeURIComponent(pid)}&productId=${p.id}`
      out.shareInfo = {
        appId: p.shop_appid,
        username: shop?.username ?? '',
        path: `${tradePath(p.id)}&ticket=${this.materials.ticket(code)}`,
        promotionWording: `${p.title} ${yuanWords(minPrice)}元\n${url}`,
        promotionUrl: url,
        promotionTag: promotionTag(shopName, p.title, code),
      }
      return out
    })
    await this.materials.save(rows)
    return { list }
  }
}
