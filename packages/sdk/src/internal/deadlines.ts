/**
 * Per-attempt timeouts on one shared timer. A timer per call costs several microseconds
 * (Node creates and tears down its 30 s timer list each time), a few percent of a loopback call;
 * here a call only joins and leaves a set. The timer is armed for the earliest deadline, and is
 * ref'd only while a call is waiting, so it keeps the process alive exactly as a timer per call
 * would and never past the last call.
 * @module
 */

/** A waiting call: when it times out, and what to do then. */
export interface Deadline {
  readonly at: number
  readonly expire: () => void
}

const waiting = new Set<Deadline>()
let timer: ReturnType<typeof setTimeout> | undefined
let armedFor = Number.POSITIVE_INFINITY

function arm(at: number): void {
  clearTimeout(timer)
  armedFor = at
  // setTimeout takes at most 2^31-1 ms; a later deadline is re-armed when that one fires.
  timer = setTimeout(fire, Math.min(2 ** 31 - 1, Math.max(1, Math.ceil(at - performance.now()))))
}

function fire(): void {
  timer = undefined
  armedFor = Number.POSITIVE_INFINITY
  const now = performance.now()
  let next = Number.POSITIVE_INFINITY
  for (const d of waiting) {
    if (d.at <= now) {
      waiting.delete(d)
      d.expire()
    } else if (d.at < next) next = d.at
  }
  if (next !== Number.POSITIVE_INFINITY) arm(next)
}

/** Call `expire` after `ms` unless `clear` comes first. */
export function watch(ms: number, expire: () => void): Deadline {
  const d = { at: performance.now() + ms, expire }
  // ref/unref are Node's; other runtimes may hand back a number.
  if (waiting.size === 0) timer?.ref?.()
  waiting.add(d)
  if (d.at < armedFor) arm(d.at)
  return d
}

/** The call finished; its deadline no longer matters. */
export function clear(d: Deadline): void {
  if (waiting.delete(d) && waiting.size === 0) timer?.unref?.()
}
