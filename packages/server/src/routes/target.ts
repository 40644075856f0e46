/**
 * target/plan_info, apply_target, apply_status (union-api.md §14.1–§14.3).
 * @module
 */
import type { ENDPOINTS } from '@tuike/contract'
import type { Handler } from '../http/union-route.ts'
import type { Services } from '../services/index.ts'

type E = typeof ENDPOINTS

export function targetHandlers(s: Services) {
  return {
    'target/plan_info': (async ({ input, base }) =>
      s.plans.info(input.planInvitationUrl, base)) as Handler<E['target/plan_info']>,
    'target/apply_target': (async ({ appid, input }) => {
      await s.plans.apply(appid, input.planId, input.applyReason)
      return {}
    }) as Handler<E['target/apply_target']>,
    'target/apply_status': (async ({ appid, input }) =>
      s.plans.status(appid, input.planId)) as Handler<E['target/apply_status']>,
  }
}
