/**
 * Finished order/search and order/info answers kept in memory, exact under writes from any
 * process. Every change to a promoter's orders (a new order, each commission transition, the
 * settlement sweep, the seed) locks the promoter's feed and moves `promoters.change_seq` in its
 * own transaction (orders.ts: lockFeed, appendChanges); an order's promoter never changes. So
 * before answering, one prepared single-row read of that number tells whether an answer kept
 * for the same request is still the answer: it is kept with the number it was computed under
 * and used only while the number is unchanged. Nothing needs invalidating.
 *
 * A request's answer is kept on its second sight only (a small map of key hashes remembers the
 * first): pages asked once, the common case of a client paging through a window, would
 * otherwise promote ~140 KB each into the old generation and evict it again (at 5M orders,
 * 20,000 kept serialised orders once cost every first-sight request ~5 ms of collection).
 *
 * An answer is kept as the bytes of the whole response (the caller's `finish` makes them once):
 * a repeated request is written from them, with no serialising, concatenating or encoding of
 * ~140 KB per request, and they live outside the JavaScript heap the collector walks.
 * @module
 */
import type { Kysely } from 'kysely'
import { prepare } from '../db/prepared.ts'
import type { Database } from '../db/schema.ts'
import { KeptAnswers } from './kept-answers.ts'

/** Answers kept at most, and their bytes at most. */
const MAX_PAGES = 256
const MAX_BYTES = 16 << 20
/** First sights remembered (a hash and a number each). */
const MAX_SEEN = 4096

/** A finished response. */
export type Answer = Buffer<ArrayBuffer>

interface Kept {
  seq: number
  value: Answer
}

/** FNV-1a of `s`: a collision only admits an answer on its first sight. */
function hash(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193)
  return h >>> 0
}

export class OrderPages {
  readonly #changeSeq
  readonly #pages: KeptAnswers<Kept>
  readonly #seen = new Map<number, number>()

  constructor(db: Kysely<Database>, maxBytes = MAX_BYTES) {
    this.#pages = new KeptAnswers(MAX_PAGES, maxBytes, (kept) => kept.value.length)
    this.#changeSeq = prepare(db, (q, appid: string) =>
      q.selectFrom('promoters').select('change_seq').where('appid', '=', appid),
    )
  }

  /**
   * The answer to `key` (everything the answer depends on besides `appid`'s orders) for
   * `appid`: kept, when the promoter's orders have not changed since, else `compute()`'s.
   */
  async answer(appid: string, key: string, compute: () => Promise<Answer>): Promise<Answer> {
    const [row] = await this.#changeSeq(appid)
    const id = `${appid}\n${key}`
    const kept = this.#pages.get(id)
    if (row && kept?.seq === Number(row.change_seq)) return kept.value
    const value = await compute()
    if (row && this.#admit(id, Number(row.change_seq)))
      this.#pages.set(id, { seq: Number(row.change_seq), value })
    return value
  }

  /** Whether `id` was asked before under `seq` (and remember that it now was). */
  #admit(id: string, seq: number): boolean {
    const h = hash(id)
    if (this.#seen.get(h) === seq) return true
    this.#seen.delete(h)
    this.#seen.set(h, seq)
    if (this.#seen.size > MAX_SEEN) this.#seen.delete(this.#seen.keys().next().value!)
    return false
  }
}
