/**
 * Query encoding. Values reach the client already wire-encoded (lists through `commaList`,
 * objects through `jsonText`); the client drops unset values and percent-encodes the rest once.
 * `commaList` and `jsonText` are copies of the contract's (a test checks they agree), because
 * the SDK has no runtime dependencies.
 * @module
 */

import type { AddressFilter, ShippingMethodsFilter } from '../wire-types.ts'

/** A query value as resources hand it to the client. */
export type QueryValue = string | number | boolean | undefined | null

/** Join a list of scalars as a comma list; an empty or absent list is omitted. */
export function commaList(values: readonly (string | number)[] | undefined): string | undefined {
  return values && values.length > 0 ? values.join(',') : undefined
}

/** Serialise an object or list as JSON text inside one query parameter. */
export function jsonText(value: unknown): string | undefined {
  return value === undefined ? undefined : JSON.stringify(value)
}

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

/** Encode the array and object filters of the product lists; scalars pass through. */
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

/** search_normal_order's lists as comma lists; scalars pass through. */
export function encodeNormalOrderQuery<
  P extends {
    commissionStatus?: number[] | undefined
    outOrderIdList?: string[] | undefined
    transactionIdList?: string[] | undefined
  },
>(params: P) {
  const { commissionStatus, outOrderIdList, transactionIdList, ...scalars } = params
  return {
    ...scalars,
    commissionStatus: commaList(commissionStatus),
    outOrderIdList: commaList(outOrderIdList),
    transactionIdList: commaList(transactionIdList),
  }
}

/**
 * `k=v&…` with every key and value percent-encoded exactly once (UTF-8, a space becomes `%20`).
 * `undefined`, `null` and `""` are left out: WeChat reads `x=` as a value, not as absent.
 */
export function encodeQuery(query: Record<string, QueryValue> | undefined): string {
  // A plain loop and string: this runs on every call (Object.entries and a parts array cost
  // more than the encoding itself).
  let out = ''
  for (const key in query) {
    const value = query[key]
    if (value === undefined || value === null || value === '') continue
    if (typeof value === 'object') throw new TypeError(`query ${key} must be wire-encoded first`)
    out += `${out ? '&' : ''}${encodeURIComponent(key)}=${Number.isSafeInteger(value) ? value : encodeURIComponent(String(value))}`
  }
  return out
}
