/**
 * Operator handlers for promoter accounts (`/admin/v1/promoters…`).
 * @module
 */
import type { AdminHandlers } from '../http/admin-route.ts'
import type { Services } from '../services/index.ts'

type PromoterHandlers = Pick<AdminHandlers, `promoters/${string}` & keyof AdminHandlers>

export function adminPromoterHandlers(s: Services): PromoterHandlers {
  return {
    'promoters/create': async ({ input }) => s.promoters.create(input.body.name),
    'promoters/list': async () => ({ promoters: await s.promoters.list() }),
    'promoters/get': async ({ input }) => s.promoters.get(input.params.appid),
    'promoters/disable': async ({ input }) => s.promoters.setStatus(input.params.appid, 'disabled'),
    'promoters/enable': async ({ input }) => s.promoters.setStatus(input.params.appid, 'active'),
    'promoters/rotate-secret': async ({ input }) => s.promoters.rotateSecret(input.params.appid),
    'promoters/update': async ({ input }) => s.promoters.update(input.params.appid, input.body),
  }
}
