/**
 * Display helpers: money, ratios, dates in China time, and the commission states' names.
 * @module
 */

import { type CommissionStatus, parseYuan, toFen } from '@tuike/sdk'

export { percent, yuan, yuanText } from '@tuike/sdk'

const CN_OFFSET = 8 * 3600

/** Unix seconds → `2025-11-29 14:05` in China time (UTC+8), as the WeChat console shows. */
export function dateTime(seconds: number): string {
  if (!seconds) return '—'
  const d = new Date((seconds + CN_OFFSET) * 1000)
  return d.toISOString().slice(0, 16).replace('T', ' ')
}

/** Unix seconds → `2025-11-29` in China time. */
export function day(seconds: number): string {
  return new Date((seconds + CN_OFFSET) * 1000).toISOString().slice(0, 10)
}

/** `2025-11-29` (China time) → Unix seconds of its start; undefined when malformed. */
export function parseDay(value: string | undefined): number | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined
  const ms = Date.parse(`${value}T00:00:00+08:00`)
  return Number.isNaN(ms) ? undefined : ms / 1000
}

export const STATUS_LABEL: Record<string, string> = {
  SETTLEMENT_PENDING: '待结算',
  SETTLEMENT_SUCCESS: '已结算',
  SETTLEMENT_CANCELED: '已取消',
}

/** `"¥1.23"` → 123 fen; `"-"` and anything else → 0. */
export function fenOf(display: string): number {
  return toFen(display) ?? 0
}

/** Yuan typed by a person (`12.5`) → fen; undefined when empty or not an amount. */
export function fenFromInput(value: string | undefined): number | undefined {
  return value === undefined ? undefined : parseYuan(value)
}

/** A commission status of the wire, or undefined. */
export function commissionStatus(value: string | undefined): CommissionStatus | undefined {
  return value && Object.hasOwn(STATUS_LABEL, value) ? (value as CommissionStatus) : undefined
}
