/**
 * @tuike/sdk: a typed client for the WeChat Mini Program Union promoter (推客) API, its successor
 * (微信小店 推客带货, `client.store`) and Tuike servers. No runtime dependencies; needs `fetch`.
 * The 机构 callback verifier is Node-only: `@tuike/sdk/store-callbacks`.
 * @module
 */
export {
  type AccessTokenSource,
  type ClientOptions,
  type Fetch,
  type Logger,
  TuikeClient,
  TuikeClient as default,
} from './client.ts'
export { APIPromise, type APIResponse } from './core/api-promise.ts'
export * from './core/error.ts'
export type { Page } from './core/pagination.ts'
export { MemoryTokenStore, type StoredToken, type TokenStore } from './core/token-store.ts'
export { ENDPOINT_METHODS, STORE_ENDPOINT_METHODS } from './endpoint-methods.ts'
export * from './generated/admin.ts'
export { CODES_BY_KIND, type ErrorKind } from './generated/errcodes.ts'
export * from './generated/money.ts'
export * from './generated/orders-csv.ts'
export { pageSecurityHeaders } from './generated/page-headers.ts'
export * from './generated/time.ts'
export * from './helpers.ts'
export { commaList, jsonText } from './internal/encode.ts'
export { path } from './internal/path.ts'
export type { RequestOptions } from './internal/request-options.ts'
export * from './resources/open-account.ts'
export * from './resources/open-products.ts'
export * from './resources/orders.ts'
export * from './resources/products.ts'
export * from './resources/promotions.ts'
export * from './resources/store.ts'
export * from './resources/target.ts'
export * from './resources/tokens.ts'
export * from './resources/tuike.ts'
export { verifyWebhook, type WebhookEvent, WebhookVerificationError } from './webhooks.ts'
export type * from './wire-types.ts'
