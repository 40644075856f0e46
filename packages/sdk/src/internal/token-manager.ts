/**
 * Access-token lifecycle: one refresh in flight at a time, proactive refresh before expiry,
 * and compare-and-swap refresh after a token error (client-lessons.md §5.3).
 * @module
 */
import type { StoredToken, TokenStore } from '../core/token-store.ts'

/** Fetches a fresh token from WeChat. `force` asks stable_token for force_refresh. */
export type TokenFetcher = (force: boolean) => Promise<{ access_token: string; expires_in: number }>

export interface TokenManagerOptions {
  key: string
  store: TokenStore
  fetchToken: TokenFetcher
  /** stable_token hands back the same token in normal mode, so it can force a new one. */
  canForce: boolean
  /** Refresh this long before expiry. */
  marginMs: number
  now: () => number
  onToken?: (token: string) => void
}

export class TokenManager {
  readonly #o: TokenManagerOptions
  #inflight: Promise<string> | undefined
  /** The last token this process fetched, checked synchronously to close the store's await gap. */
  #latest: StoredToken | undefined
  /** Number of token fetches (for tests and the bench). */
  fetches = 0

  constructor(options: TokenManagerOptions) {
    this.#o = options
  }

  #fresh(t: StoredToken | undefined): StoredToken | undefined {
    return t && t.expiresAt - this.#o.marginMs > this.#o.now() ? t : undefined
  }

  /** The token this process holds, if it is good for at least the margin; never waits. */
  peek(): string | undefined {
    return this.#fresh(this.#latest)?.token
  }

  /** A token good for at least the margin; refreshes if the cached one is near expiry. */
  async get(): Promise<string> {
    const latest = this.#fresh(this.#latest)
    if (latest) return latest.token
    const cached = await this.#o.store.get(this.#o.key)
    if (this.#fresh(cached)) {
      this.#latest = cached
      return cached!.token
    }
    try {
      return await this.refresh()
    } catch (err) {
      // A proactive refresh that fails is not fatal while the cached token still works.
      if (cached && cached.expiresAt > this.#o.now()) return cached.token
      throw err
    }
  }

  /**
   * Refresh, single-flight. With `failed` (the token a call was rejected with), this is a
   * compare-and-swap: if the cache already holds another live token, that one is returned and
   * nothing is fetched.
   */
  async refresh(failed?: string): Promise<string> {
    if (failed !== undefined) {
      if (this.#latest && this.#latest.token !== failed && this.#latest.expiresAt > this.#o.now()) {
        return this.#latest.token
      }
      const cached = await this.#o.store.get(this.#o.key)
      if (cached && cached.token !== failed && cached.expiresAt > this.#o.now()) {
        this.#latest = cached
        return cached.token
      }
    }
    // Another caller may have finished a refresh while this one awaited the store.
    const latest = failed === undefined ? this.#fresh(this.#latest) : undefined
    if (latest) return latest.token
    this.#inflight ??= this.#fetch(failed).finally(() => {
      this.#inflight = undefined
    })
    return this.#inflight
  }

  async #fetch(failed: string | undefined): Promise<string> {
    const started = this.#o.now()
    this.fetches++
    let res = await this.#o.fetchToken(false)
    // stable_token normal mode returns the live token; if that is the one that just failed,
    // only force_refresh gets a new one (20 a day, so only then).
    if (this.#o.canForce && failed !== undefined && res.access_token === failed) {
      this.fetches++
      res = await this.#o.fetchToken(true)
    }
    const stored = { token: res.access_token, expiresAt: started + res.expires_in * 1000 }
    this.#o.onToken?.(stored.token)
    await this.#o.store.set(this.#o.key, stored)
    this.#latest = stored
    return stored.token
  }
}
