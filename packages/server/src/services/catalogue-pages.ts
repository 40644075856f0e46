/**
 * Finished product/list pages kept in memory, exact under writes from any process. Every write
 * that can change a listing (products, their facets, SKUs and wire text, shops, categories, gram
 * postings) appends a row to the change feed (catalogue-changes.ts) in its own transaction.
 * Before answering, a process reads the feed's last seq (one prepared single-row read): a
 * different number than the one its entries were made under clears them. A page computed under
 * seq N is kept only while N is still current, so it never outlives a write.
 * @module
 */
import type { Kysely } from 'kysely'
import { prepare } from '../db/prepared.ts'
import type { Database } from '../db/schema.ts'
import { KeptAnswers } from './kept-answers.ts'

/** Pages kept at most, and their bytes at most. */
const MAX_PAGES = 512
const MAX_BYTES = 16 << 20

export class PageCache {
  readonly #lastSeq
  readonly #pages = new KeptAnswers<Buffer<ArrayBuffer>>(MAX_PAGES, MAX_BYTES, (b) => b.length)
  readonly #onChange: (() => void)[] = []
  #seq = -1

  constructor(db: Kysely<Database>) {
    this.#lastSeq = prepare(db, (q) =>
      q.selectFrom('catalogue_changes').select('seq').orderBy('seq', 'desc').limit(1),
    )
  }

  /** The generation the kept entries belong to. */
  get seq(): number {
    return this.#seq
  }

  /** Clear `clear` too whenever the catalogue changes (the other per-filter caches). */
  onChange(clear: () => void): void {
    this.#onChange.push(clear)
  }

  /**
   * Read the feed's last seq; when it moved, every cache is cleared. Returns it: the generation a
   * page computed from now on belongs to (pass it to set()).
   */
  async check(): Promise<number> {
    const [row] = await this.#lastSeq()
    const seq = Number(row?.seq ?? 0)
    if (seq !== this.#seq) this.clear(seq)
    return seq
  }

  /** Forget every page (and the other caches), now valid for `seq`. */
  clear(seq = this.#seq): void {
    this.#seq = seq
    this.#pages.clear()
    for (const clear of this.#onChange) clear()
  }

  /** A kept answer: the whole response's bytes, written as they are. */
  get(key: string): Buffer<ArrayBuffer> | undefined {
    return this.#pages.get(key)
  }

  /** Keep `page`, computed after check() returned `seq`, unless the catalogue moved since. */
  set(key: string, page: Buffer<ArrayBuffer>, seq: number): void {
    if (seq === this.#seq) this.#pages.set(key, page)
  }
}
