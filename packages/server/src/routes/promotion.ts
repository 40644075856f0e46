/**
 * promotion/add, del, upd, list.
 * @module
 */
import type { ENDPOINTS } from '@tuike/contract'
import type { Handler } from '../http/union-route.ts'
import type { Services } from '../services/index.ts'

type E = typeof ENDPOINTS

export function promotionHandlers(s: Services) {
  return {
    'promotion/add': (async ({ appid, input }) =>
      s.promotions.add(appid, input.promotionSourceName)) as Handler<E['promotion/add']>,
    'promotion/del': (async ({ appid, input }) => {
      await s.promotions.delete(appid, input.promotionSourcePid, input.promotionSourceName)
      return {}
    }) as Handler<E['promotion/del']>,
    'promotion/upd': (async ({ appid, input }) => {
      const prev = input.previousPromotionInfo
      await s.promotions.rename(
        appid,
        prev.promotionSourcePid,
        prev.promotionSourceName,
        input.promotionInfo.promotionSourceName,
      )
      return {}
    }) as Handler<E['promotion/upd']>,
    'promotion/list': (async ({ appid, input }) =>
      s.promotions.list(appid, input.start ?? 0, input.limit ?? 20)) as Handler<
      E['promotion/list']
    >,
  }
}
