/**
 * target/plan_info, apply_target, apply_status (union-api.md §14.1–§14.3).
 * @module
 */
import type { UnionHandlers } from '../http/union-route.ts'
import type { Services } from '../services/index.ts'

export function targetHandlers(
  s: Services,
): Pick<UnionHandlers, 'target/plan_info' | 'target/apply_target' | 'target/apply_status'> {
  return {
    'target/plan_info': async ({ input, base }) => s.plans.info(input.planInvitationUrl, base),
    'target/apply_target': async ({ appid, input }) => {
      await s.plans.apply(appid, input.planId, input.applyReason)
      return {}
    },
    'target/apply_status': async ({ appid, input }) => s.plans.status(appid, input.planId),
  }
}
