/**
 * Display helpers: money, ratios, times in the visitor's zone (Beijing time unless changed in
 * 设置, always printed with the zone), and the commission states' names.
 * @module
 */

import { AsyncLocalStorage } from 'node:async_hooks'
import {
  type CommissionStatus,
  DEFAULT_TIME_ZONE,
  dayStart,
  formatDate,
  formatTime,
  formatTimeZoned,
  parseYuan,
  toFen,
  zoneTitle,
} from '@tuike/sdk'

export { percent, yuan, yuanText } from '@tuike/sdk'

/** The zone of the request being rendered (the visitor's setting), Beijing time by default. */
const zone = new AsyncLocalStorage<string>()

/** Run `fn` with times shown in `tz` (the console's per-request time rule). */
export function withTimeZone<T>(tz: string, fn: () => T): T {
  return zone.run(tz, fn)
}

/** The zone times are shown in now. */
export function timeZone(): string {
  return zone.getStore() ?? DEFAULT_TIME_ZONE
}

/** Unix seconds → `2025-11-29 14:05 (UTC+8)`: a time shown on its own carries its zone. */
export function dateTime(seconds: number): string {
  return seconds ? formatTimeZoned(seconds, timeZone()) : '—'
}

/** Unix seconds → `2025-11-29 14:05`, for a column whose title names the zone (`zoned`). */
export function shortTime(seconds: number): string {
  return seconds ? formatTime(seconds, timeZone()) : '—'
}

/** A column title with the zone: `支付时间（北京时间）`. */
export function zoned(title: string): string {
  return `${title}（${zoneTitle(timeZone())}）`
}

/** Unix seconds → the day `2025-11-29` in the zone. */
export function day(seconds: number): string {
  return formatDate(seconds, timeZone())
}

/** `2025-11-29` → Unix seconds of its start in the zone; undefined when malformed. */
export function parseDay(value: string | undefined): number | undefined {
  return value ? dayStart(value, timeZone()) : undefined
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
