/**
 * Where access tokens live between calls. In memory by default; a shared store (Redis, a
 * database) lets several processes use one token. See the README for a Redis example.
 * @module
 */

/** A cached access token. */
export interface StoredToken {
  /** The access_token. */
  token: string
  /** When it stops working, in epoch milliseconds. */
  expiresAt: number
}

/** Storage for access tokens, keyed per appid and token mode. */
export interface TokenStore {
  get(key: string): Promise<StoredToken | undefined> | StoredToken | undefined
  set(key: string, value: StoredToken): Promise<void> | void
}

/** The default store: a Map in this process. */
export class MemoryTokenStore implements TokenStore {
  readonly #map = new Map<string, StoredToken>()
  get(key: string): StoredToken | undefined {
    return this.#map.get(key)
  }
  set(key: string, value: StoredToken): void {
    this.#map.set(key, value)
  }
}
