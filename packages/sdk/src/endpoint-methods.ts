/**
 * Which SDK method calls each endpoint of the contract table, by endpoint id. A test walks the
 * contract's ENDPOINTS and fails if an endpoint has no entry here or the method is missing.
 * @module
 */

export const ENDPOINT_METHODS = {
  'cgi-bin/token': 'tokens.retrieve',
  'cgi-bin/stable_token': 'tokens.retrieveStable',
  'promotion/add': 'promotions.create',
  'promotion/del': 'promotions.delete',
  'promotion/upd': 'promotions.update',
  'promotion/list': 'promotions.list',
  'product/category': 'products.categories',
  'product/list': 'products.list',
  'product/select': 'products.select',
  'product/generate': 'products.generate',
  'product/parse_tag': 'products.parseTag',
  'order/info': 'orders.retrieve',
  'order/search': 'orders.search',
  'order/search_normal_order': 'orders.searchNormalOrder',
  'target/plan_info': 'target.planInfo',
  'target/apply_target': 'target.applyTarget',
  'target/apply_status': 'target.applyStatus',
  'open_account/bind': 'openAccount.bind',
  'open_account/get': 'openAccount.retrieve',
  'open_account/add_customize_info': 'openAccount.addCustomizeInfo',
  'open_account/del_customize_info': 'openAccount.deleteCustomizeInfo',
  'open_account/get_customize_info': 'openAccount.retrieveCustomizeInfo',
  'open_product/list': 'openProducts.list',
  'open_product/generate': 'openProducts.generate',
  'tuike/order/changes': 'tuike.orders.changesPage',
  'tuike/webhook/add': 'tuike.webhooks.create',
  'tuike/webhook/list': 'tuike.webhooks.list',
  'tuike/webhook/del': 'tuike.webhooks.delete',
  'tuike/webhook/test': 'tuike.webhooks.test',
  'tuike/webhook/redeliver': 'tuike.webhooks.redeliver',
  'tuike/webhook/deliveries': 'tuike.webhooks.deliveries',
  'tuike/report': 'tuike.report',
  'tuike/attribution/explain': 'tuike.attribution.explain',
} as const

/** The same for the successor API's table (STORE_ENDPOINTS), under `client.store`. */
export const STORE_ENDPOINT_METHODS = {
  'promoter/get_promoter_register_and_bind_status': 'store.sharers.bindStatus',
  'promoter/get_bind_sharer_list': 'store.sharers.list',
  'promoter/headsupplier_unbind_promoter': 'store.sharers.unbind',
  'promoter/set_sharer_commission_info': 'store.sharers.setCommission',
  'promoter/get_promote_product_list': 'store.products.list',
  'promoter/get_promote_product_detail': 'store.products.retrieve',
  'promoter/set_sharer_product_commission_info': 'store.products.setSharerCommission',
  'promoter/get_sharer_product_commission_info': 'store.products.sharerCommission',
  'promoter/get_product_promotion_link_info': 'store.materials.link',
  'promoter/get_product_promotion_qrcode_info': 'store.materials.qrcode',
  'promoter/get_promoter_single_product_promotion_info': 'store.materials.singleProduct',
  'headsupplier/order/list/get': 'store.orders.list',
  'headsupplier/order/get': 'store.orders.retrieve',
} as const
