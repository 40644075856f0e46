/**
 * Human output. On a terminal: tables drawn to fit its width (long cells cut with …, CJK counted
 * as two columns), colour unless NO_COLOR. Piped: plain tab-separated rows under a header row,
 * nothing cut, no colour, no summaries on stdout (as gh does). JSON and NDJSON for scripts.
 * `TUIKE_FORCE_TTY=1` (or a width, `TUIKE_FORCE_TTY=80`) draws terminal output into a pipe.
 * @module
 */
import { createRequire } from 'node:module'
import type Table from 'cli-table3'
import pc from 'picocolors'

/** Whether stdout gets terminal output (tables, colour, summaries). */
export function isTerminal(): boolean {
  return !!process.env.TUIKE_FORCE_TTY || !!process.stdout.isTTY
}

/** Columns of the terminal: TUIKE_FORCE_TTY's number, else the terminal's, else COLUMNS, else 80. */
export function terminalWidth(): number {
  const forced = Number(process.env.TUIKE_FORCE_TTY)
  if (Number.isInteger(forced) && forced > 1) return forced
  return process.stdout.columns || Number(process.env.COLUMNS) || 80
}

/** Colours on stdout: a terminal, and NO_COLOR unset (https://no-color.org). */
export function colourOn(): boolean {
  return isTerminal() && !process.env.NO_COLOR
}

/** picocolors bound to whether stdout may be coloured. */
export function colours() {
  return pc.createColors(colourOn())
}

/** East Asian wide and fullwidth ranges (CJK, kana, hangul, fullwidth forms, emoji): 2 columns. */
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]/u

/** Columns `text` takes on a terminal. */
export function displayWidth(text: string): number {
  let w = 0
  for (const ch of text) w += WIDE.test(ch) ? 2 : 1
  return w
}

/** `text` cut to at most `width` columns, ending in … when cut. */
export function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text
  let out = ''
  let w = 0
  for (const ch of text) {
    const cw = WIDE.test(ch) ? 2 : 1
    if (w + cw > width - 1) break
    out += ch
    w += cw
  }
  return `${out}…`
}

/** How a table gives way on a narrow terminal. */
export interface Fit {
  /** Columns whose cells may be cut (titles, names); the others keep their cells whole. */
  flex?: number[]
  /** Columns left out when the table still does not fit, in this order. */
  optional?: number[]
}

const frame = (widths: number[]) => widths.reduce((a, b) => a + b, 0) + 3 * widths.length + 1

/**
 * Content widths that fit `total` columns of table (borders and padding take 3 per column + 1):
 * the widest column gives a column at a time, never below `floor`. Undefined when it cannot fit.
 */
export function fitWidths(natural: number[], floor: number[], total: number): number[] | undefined {
  const widths = [...natural]
  while (frame(widths) > total) {
    let widest = -1
    for (const [i, w] of widths.entries())
      if (w > floor[i]! && (widest < 0 || w > widths[widest]!)) widest = i
    if (widest < 0) return undefined
    widths[widest]!--
  }
  return widths
}

/**
 * Which columns to show and how wide: headers may be cut to their cells (not below 4), flex
 * cells to 16 columns, leaving out optional columns one by one; then flex cells to 8; as a
 * last resort every column gives way to 4.
 */
function layout(head: string[], cells: string[][], fit: Fit, total: number) {
  const natural = (i: number) =>
    Math.max(displayWidth(head[i]!), ...cells.map((r) => displayWidth(r[i] ?? '')))
  const body = (i: number) => Math.max(0, ...cells.map((r) => displayWidth(r[i] ?? '')))
  let shown = head.map((_, i) => i)
  for (const flexFloor of [16, 8]) {
    shown = head.map((_, i) => i)
    for (const drop of [undefined, ...(fit.optional ?? [])]) {
      if (drop !== undefined) shown = shown.filter((i) => i !== drop)
      const floor = (i: number) =>
        Math.min(natural(i), fit.flex?.includes(i) ? flexFloor : Math.max(4, body(i)))
      const widths = fitWidths(shown.map(natural), shown.map(floor), total)
      if (widths) return { shown, widths }
    }
  }
  const widths = shown.map(natural)
  return {
    shown,
    widths:
      fitWidths(
        widths,
        widths.map((w) => Math.min(w, 4)),
        total,
      ) ?? widths,
  }
}

/**
 * A table: drawn to fit a terminal (cut cells end in …), or tab-separated with a header row and
 * every column, nothing cut, when piped.
 */
export function printTable(
  head: string[],
  rows: string[][],
  align?: ('left' | 'right')[],
  fit: Fit = {},
): void {
  // One line per row, whatever the cells hold.
  const cells = rows.map((r) => r.map((c) => c.replace(/[\t\r\n]+/g, ' ')))
  if (!isTerminal()) {
    process.stdout.write([head, ...cells].map((r) => `${r.join('\t')}\n`).join(''))
    return
  }
  const { shown, widths } = layout(head, cells, fit, terminalWidth())
  const pick = <T>(r: T[]) => shown.map((i) => r[i]!)
  const colour = colourOn()
  // Loaded on first use: it costs every other command's start.
  const Tables = createRequire(import.meta.url)('cli-table3') as typeof Table
  const table = new Tables({
    head: pick(head).map((h, i) => truncate(h, widths[i]!)),
    colWidths: widths.map((w) => w + 2),
    style: { head: colour ? ['cyan'] : [], border: colour ? ['grey'] : [] },
    // No rule between body rows: long listings stay compact.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    ...(align ? { colAligns: pick(align) } : {}),
  })
  table.push(...cells.map((r) => pick(r).map((c, i) => truncate(c, widths[i]!))))
  process.stdout.write(`${table.toString()}\n`)
}

/** The alignment of each column of `head`: right for the columns named in `right` (numbers). */
export function rightAligned(head: string[], right: string[]): ('left' | 'right')[] {
  return head.map((h) => (right.includes(h) ? 'right' : 'left'))
}

/** A line after a table (`1–8 of 300`): on stdout on a terminal, else on stderr. */
export function summary(text: string): void {
  ;(isTerminal() ? process.stdout : process.stderr).write(`${text}\n`)
}

/** One JSON document, pretty-printed. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
}

/** One NDJSON line; waits for the stream to drain when it is full (large exports). */
export async function writeLine(out: NodeJS.WritableStream, line: string): Promise<void> {
  if (!out.write(`${line}\n`)) await new Promise<void>((resolve) => out.once('drain', resolve))
}

/** A line on stderr: notes and summaries that must not mix into piped stdout. */
export function note(text: string): void {
  process.stderr.write(`${text}\n`)
}
