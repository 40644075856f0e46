/**
 * promotion/add, del, upd, list.
 * @module
 */
import type { UnionHandlers } from '../http/union-route.ts'
import type { Services } from '../services/index.ts'

export function promotionHandlers(
  s: Services,
): Pick<UnionHandlers, 'promotion/add' | 'promotion/del' | 'promotion/upd' | 'promotion/list'> {
  return {
    'promotion/add': async ({ appid, input }) => s.promotions.add(appid, input.promotionSourceName),
    'promotion/del': async ({ appid, input }) => {
      await s.promotions.delete(appid, input.promotionSourcePid, input.promotionSourceName)
      return {}
    },
    'promotion/upd': async ({ appid, input }) => {
      const prev = input.previousPromotionInfo
      await s.promotions.rename(
        appid,
        prev.promotionSourcePid,
        prev.promotionSourceName,
        input.promotionInfo.promotionSourceName,
      )
      return {}
    },
    'promotion/list': async ({ appid, input }) =>
      s.promotions.list(appid, input.start ?? 0, input.limit ?? 20),
  }
}
