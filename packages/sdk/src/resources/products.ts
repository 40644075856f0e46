/**
 * Union products (小商店): categories, list, select, generate, parseTag.
 * @module
 */
import { APIPromise, type APIResponse } from '../core/api-promise.ts'
import { productPages } from '../core/pagination.ts'
import { APIResource } from '../core/resource.ts'
import { commaList, jsonText } from '../internal/encode.ts'
import type { RequestOptions } from '../internal/request-options.ts'
import type {
  AddressFilter,
  GeneratedMaterial,
  ParsedTag,
  ParsedTagError,
  ProductCategoriesResponse,
  ProductCategory,
  ProductGenerateBody,
  ProductGenerateResponse,
  ProductListQuery,
  ProductListResponse,
  ProductParseTagBody,
  ProductParseTagResponse,
  ProductSelectQuery,
  ProductSelectResponse,
  ShippingMethodsFilter,
  UnionProduct,
} from '../wire-types.ts'

export type {
  AddressFilter,
  GeneratedMaterial,
  ParsedTag,
  ParsedTagError,
  ProductCategoriesResponse,
  ProductCategory,
  ProductGenerateResponse,
  ProductListResponse,
  ProductParseTagResponse,
  ProductSelectResponse,
  ShippingMethodsFilter,
  UnionProduct,
}

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

/** Filters as arrays and objects; the SDK encodes them (comma lists, JSON text). */
export interface ProductFilterParams {
  /** Category ids (comma list on the wire). */
  category?: string[]
  /** Category ids to exclude (comma list). */
  noCategory?: string[]
  /** Product (SPU) ids (comma list). */
  productId?: string[]
  /** Shop appids (sent as a comma list; the server also accepts a JSON array). */
  shopAppIds?: string[]
  /** Delivery methods (JSON text on the wire). */
  shippingMethods?: ShippingMethodsFilter
  /** Ship-from regions (JSON text on the wire). */
  addressList?: AddressFilter[]
}

/** product/list: `from` (0-based), `limit` (≤ 50) and every filter. */
export type ProductListParams = Omit<ProductListQuery, Encoded> & ProductFilterParams
/** product/select: product/list's filters without the keyword. */
export type ProductSelectParams = Omit<ProductSelectQuery, Encoded> & ProductFilterParams
/** Filters for the auto-pagers; `from` and `limit` are optional there. */
export type ProductListAllParams = Omit<ProductListParams, 'from' | 'limit'> & {
  from?: number
  limit?: number
}
export type ProductSelectAllParams = Omit<ProductSelectParams, 'from' | 'limit'> & {
  from?: number
  limit?: number
}
/** `pid` and up to 50 `{productId, appId, customizeInfo?}`. */
export type ProductGenerateParams = ProductGenerateBody
/** `tagList`: `#小程序://…` tags. */
export type ProductParseTagParams = ProductParseTagBody

/** Encode the array and object filters; scalars pass through. Exported for open products. */
export function encodeProductFilters<P extends Partial<ProductFilterParams>>(params: P) {
  const { category, noCategory, productId, shopAppIds, shippingMethods, addressList, ...scalars } =
    params
  return {
    ...scalars,
    category: commaList(category),
    noCategory: commaList(noCategory),
    productId: commaList(productId),
    shopAppIds: commaList(shopAppIds),
    shippingMethods: jsonText(shippingMethods),
    addressList: jsonText(addressList),
  }
}

export class Products extends APIResource {
  /**
   * The top-level product categories.
   *
   * `GET /union/promoter/product/category`.
   */
  categories(options?: RequestOptions): APIPromise<ProductCategoriesResponse> {
    return this._client.get('/union/promoter/product/category', { ...options })
  }

  /**
   * Search the full union catalog, one page.
   *
   * `GET /union/promoter/product/list`. Errors: 200002.
   */
  list(params: ProductListParams, options?: RequestOptions): APIPromise<ProductListResponse> {
    return this._query('/union/promoter/product/list', encodeProductFilters(params), options)
  }

  /** Every product matching the filters, 50 per request. */
  listAll(
    params: ProductListAllParams = {},
    options?: RequestOptions,
  ): AsyncGenerator<UnionProduct> {
    return productPages(params, PRODUCT_PAGE_MAX, (q) => this.list(q, options))
  }

  /**
   * Hand-picked (精选) products, one page.
   *
   * `GET /union/promoter/product/select`. Errors: 200002.
   */
  select(params: ProductSelectParams, options?: RequestOptions): APIPromise<ProductSelectResponse> {
    return this._query('/union/promoter/product/select', encodeProductFilters(params), options)
  }

  /** Every hand-picked product matching the filters, 50 per request. */
  selectAll(
    params: ProductSelectAllParams = {},
    options?: RequestOptions,
  ): AsyncGenerator<UnionProduct> {
    return productPages(params, PRODUCT_PAGE_MAX, (q) => this.select(q, options))
  }

  /**
   * Generate promotion materials (path, short link, copy, tag) for products and a pid.
   *
   * `POST /union/promoter/product/generate`. Errors: 200001 (product not in that shop, a SKU id,
   * or customizeInfo not a string), 200002.
   */
  generate(
    body: ProductGenerateParams,
    options?: RequestOptions,
  ): APIPromise<ProductGenerateResponse> {
    return this._client.post('/union/promoter/product/generate', { body, ...options })
  }

  /**
   * Decode `#小程序://` tags. An unknown tag is a per-item `{errcode: 37027}`, not a throw.
   * More than 10 tags are sent in chunks of 10 and the results concatenated in order.
   *
   * `POST /union/promoter/product/parse_tag`. Errors: 200002, 201001.
   */
  parseTag(
    body: ProductParseTagParams,
    options?: RequestOptions,
  ): APIPromise<ProductParseTagResponse> {
    const path = '/union/promoter/product/parse_tag'
    if (body.tagList.length <= PARSE_TAG_MAX) return this._client.post(path, { body, ...options })
    return new APIPromise(
      (async () => {
        let last: APIResponse<ProductParseTagResponse> | undefined
        const tagList: ProductParseTagResponse['tagList'] = []
        for (let i = 0; i < body.tagList.length; i += PARSE_TAG_MAX) {
          const chunk = { tagList: body.tagList.slice(i, i + PARSE_TAG_MAX) }
          last = await this._client
            .post<ProductParseTagResponse>(path, { body: chunk, ...options })
            .withResponse()
          tagList.push(...last.data.tagList)
        }
        return { data: { ...last!.data, tagList }, response: last!.response }
      })(),
    )
  }
}
