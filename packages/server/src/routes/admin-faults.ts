/**
 * Operator handlers for sandbox fault rules and their log (`/admin/v1/faults…`).
 * @module
 */
import type { AdminHandlers } from '../http/admin-route.ts'
import type { Services } from '../services/index.ts'

export function adminFaultHandlers(
  s: Services,
): Pick<AdminHandlers, 'faults/create' | 'faults/list' | 'faults/delete' | 'faults/log'> {
  return {
    'faults/create': async ({ input }) => s.faults.create(input.body),
    'faults/list': async () => ({ faults: await s.faults.list() }),
    'faults/delete': async ({ input }) => s.faults.delete(input.params.faultId),
    'faults/log': async () => ({ entries: await s.faults.log() }),
  }
}
