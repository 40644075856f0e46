/**
 * Human units in, wire units out: yuan → fen, percent → 1/10000, dates and durations → Unix
 * seconds, sort and status names → wire values. Parsers throw commander's InvalidArgumentError,
 * which exits 2 with the valid values named.
 * @module
 */
import { type CommissionStatus, parseYuan as fenOfYuan, yuanText } from '@tuike/sdk'
import { InvalidArgumentError } from 'commander'

/** The CLI's clock: `TUIKE_NOW` (ISO date or Unix seconds) pins it for reproducible runs. */
export function nowSeconds(): number {
  const pinned = process.env.TUIKE_NOW
  if (pinned) {
    const n = /^\d+$/.test(pinned) ? Number(pinned) : Math.floor(Date.parse(pinned) / 1000)
    if (Number.isFinite(n)) return n
  }
  return Math.floor(Date.now() / 1000)
}

/** `9.9`, `¥9.90`, `12` yuan → integer fen. */
export function parseYuan(value: string): number {
  const fen = fenOfYuan(value)
  if (fen === undefined)
    throw new InvalidArgumentError(`"${value}" is not an amount in yuan (e.g. 9.9)`)
  return fen
}

/** `20%`, `20`, `12.5%` → 1/10000 (2000, 2000, 1250). */
export function parsePercent(value: string): number {
  const m = /^\s*(\d+(?:\.\d{1,2})?)\s*%?\s*$/.exec(value)
  const n = m ? Math.round(Number(m[1]) * 100) : Number.NaN
  if (!m || n > 10000)
    throw new InvalidArgumentError(`"${value}" is not a percentage 0–100 (e.g. 20%)`)
  return n
}

export function parseCount(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError('must be a non-negative integer')
  return n
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 7 * 86400 }

/** `90s`, `15m`, `2h`, `7d`, `1w` → seconds. */
export function parseDuration(value: string): number {
  const m = /^\s*(\d+)\s*([smhdw])\s*$/.exec(value)
  if (!m) throw new InvalidArgumentError(`"${value}" is not a duration (e.g. 30m, 2h, 7d)`)
  return Number(m[1]) * UNITS[m[2]!]!
}

/**
 * A point in time as Unix seconds: `2026-11-01` (local midnight), `2026-11-01T08:00`, an ISO
 * timestamp, Unix seconds, or a duration ago (`7d`, `12h`). With `endOfDay`, a bare date means
 * the end of that day (the next midnight), so `--until 2026-11-30` includes the 30th.
 */
export function parseTime(value: string, endOfDay = false): number {
  const v = value.trim()
  if (/^\d+[smhdw]$/.test(v)) return nowSeconds() - parseDuration(v)
  if (/^\d{9,10}$/.test(v)) return Number(v)
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v)
  if (day) {
    const d = new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3]) + (endOfDay ? 1 : 0))
    if (!Number.isNaN(d.getTime())) return Math.floor(d.getTime() / 1000)
  }
  const ms = Date.parse(v)
  if (Number.isNaN(ms) || day)
    throw new InvalidArgumentError(
      `"${value}" is not a date: use 2026-11-01, an ISO time, Unix seconds, or 7d / 12h ago`,
    )
  return Math.floor(ms / 1000)
}

/** product/list sortType by name. */
export const SORTS = {
  default: 0,
  'price-asc': 1,
  'price-desc': 2,
  'ratio-asc': 3,
  'ratio-desc': 4,
  'commission-asc': 5,
  'commission-desc': 6,
  'sales-asc': 7,
  'sales-desc': 8,
} as const

/** A named choice → its value; the error names every valid choice. */
export function choice<T>(table: Record<string, T>, what: string) {
  return (value: string): T => {
    const key = value.trim().toLowerCase()
    if (Object.hasOwn(table, key)) return table[key]!
    throw new InvalidArgumentError(
      `unknown ${what} "${value}"; valid: ${Object.keys(table).join(', ')}`,
    )
  }
}

export const parseSort = choice<number>(SORTS, 'sort')

export const STATUSES: Record<string, CommissionStatus> = {
  pending: 'SETTLEMENT_PENDING',
  settled: 'SETTLEMENT_SUCCESS',
  canceled: 'SETTLEMENT_CANCELED',
  cancelled: 'SETTLEMENT_CANCELED',
}
export const parseStatus = choice<CommissionStatus>(STATUSES, 'status')

/** Short names of commission states for tables. */
export function statusName(status: string): string {
  if (status === 'SETTLEMENT_PENDING') return 'pending'
  if (status === 'SETTLEMENT_SUCCESS') return 'settled'
  if (status === 'SETTLEMENT_CANCELED') return 'canceled'
  return status
}

/** Integer fen → `12.30` (yuan, two decimals). */
export function yuan(fen: number | null | undefined): string {
  return fen === null || fen === undefined ? '-' : yuanText(fen)
}

export { percent } from '@tuike/sdk'

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

/** Unix seconds → `2026-11-01 08:30` in the local time zone (TZ). */
export function localTime(seconds: number): string {
  if (!seconds) return '-'
  const d = new Date(seconds * 1000)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** Unix seconds → `2026-11-01` in the local time zone. */
export function localDay(seconds: number): string {
  return localTime(seconds).slice(0, 10)
}

/** Cut text to `width` characters for a table cell. */
export function clip(text: string, width: number): string {
  const chars = [...text]
  return chars.length <= width ? text : `${chars.slice(0, width - 1).join('')}…`
}

/** Consecutive windows `[a, b)` of at most `size` seconds covering `[from, to)` (order syncs). */
export function windows(from: number, to: number, size: number): [number, number][] {
  const out: [number, number][] = []
  for (let a = from; a < to; a += size) out.push([a, Math.min(a + size, to)])
  return out
}
