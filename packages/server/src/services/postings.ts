/**
 * The keyword index's postings, compact: every gram's ascending pks as delta varints in one byte
 * arena (issue 16: at 1M products, per-gram Int32Arrays took 4 bytes a posting plus an object per
 * gram, and their peak during a build stayed in the process's RSS). Built in two passes over the
 * titles in pk order, as the index reads them: `plan` sizes each gram's run, `add` fills it, so
 * nothing larger than the arena is ever allocated. Read back by decoding into a scratch buffer:
 * well under a millisecond for the broadest word.
 * @module
 */

const varintSize = (d: number) =>
  d < 0x80 ? 1 : d < 0x4000 ? 2 : d < 0x200000 ? 3 : d < 0x10000000 ? 4 : 5

export class Postings {
  readonly #slot = new Map<string, number>()
  /** Per slot: end of its run (planning: its size), pks written, the last pk written. */
  #start = new Float64Array(1024)
  #end = new Float64Array(1024)
  #count = new Uint32Array(1024)
  #last = new Int32Array(1024)
  #bytes = new Uint8Array(0)
  #scratch = new Int32Array(0)

  /** First pass: `pk` (ascending across calls) has `gram`. */
  plan(gram: string, pk: number): void {
    let slot = this.#slot.get(gram)
    if (slot === undefined) {
      slot = this.#slot.size
      this.#slot.set(gram, slot)
      if (slot === this.#end.length) this.#grow()
    }
    this.#end[slot]! += varintSize(pk - this.#last[slot]!)
    this.#last[slot] = pk
  }

  /** Between the passes: lay the runs out in one arena. */
  allocate(): void {
    let at = 0
    for (let slot = 0; slot < this.#slot.size; slot++) {
      const size = this.#end[slot]!
      this.#start[slot] = at
      this.#end[slot] = at
      at += size
    }
    this.#bytes = new Uint8Array(at)
    this.#last.fill(0)
  }

  /**
   * Second pass: `pk` (ascending) has `gram`. The second pass may add only a subset of what was
   * planned (a title that changed between the passes is left out): a delta over skipped pks never
   * needs more bytes than the deltas it replaces, so a run never overflows.
   */
  add(gram: string, pk: number): void {
    const slot = this.#slot.get(gram)
    if (slot === undefined) return
    let d = pk - this.#last[slot]!
    let at = this.#end[slot]!
    while (d >= 0x80) {
      this.#bytes[at++] = (d & 0x7f) | 0x80
      d = Math.floor(d / 0x80)
    }
    this.#bytes[at++] = d
    this.#end[slot] = at
    this.#last[slot] = pk
    this.#count[slot]!++
  }

  /**
   * The pks of `gram`, ascending, in a buffer reused by the next call (read it before calling
   * again).
   */
  get(gram: string): Int32Array {
    const slot = this.#slot.get(gram)
    const n = slot === undefined ? 0 : this.#count[slot]!
    if (this.#scratch.length < n) this.#scratch = new Int32Array(n)
    const out = this.#scratch
    const bytes = this.#bytes
    let at = slot === undefined ? 0 : this.#start[slot]!
    let pk = 0
    for (let i = 0; i < n; i++) {
      let b = bytes[at++]!
      let d = b & 0x7f
      for (let scale = 0x80; b & 0x80; scale *= 0x80) {
        b = bytes[at++]!
        d += (b & 0x7f) * scale
      }
      pk += d
      out[i] = pk
    }
    return out.subarray(0, n)
  }

  #grow(): void {
    const n = this.#end.length * 2
    const grow = <T extends Float64Array | Uint32Array | Int32Array>(a: T, b: T): T => {
      b.set(a)
      return b
    }
    this.#start = grow(this.#start, new Float64Array(n))
    this.#end = grow(this.#end, new Float64Array(n))
    this.#count = grow(this.#count, new Uint32Array(n))
    this.#last = grow(this.#last, new Int32Array(n))
  }
}
