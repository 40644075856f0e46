/**
 * The revocation counter behind the in-memory token and fault-rule caches (migration 020). Every
 * write that can end or change a token's validity bumps it in its own transaction; each process
 * reads it (one prepared single-row read) before it trusts its caches, and a different number
 * clears them. So a revocation is immediate on every worker and every instance sharing the
 * database, with no message bus, and a request costs one tiny read instead of a token join and a
 * fault-rule scan. One read an HTTP request: its token check and its fault draw share it (the
 * endpoint pipeline hands both the same read, EpochRead).
 * @module
 */
import type { Kysely, Transaction } from 'kysely'
import { prepare } from '../db/prepared.ts'
import type { Database } from '../db/schema.ts'

/** A read of the epoch; an HTTP request's parts share one (see endpointCall). */
export type EpochRead = () => Promise<number>

export class AuthEpoch {
  readonly #read
  readonly #onChange: (() => void)[] = []
  #seen = -1
  /** Database reads so far (a test counts them: one an HTTP request). */
  reads = 0

  constructor(db: Kysely<Database>) {
    // Prepared once: the per-request read builds no query.
    this.#read = prepare(db, (q) => q.selectFrom('auth_epoch').select('n').where('id', '=', 1))
  }

  /** The epoch the caches are valid for (read by `check`). */
  get seen(): number {
    return this.#seen
  }

  /** Clear `clear` whenever the epoch moves. */
  onChange(clear: () => void): void {
    this.#onChange.push(clear)
  }

  /** Read the epoch; when it moved since the last read, every cache is cleared. */
  async check(): Promise<number> {
    this.reads++
    const [row] = await this.#read()
    const n = Number(row?.n ?? 0)
    if (n !== this.#seen) {
      this.#seen = n
      for (const clear of this.#onChange) clear()
    }
    return n
  }
}

/** Bump the epoch inside the transaction (or statement) that revokes or changes access. */
export async function bumpAuthEpoch(db: Kysely<Database> | Transaction<Database>): Promise<void> {
  await db
    .updateTable('auth_epoch')
    .set((eb) => ({ n: eb('n', '+', 1) }))
    .where('id', '=', 1)
    .execute()
}
