/**
 * When to retry and how long to wait (style.md rule 6).
 * @module
 */
import { RETRYABLE_CODES } from './errcodes.ts'

export interface Attempt {
  /** A write without an idempotency key: promotion/add|upd|del, apply_target, bind, … */
  isMutation: boolean
  /** The request failed before any response (fetch rejected, not a timeout). */
  connectionError: boolean
  timedOut: boolean
  status?: number
  errcode?: number
  /** Retries already made. */
  retries: number
}

/** Whether an attempt that failed this way may be sent again. */
export function shouldRetry(a: Attempt): boolean {
  // WeChat has no idempotency key: a replayed promotion/add answers 14007. Only a request that
  // provably got no response may go again, and only once.
  if (a.isMutation) return a.connectionError && a.retries === 0
  if (a.connectionError || a.timedOut) return true
  if (a.errcode !== undefined && RETRYABLE_CODES.has(a.errcode)) return true
  if (a.status === undefined) return false
  return a.status === 408 || a.status === 429 || a.status >= 500
}

/** `min(0.5·2^n, 8) s × (1 − rand·0.25)`, or the server's advice (capped at 60 s). */
export function retryDelayMs(retries: number, random: () => number, headers?: Headers): number {
  const advised = retryAfterMs(headers)
  if (advised !== undefined) return Math.min(advised, 60_000)
  return Math.min(0.5 * 2 ** retries, 8) * 1000 * (1 - random() * 0.25)
}

function retryAfterMs(headers: Headers | undefined): number | undefined {
  if (!headers) return undefined
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '')
  if (Number.isFinite(ms) && ms >= 0) return ms
  const raw = headers.get('retry-after')
  if (!raw) return undefined
  const seconds = Number.parseFloat(raw)
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000
  const date = Date.parse(raw)
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now())
}
