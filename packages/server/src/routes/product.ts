/**
 * product/category, product/list and product/select (union-api.md §4–§6). product/generate and
 * product/parse_tag are served elsewhere.
 * @module
 */
import type { ENDPOINTS } from '@tuike/contract'
import type { Handler } from '../http/union-route.ts'
import type { Services } from '../services/index.ts'

type E = typeof ENDPOINTS

export function productHandlers(s: Services) {
  return {
    'product/category': (async () => ({
      productCats: await s.catalogue.topCategories(),
    })) as Handler<E['product/category']>,
    'product/list': (async ({ input }) => s.catalogue.search(input)) as Handler<E['product/list']>,
    // query/queryType are accepted and ignored on select (§16 #18): the schema strips them.
    'product/select': (async ({ input }) =>
      s.catalogue.search({ ...input, selectedOnly: true })) as Handler<E['product/select']>,
  }
}
