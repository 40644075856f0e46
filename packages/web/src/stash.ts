/**
 * Post/redirect/get: a form's POST stores what its result page shows (messages, a new secret,
 * generated materials) under a random token and redirects to a GET that takes it once, so a
 * reload only reads. Kept in this process's memory, never in the database, because a result may
 * carry a new AppSecret; behind several console instances a result read elsewhere is simply
 * gone and the page shows its plain state.
 * @module
 */
import { randomBytes } from 'node:crypto'
import type { Flash } from './layout.tsx'

/** What a POST leaves for the page it redirects to. */
export interface Result<T = unknown> {
  flash: Flash[]
  data?: T
}

const TTL_MS = 10 * 60_000
const MAX_ITEMS = 10_000

export class ResultStash {
  readonly #items = new Map<string, { owner: string; result: Result; expires: number }>()

  /** Keep `result` for `owner` (a session's CSRF token); the token to put in the URL. */
  put(owner: string, result: Result): string {
    const now = Date.now()
    for (const [k, v] of this.#items) {
      if (v.expires > now && this.#items.size < MAX_ITEMS) break
      this.#items.delete(k)
    }
    const token = randomBytes(12).toString('base64url')
    this.#items.set(token, { owner, result, expires: now + TTL_MS })
    return token
  }

  /** The result once, and only to its owner. */
  take<T>(owner: string, token: string | undefined): Result<T> | undefined {
    const item = token ? this.#items.get(token) : undefined
    if (!item || item.owner !== owner || item.expires < Date.now()) return undefined
    this.#items.delete(token!)
    return item.result as Result<T>
  }
}
