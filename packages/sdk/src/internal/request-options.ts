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
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  path: string
  /** Wire-encoded values; undefined, null and "" are omitted. */
  query?: Record<string, string | number | boolean | undefined | null>
  body?: unknown
  /** A body sent as is with this content type instead of JSON (NDJSON imports). */
  rawBody?: { contentType: string; text: string }
  /**
   * `token` (default): append access_token. `none`: the token endpoints. `admin`: the operator
   * API, `Authorization: Bearer <adminKey>`.
   */
  auth?: 'token' | 'none' | 'admin'
  /** A write without an idempotency key: never retried once a response arrived. */
  mutation?: boolean
  /** Quote bare integers of 16+ digits before parsing (the successor's uint64 ids). */
  longIds?: boolean
}
