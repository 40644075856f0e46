/**
 * product/category, product/list and product/select (union-api.md §4–§6). product/generate and
 * product/parse_tag are served elsewhere.
 * @module
 */
import type { ENDPOINTS } from '@tuike/contract'
import { type Handler, type HandlerContext, RawJson } from '../http/union-route.ts'
import type { Services } from '../services/index.ts'

type E = typeof ENDPOINTS

export function productHandlers(s: Services) {
  return {
    'product/category': (async () => ({
      productCats: await s.catalogue.topCategories(),
    })) as Handler<E['product/category']>,
    // The product list comes pre-serialised (products.wire): spliced into the envelope as is.
    'product/list': (async ({ input, base }: HandlerContext<E['product/list']>) => {
      const { productList, total } = await s.catalogue.searchJson(input, base)
      return { productList: new RawJson(productList), total }
    }) as unknown as Handler<E['product/list']>,
    // query/queryType are accepted and ignored on select (§16 #18): the schema strips them.
    'product/select': (async ({ input, base }: HandlerContext<E['product/select']>) => {
      const { productList, total } = await s.catalogue.searchJson(
        { ...input, selectedOnly: true },
        base,
      )
      return { productList: new RawJson(productList), total }
    }) as unknown as Handler<E['product/select']>,
  }
}
