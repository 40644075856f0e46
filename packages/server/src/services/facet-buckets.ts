/**
 * Quantile buckets of a facet column, for the keyword index's scan (keyword-index.ts). At 1M
 * products a word's postings are spread over the whole pk range, so testing a posting's filters on
 * the 4-byte facet arrays costs a cache miss per posting (~1 ms for the broad words on the shared
 * 2-core VM: nearly all of a query). A bucket number of 6 or 8 bits per pk, in small arrays read
 * in ascending pk order, answers most tests without touching the exact value: a value in a bucket
 * strictly inside a filter's range passes, one outside fails, and only the buckets holding a
 * bound are tested on the exact value. Sorts use 8-bit buckets the same way: a candidate whose
 * bucket is worse than the current k-th best's cannot enter the page.
 *
 * A bucket is exact, not an estimate: bucket(x) is the largest b with bounds[b] ≤ x, bounds
 * strictly increasing from bounds[0] = -2^31, so x < y implies bucket(x) ≤ bucket(y), and
 * bucket(x) < bucket(y) implies x < y. The bounds are chosen once per index from the values then
 * (about equal counts per bucket, each distinct value its own bucket when there are few); values
 * written later fall in whatever bucket holds them, which costs speed at worst, never exactness.
 * @module
 */

const MIN = -(2 ** 31)

export class Buckets {
  /** bounds[b]: the smallest value of bucket b (bounds[0] = -2^31), strictly increasing. */
  readonly bounds: Int32Array

  constructor(bounds: Int32Array) {
    this.bounds = bounds
  }

  /**
   * Bounds for at most `count` buckets of the values `values[i]` with `keep(i)`: about equal
   * numbers of values per bucket, every distinct value its own bucket when there are at most
   * `count` of them. Reads at most ~64k of the values (evenly spaced).
   */
  static of(values: Int32Array, keep: (i: number) => boolean, count: number): Buckets {
    const step = Math.max(1, Math.floor(values.length / 65_536))
    const picked: number[] = []
    for (let i = 0; i < values.length; i += step) if (keep(i)) picked.push(values[i]!)
    const sample = Int32Array.from(picked).sort()
    let distinct = 0
    for (let i = 0; i < sample.length; i++) if (i === 0 || sample[i] !== sample[i - 1]) distinct++
    const bounds = [MIN]
    const per = sample.length / count
    let inBucket = 0
    for (let i = 0; i < sample.length; ) {
      const v = sample[i]!
      let j = i
      while (j < sample.length && sample[j] === v) j++
      // A new bucket starts at the smallest value (bucket 0 holds what is below every value
      // seen), when the current one is full, or when every distinct value left can have a
      // bucket of its own.
      const left = count - bounds.length
      if (left > 0 && v > bounds.at(-1)! && (i === 0 || inBucket >= per || distinct <= left)) {
        bounds.push(v)
        inBucket = 0
      }
      inBucket += j - i
      distinct--
      i = j
    }
    return new Buckets(Int32Array.from(bounds))
  }

  /** The bucket of `x` (any number ≥ -2^31; a larger one than every bound: the last bucket). */
  of(x: number): number {
    const b = this.bounds
    let lo = 0
    let hi = b.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (b[mid]! <= x) lo = mid
      else hi = mid - 1
    }
    return lo
  }

  /** Whether every value of bucket `of(x)` is ≥ x (x is that bucket's smallest value). */
  startsAt(x: number): boolean {
    return this.bounds[this.of(x)] === x
  }
}
