/**
 * Fixed-window call counters per key (appid + endpoint). `take` answers whether one more call
 * fits under `limit` in the window of `windowSeconds` that contains `nowSec`, and counts it when
 * it does. In process by default; through Redis (`tuike serve --redis`) so that several instances
 * share one count.
 * @module
 */
import { type Clock, nowSeconds } from '../clock.ts'
import type { ServerConfig } from '../config.ts'
import { WechatError } from './errors.ts'

export interface QuotaCounter {
  take(key: string, limit: number, windowSeconds: number, nowSec: number): Promise<boolean>
  /** What `take` counted for `key` in the window that contains `nowSec` (0 when Redis fails). */
  count(key: string, windowSeconds: number, nowSec: number): Promise<number>
  /** Release connections (Redis). */
  close?(): Promise<void>
  /** Resolves when the shared store answers (Redis PING); absent when counting in process. */
  ping?(): Promise<void>
}

/** In-process windows kept before the ended ones are swept (keys include client addresses). */
const SWEEP_AT = 10_000

export function memoryQuota(): QuotaCounter {
  const windows = new Map<string, { start: number; end: number; count: number }>()
  // Swept when the map doubles past what survived the last sweep: amortised O(1) per take,
  // and live windows (a day quota) are never dropped.
  let sweepAt = SWEEP_AT
  const sweep = (nowSec: number) => {
    for (const [k, w] of windows) if (w.end <= nowSec) windows.delete(k)
    sweepAt = Math.max(SWEEP_AT, windows.size * 2)
  }
  return {
    async take(key, limit, windowSeconds, nowSec) {
      const start = nowSec - (nowSec % windowSeconds)
      const k = `${key}:${windowSeconds}`
      const w = windows.get(k)
      if (!w || w.start !== start) {
        if (!w && windows.size >= sweepAt) sweep(nowSec)
        windows.set(k, { start, end: start + windowSeconds, count: 1 })
        return limit >= 1
      }
      if (w.count >= limit) return false
      w.count++
      return true
    },
    async count(key, windowSeconds, nowSec) {
      const w = windows.get(`${key}:${windowSeconds}`)
      return w && w.start === nowSec - (nowSec % windowSeconds) ? w.count : 0
    },
  }
}

/**
 * One call against KEYS[1] (limit ARGV[1], expiry ARGV[2] s): refused calls are not counted, so
 * the count never passes the limit; the window start is part of the key, so a key is never
 * reused and its expiry only reclaims memory. Atomic because Redis runs a script as one step.
 */
const TAKE = `
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n >= tonumber(ARGV[1]) then return 0 end
n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
return 1
`

export interface RedisQuotaOptions {
  /** `redis://[user:pass@]host:port[/db]` (or `rediss://`). */
  url: string
  /** Prefix of every key (default `tuike:quota:`); tests use a unique one per run. */
  prefix?: string
  /**
   * Called when Redis fails during a call. The call is then allowed (fail open): an unreachable
   * Redis must not turn into an outage of the API. Default: ignore.
   */
  onError?: (err: unknown) => void
}

/**
 * A counter shared by every instance that points at the same Redis. Connects (and fails) at once,
 * so a wrong `--redis` stops the server at start instead of disabling quotas silently.
 */
export async function redisQuota(options: RedisQuotaOptions): Promise<QuotaCounter> {
  const { Redis } = await import('ioredis')
  const redis = new Redis(options.url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 5000,
    enableAutoPipelining: true,
  })
  // Connection errors are retried by ioredis; report them through onError instead of crashing.
  redis.on('error', (err) => options.onError?.(err))
  try {
    await redis.connect()
  } catch (err) {
    redis.disconnect()
    throw new Error(`cannot reach Redis at ${redact(options.url)}: ${(err as Error).message}`)
  }
  const prefix = options.prefix ?? 'tuike:quota:'
  // EVALSHA with the script loaded once per connection.
  redis.defineCommand('tuikeQuotaTake', { numberOfKeys: 1, lua: TAKE })
  const take = (
    redis as unknown as {
      tuikeQuotaTake(key: string, limit: number, ttl: number): Promise<number>
    }
  ).tuikeQuotaTake.bind(redis)
  const windowKey = (key: string, windowSeconds: number, nowSec: number) =>
    `${prefix}${key}:${windowSeconds}:${nowSec - (nowSec % windowSeconds)}`
  return {
    async take(key, limit, windowSeconds, nowSec) {
      if (limit < 1) return false
      try {
        const ok = await take(windowKey(key, windowSeconds, nowSec), limit, windowSeconds + 60)
        return ok === 1
      } catch (err) {
        options.onError?.(err)
        return true
      }
    },
    async count(key, windowSeconds, nowSec) {
      try {
        return Number((await redis.get(windowKey(key, windowSeconds, nowSec))) ?? 0)
      } catch (err) {
        options.onError?.(err)
        return 0
      }
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect())
    },
    async ping() {
      await redis.ping()
    },
  }
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@')
}

/**
 * The quota check of a union call (union-api.md §15), run by the route pipeline right after the
 * token check: per appid and endpoint, per minute (45011) then per day (45009). The account's own
 * quota wins over the server default; 0 is no quota.
 */
export function unionQuotaCheck(
  counter: QuotaCounter,
  config: Pick<ServerConfig, 'unionMinuteQuota' | 'unionDailyQuota'>,
  clock: Clock,
): (
  caller: { appid: string; minuteQuota: number | null; dailyQuota: number | null },
  endpoint: string,
) => Promise<void> {
  return async (caller, endpoint) => {
    const minute = caller.minuteQuota ?? config.unionMinuteQuota
    const daily = caller.dailyQuota ?? config.unionDailyQuota
    if (minute <= 0 && daily <= 0) return
    const now = nowSeconds(clock)
    const key = `${caller.appid}:${endpoint}`
    if (minute > 0 && !(await counter.take(key, minute, 60, now))) throw new WechatError(45011)
    if (daily > 0 && !(await counter.take(key, daily, 86_400, now))) throw new WechatError(45009)
  }
}
