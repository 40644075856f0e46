/**
 * Tuike's extension API (`/tuike/v1/…`): the order change feed, webhooks, reports and the
 * attribution explainer, routed from the contract table like the union API.
 * @module
 */
import type { UnionHandlers } from '../http/union-route.ts'
import type { Services } from '../services/index.ts'

export function tuikeHandlers(
  s: Services,
): Pick<
  UnionHandlers,
  | 'tuike/order/changes'
  | 'tuike/webhook/add'
  | 'tuike/webhook/list'
  | 'tuike/webhook/del'
  | 'tuike/webhook/test'
  | 'tuike/webhook/redeliver'
  | 'tuike/webhook/deliveries'
  | 'tuike/report'
  | 'tuike/attribution/explain'
> {
  return {
    'tuike/order/changes': async ({ appid, input, base }) => s.feed.changes(appid, input, base),
    'tuike/webhook/add': async ({ appid, input }) => s.webhooks.add(appid, input.url, input.events),
    'tuike/webhook/list': async ({ appid }) => s.webhooks.list(appid),
    'tuike/webhook/del': async ({ appid, input }) => s.webhooks.del(appid, input.webhookId),
    'tuike/webhook/test': async ({ appid, input }) => s.webhooks.test(appid, input.webhookId),
    'tuike/webhook/redeliver': async ({ appid, input }) =>
      s.webhooks.redeliver(appid, input.deliveryId),
    'tuike/webhook/deliveries': async ({ appid, input }) => s.webhooks.deliveries(appid, input),
    'tuike/report': async ({ appid, input }) => s.reports.report(appid, input),
    'tuike/attribution/explain': async ({ appid, input }) => s.attribution.explain(appid, input),
  }
}
