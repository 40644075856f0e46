/**
 * Union products (小商店): categories, list, select, generate, parseTag (generated from the
 * contract's rows), the auto-pagers and parseTag's chunking.
 * @module
 */
import { type APIPromise, inChunks } from '../core/api-promise.ts'
import { type FromLimitOptional, productPages } from '../core/pagination.ts'
import { GeneratedProducts } from '../generated/endpoints.ts'
import type { ProductFilterParams } from '../internal/encode.ts'
import type { RequestOptions } from '../internal/request-options.ts'
import type {
  ProductListQuery,
  ProductParseTagParams,
  ProductParseTagResponse,
  ProductSelectQuery,
  UnionProduct,
} from '../wire-types.ts'

export { encodeProductFilters, type ProductFilterParams } from '../internal/encode.ts'

/** Products per call of product/list and product/select. */
export const PRODUCT_PAGE_MAX = 50
/** Tags per call of product/parse_tag; the SDK sends longer lists in chunks. */
export const PARSE_TAG_MAX = 10

type Encoded =
  | 'category'
  | 'noCategory'
  | 'productId'
  | 'shopAppIds'
  | 'shippingMethods'
  | 'addressList'

/** product/list: `from` (0-based), `limit` (≤ 50) and every filter. */
export type ProductListParams = Omit<ProductListQuery, Encoded> & ProductFilterParams
/** product/select: product/list's filters without the keyword. */
export type ProductSelectParams = Omit<ProductSelectQuery, Encoded> & ProductFilterParams
/** Filters for the auto-pagers; `from` and `limit` are optional there. */
export type ProductListAllParams = FromLimitOptional<ProductListParams>
export type ProductSelectAllParams = FromLimitOptional<ProductSelectParams>

export class Products extends GeneratedProducts {
  /** Every product matching the filters, 50 per request. */
  listAll(
    params: ProductListAllParams = {},
    options?: RequestOptions,
  ): AsyncGenerator<UnionProduct> {
    return productPages(params, PRODUCT_PAGE_MAX, (q) => this.list(q, options))
  }

  /** Every hand-picked product matching the filters, 50 per request. */
  selectAll(
    params: ProductSelectAllParams = {},
    options?: RequestOptions,
  ): AsyncGenerator<UnionProduct> {
    return productPages(params, PRODUCT_PAGE_MAX, (q) => this.select(q, options))
  }

  /**
   * Decode `#小程序://` tags. An unknown tag is a per-item `{errcode: 37027}`, not a throw.
   * More than 10 tags are sent in chunks of 10 and the results concatenated in order.
   *
   * `POST /union/promoter/product/parse_tag`. Errors: 200002, 201001.
   */
  override parseTag(
    body: ProductParseTagParams,
    options?: RequestOptions,
  ): APIPromise<ProductParseTagResponse> {
    if (body.tagList.length <= PARSE_TAG_MAX) return super.parseTag(body, options)
    return inChunks(
      body.tagList,
      PARSE_TAG_MAX,
      (tagList) => super.parseTag({ tagList }, options),
      (answers) => ({ ...answers.at(-1)!, tagList: answers.flatMap((a) => a.tagList) }),
    )
  }
}
