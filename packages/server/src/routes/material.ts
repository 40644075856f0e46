/**
 * product/generate and product/parse_tag (union-api.md §7, §14.5).
 * @module
 */
import type { ENDPOINTS } from '@tuike/contract'
import type { Handler } from '../http/union-route.ts'
import type { Services } from '../services/index.ts'

type E = typeof ENDPOINTS

export function materialHandlers(s: Services) {
  return {
    'product/generate': (async ({ appid, input, base }) =>
      s.materials.generate(appid, input.pid, input.productList, base)) as Handler<
      E['product/generate']
    >,
    'product/parse_tag': (async ({ input }) => s.materials.parseTags(input.tagList)) as Handler<
      E['product/parse_tag']
    >,
  }
}
