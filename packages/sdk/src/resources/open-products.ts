/**
 * Trade-component (自定义交易组件) products: list and generate.
 * @module
 */
import { type FromLimitOptional, productPages } from '../core/pagination.ts'
import { GeneratedOpenProducts } from '../generated/endpoints.ts'
import type { ProductFilterParams } from '../internal/encode.ts'
import type { RequestOptions } from '../internal/request-options.ts'
import type { OpenProduct, OpenProductListQuery } from '../wire-types.ts'

/** Products per call of open_product/list. */
export const OPEN_PRODUCT_PAGE_MAX = 30

type Encoded = 'category' | 'noCategory' | 'productId' | 'shopAppIds'

/** `from` (0-based), `limit` (≤ 30), keyword and product filters (no coupon or shipping). */
export type OpenProductListParams = Omit<OpenProductListQuery, Encoded> &
  Pick<ProductFilterParams, Encoded>
export type OpenProductListAllParams = FromLimitOptional<OpenProductListParams>

export class OpenProducts extends GeneratedOpenProducts {
  /** Every trade-component product matching the filters, 30 per request. */
  listAll(
    params: OpenProductListAllParams = {},
    options?: RequestOptions,
  ): AsyncGenerator<OpenProduct> {
    return productPages(params, OPEN_PRODUCT_PAGE_MAX, (q) => this.list(q, options))
  }
}
