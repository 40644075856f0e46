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
