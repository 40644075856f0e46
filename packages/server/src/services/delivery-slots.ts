/**
 * Fairness of the webhook delivery worker (services/webhooks.ts), per instance: how many attempts
 * may be in flight per endpoint (webhook), per account and in all, and which endpoints are backing
 * off. An endpoint that did not answer (timeout, refused connection, refused address) backs off
 * alone, exponentially: none of its deliveries is tried until the delay has passed, then one probe
 * at a time until it answers again. Any HTTP answer, even an error status, ends its back-off: a
 * live endpoint's errors are retried per delivery instead.
 * @module
 */
import type { Clock } from '../clock.ts'

export interface SlotLimits {
  /** Attempts in flight per webhook. */
  perEndpoint: number
  /** Attempts in flight per account (an account has up to 10 webhooks). */
  perAccount: number
  /** Attempts in flight in this instance. */
  total: number
  /** First back-off of an endpoint that did not answer, ms; doubles per failure. */
  backoffBaseMs: number
  /** The longest back-off, ms. */
  backoffMaxMs: number
}

export const DEFAULT_SLOT_LIMITS: Omit<SlotLimits, 'backoffBaseMs'> = {
  perEndpoint: 2,
  perAccount: 8,
  total: 64,
  backoffMaxMs: 3600 * 1000,
}

export class DeliverySlots {
  readonly #limits: SlotLimits
  readonly #clock: Clock
  readonly #endpoints = new Map<string, number>()
  readonly #accounts = new Map<string, number>()
  readonly #backoff = new Map<string, { failures: number; until: number }>()
  #total = 0
  constructor(limits: SlotLimits, clock: Clock) {
    this.#limits = limits
    this.#clock = clock
  }

  /** How many attempts `webhookId` may have in flight: one probe while it is backing off. */
  #cap(webhookId: string): number {
    const b = this.#backoff.get(webhookId)
    if (!b) return this.#limits.perEndpoint
    return b.until > this.#clock.now() ? 0 : 1
  }

  /** Whether one more attempt of this webhook and account may start now. */
  free(webhookId: string, appid: string): boolean {
    return (
      this.#total < this.#limits.total &&
      (this.#endpoints.get(webhookId) ?? 0) < this.#cap(webhookId) &&
      (this.#accounts.get(appid) ?? 0) < this.#limits.perAccount
    )
  }

  /** Whether nothing at all may start (the claim query is then skipped). */
  full(): boolean {
    return this.#total >= this.#limits.total
  }

  /** Webhooks and accounts that can take no attempt now, for the claim query to skip. */
  blocked(): { webhooks: string[]; accounts: string[] } {
    const webhooks = new Set<string>()
    for (const [id, n] of this.#endpoints) if (n >= this.#cap(id)) webhooks.add(id)
    for (const id of this.#backoff.keys()) if (this.#cap(id) === 0) webhooks.add(id)
    const accounts = [...this.#accounts].filter(([, n]) => n >= this.#limits.perAccount)
    return { webhooks: [...webhooks], accounts: accounts.map(([id]) => id) }
  }

  take(webhookId: string, appid: string): void {
    this.#endpoints.set(webhookId, (this.#endpoints.get(webhookId) ?? 0) + 1)
    this.#accounts.set(appid, (this.#accounts.get(appid) ?? 0) + 1)
    this.#total++
  }

  /** An attempt ended; `answered` is false when the endpoint gave no HTTP answer. */
  release(webhookId: string, appid: string, answered: boolean): void {
    dec(this.#endpoints, webhookId)
    dec(this.#accounts, appid)
    this.#total--
    if (answered) {
      this.#backoff.delete(webhookId)
      return
    }
    const failures = (this.#backoff.get(webhookId)?.failures ?? 0) + 1
    const delay = Math.min(
      this.#limits.backoffBaseMs * 2 ** (failures - 1),
      this.#limits.backoffMaxMs,
    )
    this.#backoff.set(webhookId, { failures, until: this.#clock.now() + delay })
  }
}

function dec(map: Map<string, number>, key: string): void {
  const n = (map.get(key) ?? 0) - 1
  if (n <= 0) map.delete(key)
  else map.set(key, n)
}
