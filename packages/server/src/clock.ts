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
  advance(seconds: number): void {
    this.#ms += seconds * 1000
  }
}

/** Unix seconds of a clock. */
export function nowSeconds(clock: Clock): number {
  return Math.floor(clock.now() / 1000)
}
