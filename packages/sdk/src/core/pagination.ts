/**
 * One auto-pager for the four paging dialects of the union API: `start`/`limit`
 * (promotion/list), `from`/`limit` (product/list, product/select, open_product/list),
 * `page`/`pageSize` 1-based (order/search) and `offset`/`limit` (search_normal_order).
 * @module
 */

/** One fetched page: its items and the total the server reported. */
export interface Page<Item> {
  items: readonly Item[]
  total: number
}

export interface PagerOptions<Item> {
  /** Fetch the page that starts at item `offset` (0-based) with `size` items. */
  fetchPage(offset: number, size: number): Promise<Page<Item>>
  /** First item offset (0-based). */
  start?: number
  /** Items per request; auto-paging uses the endpoint's cap to minimise calls. */
  size: number
}

/**
 * Walk pages until the items seen reach the total, or a page comes back empty (totals drift
 * while paging, and an off-by-one `from` gives `total: 1` with an empty list).
 */
export async function* paginate<Item>(options: PagerOptions<Item>): AsyncGenerator<Item, void> {
  let offset = options.start ?? 0
  for (;;) {
    const page = await options.fetchPage(offset, options.size)
    for (const item of page.items) yield item
    offset += page.items.length
    if (page.items.length === 0 || offset >= page.total) return
  }
}

/** A `from`/`limit` listing's parameters for its auto-pager: `from` and `limit` optional. */
export type FromLimitOptional<P> = Omit<P, 'from' | 'limit'> & { from?: number; limit?: number }

/**
 * Every product of a `from`/`limit` listing (product/list, product/select, open_product/list):
 * `page` is the one-page method, called with the filters and each page's `from` and `limit`.
 */
export function productPages<F, Item>(
  params: F & { from?: number; limit?: number },
  pageMax: number,
  page: (q: F & { from: number; limit: number }) => Promise<{ productList: Item[]; total: number }>,
): AsyncGenerator<Item, void> {
  const { from, limit, ...filters } = params
  return paginate({
    start: from,
    size: limit ?? pageMax,
    fetchPage: async (offset, size) => {
      const r = await page({ ...(filters as F), from: offset, limit: size })
      return { items: r.productList, total: r.total }
    },
  })
}
