/**
 * open_product/list and open_product/generate (union-api.md §14.6–§14.7).
 * @module
 */
import type { UnionHandlers } from '../http/union-route.ts'
import type { Services } from '../services/index.ts'

export function openProductHandlers(
  s: Services,
): Pick<UnionHandlers, 'open_product/list' | 'open_product/generate'> {
  return {
    'open_product/list': async ({ input, base }) => s.openProducts.list(input, base),
    'open_product/generate': async ({ appid, input, base }) =>
      s.openProducts.generate(
        appid,
        input.pid,
        input.productList,
        { getShortUrl: input.getShortUrl, getInfo: input.getInfo },
        base,
      ),
  }
}
