/**
 * Promotion materials of the successor API (store-promoter-api.md §6): the short links, the QR
 * code and the embedded-card parameter of one (sharer, product). All three take the same body;
 * the same pair always yields the same materials.
 * @module
 */
import { z } from 'zod'
import {
  BareUint64,
  OptString,
  PROMOTER_PREFIX,
  PROMOTER_ROW,
  StoreId,
  StoreOk,
  storeTable,
} from '../store-wire.ts'
import { OK_EXAMPLE } from '../wire.ts'

/** The body of §6.0: one sharer id, and a product by id + shop or by its short link. */
export const MaterialBody = z
  .object({
    /** Wins when both sharer ids are sent. */
    sharer_appid: OptString,
    sharer_openid: OptString,
    product_id: StoreId.optional(),
    /** Required with product_id. */
    shop_appid: OptString,
    /** A short_link or http_short_link from get_product_promotion_link_info. */
    product_short_link: OptString,
    head_supplier_appid: OptString,
  })
  .refine((b) => b.sharer_appid !== undefined || b.sharer_openid !== undefined, {
    message: 'needs sharer_appid or sharer_openid',
  })
  .refine((b) => b.product_id !== undefined || b.product_short_link !== undefined, {
    message: 'needs product_id (with shop_appid) or product_short_link',
  })
  .refine((b) => b.product_id === undefined || b.shop_appid !== undefined, {
    message: 'is required with product_id',
    path: ['shop_appid'],
  })

/** All three take the same body and answer the same errcodes. */
const MATERIAL_ROW = {
  ...PROMOTER_ROW,
  body: MaterialBody,
  errcodes: [10024000, 10071003, 10071029, 10071053, 10071056],
} as const

const exampleBody = {
  sharer_appid: 'wxfd9109cbb627fbc3',
  product_id: 10000177087522,
  shop_appid: 'wxe9edcfdb457667f7',
}

export const MATERIAL_ENDPOINTS = storeTable(MATERIAL_ROW, PROMOTER_PREFIX, {
  'promoter/get_product_promotion_link_info': {
    zh: '推客的商品推广短链：short_link（微信内打开）和 http_short_link（从微信外拉起微信）。',
    summary:
      "The sharer's short links for a product: short_link (in WeChat) and http_short_link (opens WeChat from outside).",
    response: z.object({
      ...StoreOk,
      short_link: z.string(),
      http_short_link: z.string(),
      /** The resolved product (it matters when the request used product_short_link). */
      product_id: BareUint64,
      shop_appid: z.string(),
    }),
    bareNumbers: ['product_id'],
    examples: {
      body: exampleBody,
      response: {
        ...OK_EXAMPLE,
        short_link: '#小店://推客带货/a2b3c4d5',
        http_short_link: 'https://store.weixin.qq.com/shop/a/a2b3c4d5',
        product_id: 10000177087522,
        shop_appid: 'wxe9edcfdb457667f7',
      },
    },
  },
  'promoter/get_product_promotion_qrcode_info': {
    zh: '推客的商品推广二维码（http_short_link 的 PNG 地址）。',
    summary: "The sharer's promotion QR code for a product (a PNG URL of the http_short_link).",
    response: z.object({ ...StoreOk, qrcode_url: z.string() }),
    examples: {
      body: exampleBody,
      response: {
        ...OK_EXAMPLE,
        qrcode_url: 'https://store.weixin.qq.com/qr/a2b3c4d5.png',
      },
    },
  },
  'promoter/get_promoter_single_product_promotion_info': {
    zh: '长期有效的 product_promotion_link，供小程序传给内嵌商品卡片，使购买归属到该推客。',
    summary:
      'The long-lived product_promotion_link a mini program passes to the embedded product card, so the purchase is attributed to the sharer.',
    response: z.object({ ...StoreOk, product_promotion_link: z.string() }),
    examples: {
      body: exampleBody,
      response: {
        ...OK_EXAMPLE,
        product_promotion_link:
          'v1=HAOHK025pGFF8tBx69zbwNpU473uiTNa5MOHrs_Hknqa_-Cjk9IbBHMHeKh5rSnIrQ',
      },
    },
  },
})
