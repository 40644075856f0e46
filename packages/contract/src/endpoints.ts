/**
 * The endpoint table: every endpoint of union-api.md once, and Tuike's /tuike/v1 extensions. The server routes and validates from
 * it, /openapi.json is generated from it, and the SDK takes its types from it.
 * @module
 */
import type { Endpoint } from './endpoint.ts'
import * as openAccount from './endpoints/open-account.ts'
import * as openProduct from './endpoints/open-product.ts'
import * as order from './endpoints/order.ts'
import * as product from './endpoints/product.ts'
import * as promotion from './endpoints/promotion.ts'
import * as target from './endpoints/target.ts'
import * as token from './endpoints/token.ts'
import * as tuike from './endpoints/tuike.ts'

export const ENDPOINTS = {
  'cgi-bin/token': token.getToken,
  'cgi-bin/stable_token': token.getStableToken,
  'promotion/add': promotion.promotionAdd,
  'promotion/del': promotion.promotionDel,
  'promotion/upd': promotion.promotionUpd,
  'promotion/list': promotion.promotionList,
  'product/category': product.productCategory,
  'product/list': product.productList,
  'product/select': product.productSelect,
  'product/generate': product.productGenerate,
  'product/parse_tag': product.productParseTag,
  'order/info': order.orderInfo,
  'order/search': order.orderSearch,
  'order/search_normal_order': order.orderSearchNormalOrder,
  'target/plan_info': target.targetPlanInfo,
  'target/apply_target': target.targetApplyTarget,
  'target/apply_status': target.targetApplyStatus,
  'open_account/bind': openAccount.openAccountBind,
  'open_account/get': openAccount.openAccountGet,
  'open_account/add_customize_info': openAccount.openAccountAddCustomizeInfo,
  'open_account/del_customize_info': openAccount.openAccountDelCustomizeInfo,
  'open_account/get_customize_info': openAccount.openAccountGetCustomizeInfo,
  'open_product/list': openProduct.openProductList,
  'open_product/generate': openProduct.openProductGenerate,
  // Tuike's extension API (/tuike/v1/…), beside the WeChat-compatible one.
  'tuike/order/changes': tuike.tuikeOrderChanges,
  'tuike/webhook/add': tuike.tuikeWebhookAdd,
  'tuike/webhook/list': tuike.tuikeWebhookList,
  'tuike/webhook/del': tuike.tuikeWebhookDel,
  'tuike/webhook/test': tuike.tuikeWebhookTest,
  'tuike/webhook/redeliver': tuike.tuikeWebhookRedeliver,
  'tuike/webhook/deliveries': tuike.tuikeWebhookDeliveries,
  'tuike/report': tuike.tuikeReport,
  'tuike/attribution/explain': tuike.tuikeAttributionExplain,
} as const satisfies Record<string, Endpoint>

export type EndpointId = keyof typeof ENDPOINTS
export const ENDPOINT_LIST: readonly Endpoint[] = Object.values(ENDPOINTS)
