/**
 * product/generate and product/parse_tag (union-api.md §7, §14.5).
 * @module
 */
import type { UnionHandlers } from '../http/union-route.ts'
import type { Services } from '../services/index.ts'

export function materialHandlers(
  s: Services,
): Pick<UnionHandlers, 'product/generate' | 'product/parse_tag'> {
  return {
    'product/generate': async ({ appid, input, base }) =>
      s.materials.generate(appid, input.pid, input.productList, base),
    'product/parse_tag': async ({ input }) => s.materials.parseTags(input.tagList),
  }
}
