/**
 * The product's one time rule: times are shown in a named zone, Beijing time (Asia/Shanghai)
 * unless a person chose another, and the zone is printed with them, as WeChat's own consoles
 * do. This file has no imports: the SDK carries a generated copy (`generated/time.ts`), so the
 * console and the CLI format and read times the same way.
 * @module
 */

/** The zone of WeChat's consoles and of Tuike's default. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai'

const formatters = new Map<string, Intl.DateTimeFormat>()

function wallClock(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(tz, f)
  }
  return f
}

/** Whether `tz` is an IANA zone name this runtime knows (`Asia/Shanghai`, `UTC`, …). */
export function isTimeZone(tz: string): boolean {
  if (!tz) return false
  try {
    wallClock(tz)
    return true
  } catch {
    return false
  }
}

/** Minutes the zone is ahead of UTC at Unix second `seconds` (480 for Beijing). */
export function zoneOffsetMinutes(seconds: number, tz: string = DEFAULT_TIME_ZONE): number {
  const ms = Math.floor(seconds) * 1000
  const parts: Record<string, number> = {}
  for (const p of wallClock(tz).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value)
  }
  const wall = Date.UTC(
    parts.year!,
    parts.month! - 1,
    parts.day!,
    parts.hour!,
    parts.minute!,
    parts.second!,
  )
  return Math.round((wall - ms) / 60_000)
}

/** The zone's offset at that time as people read it: `UTC+8`, `UTC-3:30`, `UTC`. */
export function zoneLabel(seconds: number, tz: string = DEFAULT_TIME_ZONE): string {
  const off = zoneOffsetMinutes(seconds, tz)
  if (off === 0) return 'UTC'
  const abs = Math.abs(off)
  const minutes = abs % 60 ? `:${String(abs % 60).padStart(2, '0')}` : ''
  return `UTC${off < 0 ? '-' : '+'}${Math.floor(abs / 60)}${minutes}`
}

/** The zone as a column or legend title: `北京时间` for Asia/Shanghai, else the IANA name. */
export function zoneTitle(tz: string = DEFAULT_TIME_ZONE): string {
  return tz === DEFAULT_TIME_ZONE ? '北京时间' : tz
}

function local(seconds: number, tz: string): string {
  const s = Math.floor(seconds)
  return new Date((s + zoneOffsetMinutes(s, tz) * 60) * 1000).toISOString()
}

/** Unix seconds → `2026-12-02 21:33` in the zone (no zone printed: for tables titled with it). */
export function formatTime(seconds: number, tz: string = DEFAULT_TIME_ZONE): string {
  return local(seconds, tz).slice(0, 16).replace('T', ' ')
}

/** Unix seconds → `2026-12-02 21:33 (UTC+8)`: a time shown on its own carries its zone. */
export function formatTimeZoned(seconds: number, tz: string = DEFAULT_TIME_ZONE): string {
  return `${formatTime(seconds, tz)} (${zoneLabel(seconds, tz)})`
}

/** Unix seconds → the day `2026-12-02` in the zone. */
export function formatDate(seconds: number, tz: string = DEFAULT_TIME_ZONE): string {
  return local(seconds, tz).slice(0, 10)
}

/** `2026-12-02` → Unix seconds of that day's start in the zone; undefined unless a real date. */
export function dayStart(day: string, tz: string = DEFAULT_TIME_ZONE): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (!m) return undefined
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 1000
  if (new Date(utc * 1000).toISOString().slice(0, 10) !== day) return undefined
  // The offset at the guess, then at the corrected instant (a zone changing offset that day).
  const guess = utc - zoneOffsetMinutes(utc, tz) * 60
  return utc - zoneOffsetMinutes(guess, tz) * 60
}
