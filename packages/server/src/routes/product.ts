/**
 * product/category, product/list and product/select (union-api.md §4–§6). product/generate and
 * product/parse_tag are served elsewhere.
 * @module
 */
import { Encoded, RawJson, type UnionHandlers } from '../http/union-route.ts'
import type { Services } from '../services/index.ts'

export function productHandlers(
  s: Services,
): Pick<UnionHandlers, 'product/category' | 'product/list' | 'product/select'> {
  return {
    'product/category': async () => ({
      productCats: await s.catalogue.topCategories(),
    }),
    // The product list comes pre-serialised (products.wire), spliced into the envelope as is;
    // the answer as the bytes it is sent as, kept until the catalogue changes.
    'product/list': async ({ input, base, encode }) =>
      new Encoded(
        await s.catalogue.searchAnswer(
          input,
          base,
          ({ productList, total }) =>
            encode({ productList: new RawJson(productList), total }).bytes,
        ),
      ),
    // query/queryType are accepted and ignored on select (§16 #18): the schema strips them.
    'product/select': async ({ input, base, encode }) =>
      new Encoded(
        await s.catalogue.searchAnswer(
          { ...input, selectedOnly: true },
          base,
          ({ productList, total }) =>
            encode({ productList: new RawJson(productList), total }).bytes,
        ),
      ),
  }
}
