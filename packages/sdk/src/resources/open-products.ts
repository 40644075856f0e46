/**
 * Trade-component (自定义交易组件) products: list and generate.
 * @module
 */
import type { APIPromise } from '../core/api-promise.ts'
import { productPages } from '../core/pagination.ts'
import { APIResource } from '../core/resource.ts'
import type { RequestOptions } from '../internal/request-options.ts'
import type {
  OpenProduct,
  OpenProductGenerateBody,
  OpenProductGenerateResponse,
  OpenProductListQuery,
  OpenProductListResponse,
} from '../wire-types.ts'
import { encodeProductFilters, type ProductFilterParams } from './products.ts'

export type { OpenProduct, OpenProductGenerateResponse, OpenProductListResponse }

/** Products per call of open_product/list. */
export const OPEN_PRODUCT_PAGE_MAX = 30

type Encoded = 'category' | 'noCategory' | 'productId' | 'shopAppIds'

/** `from` (0-based), `limit` (≤ 30), keyword and product filters (no coupon or shipping). */
export type OpenProductListParams = Omit<OpenProductListQuery, Encoded> &
  Pick<ProductFilterParams, Encoded>
export type OpenProductListAllParams = Omit<OpenProductListParams, 'from' | 'limit'> & {
  from?: number
  limit?: number
}
/** `pid`, `getShortUrl`/`getInfo` (default true) and up to 50 products. */
export type OpenProductGenerateParams = OpenProductGenerateBody

export class OpenProducts extends APIResource {
  /**
   * Search trade-component products, one page.
   *
   * `GET /union/promoter/open_product/list`. Errors: 200002.
   */
  list(
    params: OpenProductListParams,
    options?: RequestOptions,
  ): APIPromise<OpenProductListResponse> {
    return this._query('/union/promoter/open_product/list', encodeProductFilters(params), options)
  }

  /** Every trade-component product matching the filters, 30 per request. */
  listAll(
    params: OpenProductListAllParams = {},
    options?: RequestOptions,
  ): AsyncGenerator<OpenProduct> {
    return productPages(params, OPEN_PRODUCT_PAGE_MAX, (q) => this.list(q, options))
  }

  /**
   * Generate materials for trade-component products; shareInfo is absent when the shop is not
   * in a normal state.
   *
   * `POST /union/promoter/open_product/generate`. Errors: 200002.
   */
  generate(
    body: OpenProductGenerateParams,
    options?: RequestOptions,
  ): APIPromise<OpenProductGenerateResponse> {
    return this._client.post('/union/promoter/open_product/generate', { body, ...options })
  }
}
