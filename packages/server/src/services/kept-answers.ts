/**
 * Finished answers kept by key, most recently used last, bounded in count and in bytes: the
 * least recently used go first, and one answer larger than an eighth of the bytes is not kept.
 * What order-pages.ts and catalogue-pages.ts keep; each decides when a kept answer still holds.
 * @module
 */
export class KeptAnswers<V> {
  readonly #entries = new Map<string, V>()
  #bytes = 0

  constructor(
    private readonly maxEntries: number,
    private readonly maxBytes: number,
    /** The bytes `value` holds. */
    private readonly size: (value: V) => number,
  ) {}

  get(key: string): V | undefined {
    const value = this.#entries.get(key)
    if (value !== undefined) {
      this.#entries.delete(key)
      this.#entries.set(key, value)
    }
    return value
  }

  set(key: string, value: V): void {
    const size = this.size(value)
    if (size > this.maxBytes / 8) return
    const old = this.#entries.get(key)
    if (old !== undefined) this.#bytes -= this.size(old)
    this.#entries.delete(key)
    this.#entries.set(key, value)
    this.#bytes += size
    while (this.#entries.size > this.maxEntries || this.#bytes > this.maxBytes) {
      const [oldest, evicted] = this.#entries.entries().next().value!
      this.#entries.delete(oldest)
      this.#bytes -= this.size(evicted)
    }
  }

  clear(): void {
    this.#entries.clear()
    this.#bytes = 0
  }
}
