/**
 * The base of every resource class: it holds the client and the request shapes most
 * methods are.
 * @module
 */
import type { TuikeClient } from '../client.ts'
import type { FinalRequest, RequestOptions } from '../internal/request-options.ts'
import type { APIPromise } from './api-promise.ts'

export abstract class APIResource {
  protected readonly _client: TuikeClient
  constructor(client: TuikeClient) {
    this._client = client
  }

  /** A GET whose query is `params` (already wire-encoded). */
  protected _query<T>(
    path: string,
    params: FinalRequest['query'],
    options?: RequestOptions,
  ): APIPromise<T> {
    return this._client.get<T>(path, { query: { ...params }, ...options })
  }

  /** A POST without an idempotency key: never retried once an answer arrived. */
  protected _write<T>(path: string, body: unknown, options?: RequestOptions): APIPromise<T> {
    return this._client.post<T>(path, { body, mutation: true, ...options })
  }

  /** A POST of the successor API: JSON body, token in the query, uint64 ids parsed exactly. */
  protected _store<T>(path: string, body: unknown, options?: RequestOptions): APIPromise<T> {
    return this._client.request<T>({ method: 'POST', path, body, longIds: true }, options)
  }
}
