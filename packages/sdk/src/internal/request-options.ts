/**
 * Per-call options accepted by every method.
 * @module
 */

export interface RequestOptions {
  /** Abort the call (rejects with APIUserAbortError). */
  signal?: AbortSignal
  /** Milliseconds per attempt before APIConnectionTimeoutError; overrides the client's. */
  timeout?: number
  /** Retries for this call; overrides the client's. */
  maxRetries?: number
  /** Extra request headers. */
  headers?: Record<string, string>
}

/** What a resource hands the client. Only the client adds credentials and builds the URL. */
export interface FinalRequest {
  method: 'GET' | 'POST'
  path: string
  /** Wire-encoded values; undefined, null and "" are omitted. */
  query?: Record<string, string | number | boolean | undefined | null>
  body?: unknown
  /** `token` (default): append access_token. `none`: the token endpoints. */
  auth?: 'token' | 'none'
  /** A write without an idempotency key: never retried once a response arrived. */
  mutation?: boolean
}
