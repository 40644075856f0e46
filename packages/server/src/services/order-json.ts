/**
 * The wire JSON of orders (order/search, order/info), written straight from raw rows: each row
 * an order's columns (ORDER_COLUMNS) then one of its lines' (LINE_COLUMNS), an order's lines
 * together and in line order (a LEFT JOIN: an order without lines has one row of nulls there).
 * No wire object per order or line is built: at 200 orders a page, building the objects, copying
 * them for the image URLs and serialising them cost more than the reads. The bytes are
 * JSON.stringify's of orderView with withImageUrls (orders.ts), key for key; a test holds both to
 * that on every dialect.
 * @module
 */

import type { CommissionStatus } from '@tuike/contract'
import { yuan } from '@tuike/contract'
import { imageUrl } from './images.ts'
import { commissionText } from './orders.ts'

/** The order columns a row starts with, in this order. */
export const ORDER_COLUMNS = [
  'order_id',
  'appid',
  'pay_time',
  'confirm_receipt_time',
  'shop_name',
  'shop_appid',
  'custom_user_id',
  'user_nick_name',
  'commission_status',
  'commission_status_update_time',
  'profit_sharing_suc_time',
] as const

/** The line columns that follow them, in this order. */
export const LINE_COLUMNS = [
  'product_id',
  'sku_id',
  'title',
  'thumb_img',
  'price',
  'product_cnt',
  'ratio',
  'estimated_commission',
  'category_str',
  'pid',
  'spot_name',
  'customize_info',
] as const

const L = ORDER_COLUMNS.length
const q = JSON.stringify

/** An order of the rows: its id, its promoter and its wire JSON. */
export interface OrderText {
  orderId: string
  appid: string
  json: string
}

/** The orders of `rows`, in the order their rows come, images on `base`. */
export function ordersJson(rows: readonly unknown[][], base: string): OrderText[] {
  const out: OrderText[] = []
  let i = 0
  while (i < rows.length) {
    const r = rows[i]!
    const orderId = r[0] as string
    const status = r[8] as CommissionStatus
    const settled = r[10]
    // What every line of the order says of its state.
    const state = `"commissionStatus":${q(status)},"commissionStatusUpdateTime":${q(String(r[9]))},${settled !== null ? `"profitShardingSucTime":${q(String(settled))},` : ''}`
    const lines: string[] = []
    for (; i < rows.length && rows[i]![0] === orderId; i++) {
      const l = rows[i]!
      if (l[L] === null) continue
      const estimated = Number(l[L + 7])
      lines.push(
        `{"productId":${q(l[L])},"skuId":${q(l[L + 1])},"title":${q(l[L + 2])},"thumbImg":${q(imageUrl(l[L + 3] as string, base))},"price":${q(yuan(Number(l[L + 4])))},"productCnt":${q(l[L + 5])},"ratio":${q(l[L + 6])},${state}"commission":${q(commissionText(status, estimated))},"estimatedCommission":${estimated},"categoryStr":${q(l[L + 8])},"promotionInfo":{"promotionSourcePid":${q(l[L + 9])},"promotionSourceName":${q(l[L + 10])}},"customizeInfo":${q(l[L + 11])}}`,
      )
    }
    out.push({
      orderId,
      appid: r[1] as string,
      json: `{"orderId":${q(orderId)},"payTime":${Number(r[2])},"confirmReceiptTime":${Number(r[3])},"shopName":${q(r[4])},"shopAppid":${q(r[5])},"customUserId":${q(r[6])},"userNickName":${q(r[7])},"productList":[${lines.join(',')}]}`,
    })
  }
  return out
}
