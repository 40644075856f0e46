/**
 * Time comes from an injectable clock so tests and demos can move it.
 * @module
 */

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
}

export const systemClock: Clock = { now: () => Date.now() }

/** A clock that only moves when told to. */
export class TestClock implements Clock {
  #ms: number
  constructor(startMs = Date.now()) {
    this.#ms = startMs
  }
  now(): number {
    return this.#ms
  }
  /** Move on by `seconds` (a cluster worker's clock resolves once every worker moved). */
  advance(seconds: number): void | Promise<void> {
    this.#ms += seconds * 1000
  }
  /** Set the time (a cluster primary's broadcast). */
  set(ms: number): void {
    this.#ms = ms
  }
}

/** Unix seconds of a clock. */
export function nowSeconds(clock: Clock): number {
  return Math.floor(clock.now() / 1000)
}
