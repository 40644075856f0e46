/**
 * Tuike's extension API (`/tuike/v1/…`): the order change feed, webhooks, reports and the
 * attribution explainer, routed from the contract table like the union API.
 * @module
 */
import type { ENDPOINTS } from '@tuike/contract'
import type { Handler } from '../http/union-route.ts'
import type { Services } from '../services/index.ts'

type E = typeof ENDPOINTS

export function tuikeHandlers(s: Services) {
  return {
    'tuike/order/changes': (async ({ appid, input, base }) =>
      s.feed.changes(appid, input, base)) as Handler<E['tuike/order/changes']>,
    'tuike/webhook/add': (async ({ appid, input }) =>
      s.webhooks.add(appid, input.url, input.events)) as Handler<E['tuike/webhook/add']>,
    'tuike/webhook/list': (async ({ appid }) => s.webhooks.list(appid)) as Handler<
      E['tuike/webhook/list']
    >,
    'tuike/webhook/del': (async ({ appid, input }) =>
      s.webhooks.del(appid, input.webhookId)) as Handler<E['tuike/webhook/del']>,
    'tuike/webhook/test': (async ({ appid, input }) =>
      s.webhooks.test(appid, input.webhookId)) as Handler<E['tuike/webhook/test']>,
    'tuike/webhook/redeliver': (async ({ appid, input }) =>
      s.webhooks.redeliver(appid, input.deliveryId)) as Handler<E['tuike/webhook/redeliver']>,
    'tuike/webhook/deliveries': (async ({ appid, input }) =>
      s.webhooks.deliveries(appid, input)) as Handler<E['tuike/webhook/deliveries']>,
    'tuike/report': (async ({ appid, input }) => s.reports.report(appid, input)) as Handler<
      E['tuike/report']
    >,
    'tuike/attribution/explain': (async ({ appid, input }) =>
      s.attribution.explain(appid, input)) as Handler<E['tuike/attribution/explain']>,
  }
}
