/**
 * @tuike/contract: the WeChat union promoter wire contract.
 * @module
 */

export * from './admin/catalogue.ts'
export * from './admin/endpoint.ts'
export * from './admin/orders.ts'
export * from './admin/plans.ts'
export * from './admin/promoters.ts'
export * from './admin/table.ts'
export * from './conformance.ts'
export * from './endpoint.ts'
export * from './endpoints/open-account.ts'
export * from './endpoints/open-product.ts'
export * from './endpoints/order.ts'
export * from './endpoints/product.ts'
export * from './endpoints/promotion.ts'
export * from './endpoints/target.ts'
export * from './endpoints/token.ts'
export * from './endpoints/tuike.ts'
export * from './endpoints.ts'
export * from './errcodes.ts'
export * from './money.ts'
export * from './openapi.ts'
export * from './page-headers.ts'
export * from './wire.ts'
