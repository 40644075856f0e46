/**
 * Operator handlers for the successor's 机构 (`/admin/v1/institutions…`): create one, set its
 * callback, add a registered and bound sharer, read and replay its callback deliveries.
 * @module
 */
import type { AdminHandlers } from '../http/admin-route.ts'
import type { Services } from '../services/index.ts'

type InstitutionHandlers = Pick<AdminHandlers, `institutions/${string}` & keyof AdminHandlers>

export function adminInstitutionHandlers(s: Services): InstitutionHandlers {
  return {
    'institutions/create': async ({ input }) => s.institutions.create(input.body.name),
    'institutions/list': async () => ({ institutions: await s.institutions.list() }),
    'institutions/get': async ({ input }) => s.institutions.get(input.params.appid),
    'institutions/update': async ({ input }) =>
      s.institutions.setCallback(input.params.appid, input.body),
    'institutions/add-sharer': async ({ input }) =>
      s.sharers.createBound(input.params.appid, input.body),
    'institutions/callbacks': async ({ input }) => s.institutions.deliveries(input.params.appid),
    'institutions/redeliver': async ({ input }) =>
      s.webhooks.redeliver(input.params.appid, input.params.deliveryId),
  }
}
