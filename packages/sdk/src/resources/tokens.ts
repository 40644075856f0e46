/**
 * The token endpoints, called raw. The client calls them for you; use these to inspect or to
 * run your own token service.
 * @module
 */
import type { APIPromise } from '../core/api-promise.ts'
import { APIResource } from '../core/resource.ts'
import type { RequestOptions } from '../internal/request-options.ts'
import type { StableTokenResponse, TokenResponse } from '../wire-types.ts'

export interface StableTokenParams {
  /** Issue a new token and invalidate the old one (20 a day, 30 s apart). Default false. */
  force_refresh?: boolean
}

export class Tokens extends APIResource {
  /**
   * Get a classic access_token (a new one supersedes the previous after a 5-minute grace).
   *
   * `GET /cgi-bin/token`. Errors: 40001, 40013, 40125, 40164, 40243, 41002, 41004, 45009, -1.
   */
  retrieve(options?: RequestOptions): APIPromise<TokenResponse> {
    const { appid, secret } = this._client.credentials()
    return this._client.get('/cgi-bin/token', {
      auth: 'none',
      query: { grant_type: 'client_credential', appid, secret },
      ...options,
    })
  }

  /**
   * Get the stable access_token: the same token to every caller while it is valid.
   *
   * `POST /cgi-bin/stable_token`. Errors: as retrieve, plus 45011.
   */
  retrieveStable(
    params: StableTokenParams = {},
    options?: RequestOptions,
  ): APIPromise<StableTokenResponse> {
    const { appid, secret } = this._client.credentials()
    return this._client.post('/cgi-bin/stable_token', {
      auth: 'none',
      body: { grant_type: 'client_credential', appid, secret, ...params },
      ...options,
    })
  }
}
