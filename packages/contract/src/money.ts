/**
 * Money and ratios between the wire and people: integer fen and 1/10000 ratios on the wire,
 * yuan and percentages for display, with integer arithmetic only. This file has no imports: the
 * SDK carries a generated copy (its `generated/money.ts`), so the server, the SDK, the CLI and
 * the console format and parse money the same way.
 * @module
 */

/** Fen → `12.30` (yuan, two decimals); `-12.30` below zero. */
export function yuanText(fen: number): string {
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(fen)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/** Fen → WeChat's display string `¥12.30` (`-¥12.30` below zero). */
export function yuan(fen: number): string {
  const text = yuanText(fen)
  return text.startsWith('-') ? `-¥${text.slice(1)}` : `¥${text}`
}

/** Fen → yuan without trailing zeros, as share copy writes prices: `123`, `12.9`, `0.2`. */
export function yuanWords(fen: number): string {
  return yuanText(fen).replace(/\.?0+$/, '')
}

/** A 1/10000 ratio → `12.5%`. */
export function percent(ratio: number): string {
  return `${Number((ratio / 100).toFixed(2))}%`
}

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

/**
 * An amount a person typed (`9.9`, `¥9.90`, `12元`) → integer fen; undefined when it is not a
 * non-negative amount with at most two decimals.
 */
export function parseYuan(value: string): number | undefined {
  const m = /^\s*[¥￥]?\s*(\d+)(?:\.(\d{1,2}))?\s*(?:元)?\s*$/.exec(value)
  if (!m) return undefined
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
}
