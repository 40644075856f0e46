/**
 * The endpoint tables: every endpoint of union-api.md once with Tuike's /tuike/v1 extensions
 * (ENDPOINTS), and the successor API of store-promoter-api.md (STORE_ENDPOINTS, which shares the
 * token endpoints of ENDPOINTS). The server routes and validates from them, /openapi.json is
 * generated from them, and the SDK takes its types from them.
 * @module
 */
import type { Endpoint } from './endpoint.ts'
import * as openAccount from './endpoints/open-account.ts'
import * as openProduct from './endpoints/open-product.ts'
import * as order from './endpoints/order.ts'
import * as product from './endpoints/product.ts'
import * as promotion from './endpoints/promotion.ts'
import * as storeMaterial from './endpoints/store-material.ts'
import * as storeOrder from './endpoints/store-order.ts'
import * as storeProduct from './endpoints/store-product.ts'
import * as storeSharer from './endpoints/store-sharer.ts'
import * as target from './endpoints/target.ts'
import * as token from './endpoints/token.ts'
import * as tuike from './endpoints/tuike.ts'

// Each family's table checks its rows (endpointTable); these join them in the order served.
export const ENDPOINTS = {
  ...token.TOKEN_ENDPOINTS,
  ...promotion.PROMOTION_ENDPOINTS,
  ...product.PRODUCT_ENDPOINTS,
  ...order.ORDER_ENDPOINTS,
  ...target.TARGET_ENDPOINTS,
  ...openAccount.OPEN_ACCOUNT_ENDPOINTS,
  ...openProduct.OPEN_PRODUCT_ENDPOINTS,
  // Tuike's extension API (/tuike/v1/…), beside the WeChat-compatible one.
  ...tuike.TUIKE_ENDPOINTS,
}
/** The successor API (微信小店 推客带货), family `store`: one row per endpoint of §4–§8. */
export const STORE_ENDPOINTS = {
  ...storeSharer.SHARER_ENDPOINTS,
  ...storeProduct.PRODUCT_PROMOTION_ENDPOINTS,
  ...storeMaterial.MATERIAL_ENDPOINTS,
  ...storeOrder.COMMISSION_ORDER_ENDPOINTS,
}

export type EndpointId = keyof typeof ENDPOINTS
export type StoreEndpointId = keyof typeof STORE_ENDPOINTS
export const ENDPOINT_LIST: readonly Endpoint[] = Object.values(ENDPOINTS)
export const STORE_ENDPOINT_LIST: readonly Endpoint[] = Object.values(STORE_ENDPOINTS)
