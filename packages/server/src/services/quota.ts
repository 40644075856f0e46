/**
 * Fixed-window call counters per key (appid + endpoint), in process. Answers whether one more
 * call fits under `limit` in the window of `windowSeconds` that contains `nowSec`.
 * @module
 */

export interface QuotaCounter {
  take(key: string, limit: number, windowSeconds: number, nowSec: number): Promise<boolean>
}

export function memoryQuota(): QuotaCounter {
  const windows = new Map<string, { start: number; count: number }>()
  return {
    async take(key, limit, windowSeconds, nowSec) {
      const start = nowSec - (nowSec % windowSeconds)
      const k = `${key}:${windowSeconds}`
      const w = windows.get(k)
      if (!w || w.start !== start) {
        windows.set(k, { start, count: 1 })
        return limit >= 1
      }
      if (w.count >= limit) return false
      w.count++
      return true
    },
  }
}
