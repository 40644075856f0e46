/**
 * Human units in, wire units out: yuan → fen, percent → 1/10000, dates and durations → Unix
 * seconds, sort and status names → wire values. Parsers throw commander's InvalidArgumentError,
 * which exits 2 with the valid values named.
 * @module
 */
import {
  type CommissionStatus,
  DEFAULT_TIME_ZONE,
  dayStart,
  parseYuan as fenOfYuan,
  formatDate,
  formatTime,
  formatTimeZoned,
  isTimeZone,
  yuanText,
  zoneLabel,
  zoneOffsetMinutes,
} from '@tuike/sdk'
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

/**
 * `20%`, `20`, `12.5%`, `0.5%` → 1/10000 (2000, 2000, 1250, 50). A bare number between 0 and 1
 * (`0.2`) is refused as ambiguous: it reads as a fraction (20 %) but would mean 0.2 %.
 */
export function parsePercent(value: string): number {
  const m = /^\s*(\d+(?:\.\d{1,2})?)\s*(%?)\s*$/.exec(value)
  const n = m ? Math.round(Number(m[1]) * 100) : Number.NaN
  if (!m || n > 10000)
    throw new InvalidArgumentError(`"${value}" is not a percentage 0–100 (e.g. 20%)`)
  if (!m[2] && n > 0 && n < 100)
    throw new InvalidArgumentError(
      `"${value}" is ambiguous: write ${Math.round(n)}% for ${Math.round(n)} percent, or ${m[1]}% for ${m[1]} percent`,
    )
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

let zone = DEFAULT_TIME_ZONE

/** The zone times are shown and read in (`--tz`, `TUIKE_TZ`; Beijing time by default). */
export function setTimeZone(tz: string): void {
  // Checking builds an ICU formatter, most of a command's start-up; the default needs none.
  if (tz !== DEFAULT_TIME_ZONE && !isTimeZone(tz))
    throw new InvalidArgumentError(`"${tz}" is not a time zone (e.g. Asia/Shanghai, UTC)`)
  zone = tz
}

export function timeZone(): string {
  return zone
}

const BAD_TIME = (value: string) =>
  new InvalidArgumentError(
    `"${value}" is not a date: use 2026-11-01, 2026-11-01T08:00, Unix seconds, or 7d / 12h ago`,
  )

/**
 * A point in time as Unix seconds: `2026-11-01` (midnight in the --tz zone), `2026-11-01T08:00`
 * (in that zone), an ISO timestamp with its own offset, Unix seconds, or a duration ago (`7d`,
 * `12h`). With `endOfDay`, a bare date means the end of that day (the next midnight), so
 * `--until 2026-11-30` includes the 30th. Dates that do not exist (`2026-13-01`) are refused.
 */
export function parseTime(value: string, endOfDay = false): number {
  const v = value.trim()
  if (/^\d+[smhdw]$/.test(v)) return nowSeconds() - parseDuration(v)
  if (/^\d{9,10}$/.test(v)) return Number(v)
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(
    v,
  )
  const start = m ? dayStart(m[1]!, m[5] ? 'UTC' : zone) : undefined
  if (!m || start === undefined) throw BAD_TIME(value)
  const [h, min, sec] = [m[2], m[3], m[4]].map((x) => Number(x ?? 0)) as [number, number, number]
  if (h > 23 || min > 59 || sec > 59) throw BAD_TIME(value)
  if (m[2] === undefined) return endOfDay ? (dayStart(nextDay(m[1]!), zone) as number) : start
  if (m[5]) return Math.floor(Date.parse(v.replace(' ', 'T')) / 1000)
  // A wall-clock time in the zone: the offset at that instant (a zone changing offset that day).
  const wall = start + zoneOffsetMinutes(start, zone) * 60 + h * 3600 + min * 60 + sec
  return wall - zoneOffsetMinutes(wall - zoneOffsetMinutes(start, zone) * 60, zone) * 60
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
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

/** Unix seconds → `2026-11-01 08:30` in the --tz zone, for tables whose title names the zone. */
export function localTime(seconds: number): string {
  return seconds ? formatTime(seconds, zone) : '-'
}

/** Unix seconds → `2026-11-01 08:30 (UTC+8)`: a time shown on its own carries its zone. */
export function zonedTime(seconds: number): string {
  return seconds ? formatTimeZoned(seconds, zone) : '-'
}

/** Unix seconds → the day `2026-11-01` in the --tz zone. */
export function localDay(seconds: number): string {
  return formatDate(seconds, zone)
}

/** A time column's title with its zone: `paid (UTC+8)`. */
export function timeHead(title: string): string {
  return `${title} (${zoneLabel(nowSeconds(), zone)})`
}

/** Consecutive windows `[a, b)` of at most `size` seconds covering `[from, to)` (order syncs). */
export function windows(from: number, to: number, size: number): [number, number][] {
  const out: [number, number][] = []
  for (let a = from; a < to; a += size) out.push([a, Math.min(a + size, to)])
  return out
}
