/**
 * Lenient readers for the values WeChat sends in more than one form.
 * @module
 */

/**
 * A display amount in yuan (`"¥0.20"`, `"¥12"`, `"0.2"`) as integer fen; `"-"` (pending) and
 * unreadable values give null. Numbers are taken as fen already.
 *
 * @example
 * toFen('¥0.20') // 20
 * toFen('-') // null
 */
export function toFen(value: string | number | null | undefined): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.round(value) : null
  if (typeof value !== 'string') return null
  const m = /^\s*[¥￥]?\s*(-?)(\d+)(?:\.(\d{1,2})\d*)?\s*$/.exec(value)
  if (!m) return null
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'))
  return m[1] ? -fen : fen
}

/** A ratio in 1/10000 (万分之一) as a percentage: `8000` → `80`, `"9000"` → `90`. */
export function ratioToPercent(ratio: number | string | null | undefined): number | null {
  const n = toInt(ratio)
  return n === null ? null : n / 100
}

/** An integer from a number or a numeric string (`"100"`); anything else gives null. */
export function toInt(value: unknown): number | null {
  if (typeof value === 'number') return Number.isInteger(value) ? value : null
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number(value)
  return null
}

/** A 0/1 flag (number or string) or boolean as a boolean; anything else gives null. */
export function toBool(value: unknown): boolean | null {
  if (value === true || value === 1 || value === '1' || value === 'true') return true
  if (value === false || value === 0 || value === '0' || value === 'false') return false
  return null
}

/** An id as a string; numbers are converted (they may already have lost precision). */
export function toId(value: string | number | bigint): string {
  return String(value)
}
