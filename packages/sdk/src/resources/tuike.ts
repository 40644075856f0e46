/**
 * Tuike's extension API (`/tuike/v1/…`), served by Tuike servers only (WeChat answers 40066 /
 * 48001): the order change feed, webhooks, reports and the attribution explainer.
 * @module
 */
import {
  GeneratedTuike,
  GeneratedTuikeAttribution,
  GeneratedTuikeOrders,
  GeneratedTuikeWebhooks,
} from '../generated/endpoints.ts'
import type { RequestOptions } from '../internal/request-options.ts'
import { sleep } from '../internal/sleep.ts'
import type { OrderChange } from '../wire-types.ts'

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

export class TuikeOrders extends GeneratedTuikeOrders {
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

/** Webhook subscriptions and their deliveries, one request each. */
export class TuikeWebhooks extends GeneratedTuikeWebhooks {}

/** Why a code, ticket or order attributes (or not). */
export class TuikeAttribution extends GeneratedTuikeAttribution {}

/** `client.tuike`: the extension API of Tuike servers. */
export class Tuike extends GeneratedTuike {
  readonly orders = new TuikeOrders(this._client)
  readonly webhooks = new TuikeWebhooks(this._client)
  readonly attribution = new TuikeAttribution(this._client)
}
