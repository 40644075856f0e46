/**
 * Lenient readers for the values WeChat sends in more than one form.
 * @module
 */

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
