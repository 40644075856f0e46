/**
 * Tuike's extension API (`/tuike/v1/…`), served by Tuike servers only (WeChat answers 40066 /
 * 48001): the order change feed, webhooks, reports and the attribution explainer.
 * @module
 */
import type { APIPromise } from '../core/api-promise.ts'
import { APIResource } from '../core/resource.ts'
import type { RequestOptions } from '../internal/request-options.ts'
import { sleep } from '../internal/sleep.ts'
import type {
  OrderChange,
  OrderEvent,
  ReportRow,
  TuikeAttributionExplainQuery,
  TuikeAttributionExplainResponse,
  TuikeOrderChangesQuery,
  TuikeOrderChangesResponse,
  TuikeReportQuery,
  TuikeReportResponse,
  TuikeWebhookCreateBody,
  TuikeWebhookCreateResponse,
  TuikeWebhookDeleteResponse,
  TuikeWebhookDeliveriesQuery,
  TuikeWebhookDeliveriesResponse,
  TuikeWebhookListResponse,
  TuikeWebhookRedeliverResponse,
  TuikeWebhookTestResponse,
  Webhook,
  WebhookDelivery,
} from '../wire-types.ts'

export type {
  OrderChange,
  OrderEvent,
  ReportRow,
  TuikeAttributionExplainResponse,
  TuikeOrderChangesResponse,
  TuikeReportResponse,
  TuikeWebhookCreateResponse,
  TuikeWebhookDeliveriesResponse,
  TuikeWebhookListResponse,
  Webhook,
  WebhookDelivery,
}

/** Options of `client.tuike.orders.changes()`. */
export interface OrderChangesOptions extends RequestOptions {
  /** Start after this cursor ("" or absent: from the beginning), unless loadCursor answers one. */
  cursor?: string
  /** Changes per request, ≤ 1000 (default 100). */
  limit?: number
  /** Where to resume from: called once before the first request (your stored cursor). */
  loadCursor?: () => string | undefined | null | Promise<string | undefined | null>
  /**
   * Persist the cursor: called after every change of a page was yielded (and processed by your
   * loop body), before the next request. Resuming from it never repeats or misses a change.
   */
  saveCursor?: (cursor: string) => void | Promise<void>
  /** Keep polling for new changes instead of ending when caught up. */
  follow?: boolean
  /** Milliseconds between polls while following (default 5000). */
  pollIntervalMs?: number
}

export class TuikeOrders extends APIResource {
  /**
   * One page of the order change feed.
   *
   * `GET /tuike/v1/order/changes`. Errors: 200002 (bad cursor or limit).
   */
  changesPage(
    query: TuikeOrderChangesQuery = {},
    options?: RequestOptions,
  ): APIPromise<TuikeOrderChangesResponse> {
    return this._client.get('/tuike/v1/order/changes', { query, ...options })
  }

  /**
   * Every order change after the stored cursor, in sequence order, each exactly once.
   *
   * @example
   * for await (const change of client.tuike.orders.changes({
   *   loadCursor: () => db.get('cursor'),
   *   saveCursor: (c) => db.set('cursor', c),
   * })) copy.set(change.orderId, change.order)
   */
  async *changes(options: OrderChangesOptions = {}): AsyncGenerator<OrderChange> {
    const { cursor: start, limit, loadCursor, saveCursor, follow, pollIntervalMs, ...req } = options
    let cursor = (await loadCursor?.()) ?? start ?? ''
    for (;;) {
      const page = await this.changesPage({ cursor, limit }, req)
      for (const change of page.changes) yield change
      if (page.nextCursor !== cursor) {
        cursor = page.nextCursor
        await saveCursor?.(cursor)
      }
      if (page.hasMore) continue
      if (!follow) return
      await sleep(pollIntervalMs ?? 5000, req.signal)
    }
  }
}

export class TuikeWebhooks extends APIResource {
  /**
   * Subscribe a URL to order events (all when `events` is absent). Keep the `secret`: it is
   * shown only here and signs every delivery.
   *
   * `POST /tuike/v1/webhook/add`. Errors: 200002 (bad or private URL, too many webhooks).
   */
  create(
    body: TuikeWebhookCreateBody,
    options?: RequestOptions,
  ): APIPromise<TuikeWebhookCreateResponse> {
    return this._write('/tuike/v1/webhook/add', body, options)
  }

  /** `GET /tuike/v1/webhook/list`: the account's webhooks, without secrets. */
  list(options?: RequestOptions): APIPromise<TuikeWebhookListResponse> {
    return this._client.get('/tuike/v1/webhook/list', { ...options })
  }

  /** `POST /tuike/v1/webhook/del`: remove a webhook; its pending deliveries are dropped. */
  delete(webhookId: string, options?: RequestOptions): APIPromise<TuikeWebhookDeleteResponse> {
    return this._client.post('/tuike/v1/webhook/del', {
      body: { webhookId },
      mutation: true,
      ...options,
    })
  }

  /** `POST /tuike/v1/webhook/test`: send a signed `webhook.test` event now; answers the attempt. */
  test(webhookId: string, options?: RequestOptions): APIPromise<TuikeWebhookTestResponse> {
    return this._client.post('/tuike/v1/webhook/test', {
      body: { webhookId },
      mutation: true,
      ...options,
    })
  }

  /** `POST /tuike/v1/webhook/redeliver`: queue a delivery again (same id). */
  redeliver(
    deliveryId: string,
    options?: RequestOptions,
  ): APIPromise<TuikeWebhookRedeliverResponse> {
    return this._client.post('/tuike/v1/webhook/redeliver', {
      body: { deliveryId },
      mutation: true,
      ...options,
    })
  }

  /** `GET /tuike/v1/webhook/deliveries`: a webhook's latest deliveries with every attempt. */
  deliveries(
    query: TuikeWebhookDeliveriesQuery,
    options?: RequestOptions,
  ): APIPromise<TuikeWebhookDeliveriesResponse> {
    return this._client.get('/tuike/v1/webhook/deliveries', { query, ...options })
  }
}

export class TuikeAttribution extends APIResource {
  /**
   * Why a short code, ticket or order attributes (or not): `reason` is one of attributed,
   * attributed_deleted_spot, unknown_code, forged_ticket, other_promoter_spot, unknown_product,
   * unknown_order.
   *
   * `GET /tuike/v1/attribution/explain`.
   */
  explain(
    query: TuikeAttributionExplainQuery,
    options?: RequestOptions,
  ): APIPromise<TuikeAttributionExplainResponse> {
    return this._client.get('/tuike/v1/attribution/explain', { query, ...options })
  }
}

/** `client.tuike`: the extension API of Tuike servers. */
export class Tuike extends APIResource {
  readonly orders = new TuikeOrders(this._client)
  readonly webhooks = new TuikeWebhooks(this._client)
  readonly attribution = new TuikeAttribution(this._client)

  /**
   * Clicks, orders, GMV and commission in fen by day, spot or product, with totals and the
   * funnel.
   *
   * `GET /tuike/v1/report`.
   */
  report(query: TuikeReportQuery = {}, options?: RequestOptions): APIPromise<TuikeReportResponse> {
    return this._client.get('/tuike/v1/report', { query, ...options })
  }
}
