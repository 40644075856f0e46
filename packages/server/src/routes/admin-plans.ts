/**
 * Operator handlers for targeted plans (the answer carries the `invitationUrl` promoters pass to
 * target/plan_info) and open_account fixtures.
 * @module
 */
import type { AdminHandlers } from '../http/admin-route.ts'
import type { Services } from '../services/index.ts'

export function adminPlanHandlers(
  s: Services,
): Pick<
  AdminHandlers,
  'plans/create' | 'plans/list' | 'plans/get' | 'plans/decide' | 'open-accounts/set'
> {
  return {
    'plans/list': async ({ c }) => s.plans.list(s.materials.baseUrl(c.req.url)),
    'plans/create': async ({ input, c }) =>
      s.plans.create(input.body, s.materials.baseUrl(c.req.url)),
    'plans/get': async ({ input, c }) =>
      s.plans.get(input.params.planId, s.materials.baseUrl(c.req.url)),
    'plans/decide': async ({ input: { params } }) =>
      s.plans.decide(params.planId, params.appid, params.decision),
    'open-accounts/set': async ({ input }) => {
      const { openAccount } = input.params
      await s.openAccounts.setFixture(openAccount, input.body.state)
      return { openAccount, state: input.body.state }
    },
  }
}
