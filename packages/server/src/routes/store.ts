/**
 * The successor API (微信小店 推客带货, store-promoter-api.md §4–§8), routed from the contract's
 * STORE_ENDPOINTS like the union API: every handler is typed by its endpoint's response schema.
 * @module
 */
import type { StoreHandlers } from '../http/union-route.ts'
import type { Services } from '../services/index.ts'

export function storeHandlers(s: Services): StoreHandlers {
  return {
    'promoter/get_promoter_register_and_bind_status': ({ appid, input }) =>
      s.sharers.status(appid, input),
    'promoter/get_bind_sharer_list': ({ appid, input, base }) => s.sharers.list(appid, input, base),
    'promoter/headsupplier_unbind_promoter': ({ appid, input }) =>
      s.sharers.unbind(appid, input.sharer_appid),
    'promoter/set_sharer_commission_info': ({ appid, input }) =>
      s.sharers.setCommission(appid, input),
    'promoter/get_promote_product_list': ({ appid, input }) => s.storeProducts.list(appid, input),
    'promoter/get_promote_product_detail': ({ appid, input, base }) =>
      s.storeProducts.detail(appid, input, base),
    'promoter/set_sharer_product_commission_info': ({ appid, input }) =>
      s.sharers.setProductRatio(appid, input),
    'promoter/get_sharer_product_commission_info': ({ appid, input }) =>
      s.sharers.productRatio(appid, input),
    'promoter/get_product_promotion_link_info': ({ appid, input, base }) =>
      s.storeMaterials.link(appid, input, base),
    'promoter/get_product_promotion_qrcode_info': ({ appid, input, base }) =>
      s.storeMaterials.qrcode(appid, input, base),
    'promoter/get_promoter_single_product_promotion_info': ({ appid, input }) =>
      s.storeMaterials.promotionLink(appid, input),
    'headsupplier/order/list/get': ({ appid, input }) => s.storeOrders.list(appid, input),
    'headsupplier/order/get': ({ appid, input, base }) => s.storeOrders.get(appid, input, base),
  }
}
