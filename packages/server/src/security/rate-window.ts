/**
 * A fixed-window counter per key (a client address), in memory: at most `limit` events per
 * `windowMs`. Per instance; the map is swept of ended windows when it grows, so a flood of
 * distinct keys cannot grow it without bound.
 * @module
 */
import type { Clock } from '../clock.ts'

const SWEEP_AT = 10_000

export class RateWindow {
  readonly #hits = new Map<string, { start: number; n: number }>()
  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly clock: Clock,
  ) {}

  /** Count one event of `key`; false when it is over the limit (it is still counted). */
  take(key: string): boolean {
    const now = this.clock.now()
    if (this.#hits.size >= SWEEP_AT) this.#sweep(now)
    const hit = this.#hits.get(key)
    if (!hit || now - hit.start >= this.windowMs) {
      this.#hits.set(key, { start: now, n: 1 })
      return true
    }
    hit.n++
    return hit.n <= this.limit
  }

  /** Seconds until `key`'s window ends (for Retry-After). */
  retryAfter(key: string): number {
    const hit = this.#hits.get(key)
    if (!hit) return 0
    return Math.max(1, Math.ceil((hit.start + this.windowMs - this.clock.now()) / 1000))
  }

  #sweep(now: number): void {
    for (const [key, hit] of this.#hits)
      if (now - hit.start >= this.windowMs) this.#hits.delete(key)
    if (this.#hits.size >= SWEEP_AT) this.#hits.clear()
  }
}
