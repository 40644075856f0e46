/**
 * Progress on stderr, only when stderr is a terminal (scripts, CI and pipes get none): one line
 * with the phase, done/total, rate and ETA, redrawn at most ten times a second and erased by
 * `stop()`, so nothing like `100% 1/1` stays on screen.
 *
 * Use: `const p = progressBar('orders')`, then `p.update(done, total, phase?)` as work advances
 * (done and total in any unit; a new phase restarts the rate), and `p.stop()` in a `finally`.
 * @module
 */

export interface Progress {
  /** `done` of `total` units; `phase` names the current step (`indexes`, `12 orders`). */
  update(done: number, total: number, phase?: string): void
  /** Erase the line. Safe to call twice, or without any update. */
  stop(): void
}

/** What the line is drawn on: stderr, or a fake terminal in tests. */
export interface ProgressStream {
  isTTY?: boolean
  columns?: number
  write(text: string): unknown
}

const ERASE = '\r\x1b[K'

function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?'
  if (seconds < 60) return `${Math.ceil(seconds)}s`
  if (seconds < 3600)
    return `${Math.floor(seconds / 60)}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`
  return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`
}

function count(n: number): string {
  return n >= 10_000 ? `${Number((n / 1000).toFixed(n >= 100_000 ? 0 : 1))}k` : String(n)
}

/** One progress line: `orders indexes  45% 90k/200k  12.3k/s  ETA 9s`. */
export function progressLine(
  title: string,
  phase: string,
  done: number,
  total: number,
  perSecond: number,
): string {
  const pct = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 0
  const rate = perSecond > 0 ? `  ${count(Math.round(perSecond))}/s` : ''
  const eta = perSecond > 0 && total > done ? `  ETA ${duration((total - done) / perSecond)}` : ''
  return `${title}${phase ? ` ${phase}` : ''}  ${pct}% ${count(done)}/${count(total)}${rate}${eta}`
}

export function progressBar(
  title: string,
  stream: ProgressStream = process.stderr,
  now: () => number = () => performance.now(),
): Progress {
  if (!stream.isTTY) return { update() {}, stop() {} }
  let shown = false
  let lastDraw = Number.NEGATIVE_INFINITY
  let phase = ''
  let since = now()
  let from = 0
  return {
    update(done, total, next = '') {
      const t = now()
      const newPhase = next !== phase
      if (newPhase) {
        phase = next
        since = t
        from = done
      }
      if (t - lastDraw < 100 && done < total && !newPhase) return
      lastDraw = t
      const seconds = (t - since) / 1000
      const rate = seconds > 0.2 ? (done - from) / seconds : 0
      const width = (stream.columns ?? 80) - 1
      stream.write(`${ERASE}${progressLine(title, phase, done, total, rate).slice(0, width)}`)
      shown = true
    },
    stop() {
      if (shown) stream.write(ERASE)
      shown = false
    },
  }
}
