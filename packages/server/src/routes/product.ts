/**
 * product/category, product/list and product/select (union-api.md §4–§6). product/generate and
 * product/parse_tag are served elsewhere.
 * @module
 */
import { RawJson, type UnionHandlers } from '../http/union-route.ts'
import type { Services } from '../services/index.ts'

export function productHandlers(
  s: Services,
): Pick<UnionHandlers, 'product/category' | 'product/list' | 'product/select'> {
  return {
    'product/category': async () => ({
      productCats: await s.catalogue.topCategories(),
    }),
    // The product list comes pre-serialised (products.wire): spliced into the envelope as is.
    'product/list': async ({ input, base }) => {
      const { productList, total } = await s.catalogue.searchJson(input, base)
      return { productList: new RawJson(productList), total }
    },
    // query/queryType are accepted and ignored on select (§16 #18): the schema strips them.
    'product/select': async ({ input, base }) => {
      const { productList, total } = await s.catalogue.searchJson(
        { ...input, selectedOnly: true },
        base,
      )
      return { productList: new RawJson(productList), total }
    },
  }
}
