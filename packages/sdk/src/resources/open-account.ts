/**
 * Custom user parameters (自定义用户参数): bind an Open Platform account, then attach a string
 * to a unionid; that user's orders carry it as `customUserId`.
 * @module
 */
import type { APIPromise } from '../core/api-promise.ts'
import { APIResource } from '../core/resource.ts'
import type { RequestOptions } from '../internal/request-options.ts'
import type {
  OpenAccountAddCustomizeInfoBody,
  OpenAccountAddCustomizeInfoResponse,
  OpenAccountBindBody,
  OpenAccountBindResponse,
  OpenAccountDeleteCustomizeInfoBody,
  OpenAccountDeleteCustomizeInfoResponse,
  OpenAccountRetrieveCustomizeInfoQuery,
  OpenAccountRetrieveCustomizeInfoResponse,
  OpenAccountRetrieveResponse,
} from '../wire-types.ts'

export type {
  OpenAccountAddCustomizeInfoResponse,
  OpenAccountBindResponse,
  OpenAccountDeleteCustomizeInfoResponse,
  OpenAccountRetrieveCustomizeInfoResponse,
  OpenAccountRetrieveResponse,
}
export type OpenAccountBindParams = OpenAccountBindBody
export type OpenAccountAddCustomizeInfoParams = OpenAccountAddCustomizeInfoBody
export type OpenAccountDeleteCustomizeInfoParams = OpenAccountDeleteCustomizeInfoBody
export type OpenAccountRetrieveCustomizeInfoParams = OpenAccountRetrieveCustomizeInfoQuery

export class OpenAccount extends APIResource {
  /**
   * Bind an Open Platform account of the same legal entity (at most 2 re-bindings a year).
   *
   * `POST /union/promoter/open_account/bind`. Errors: 200002, 25503–25510.
   */
  bind(body: OpenAccountBindParams, options?: RequestOptions): APIPromise<OpenAccountBindResponse> {
    return this._write('/union/promoter/open_account/bind', body, options)
  }

  /**
   * The bound Open Platform appid (`""` when none).
   *
   * `GET /union/promoter/open_account/get`. Errors: 25503–25510.
   */
  retrieve(options?: RequestOptions): APIPromise<OpenAccountRetrieveResponse> {
    return this._client.get('/union/promoter/open_account/get', { ...options })
  }

  /**
   * Attach a custom string to a unionid (a second call overwrites it).
   *
   * `POST /union/promoter/open_account/add_customize_info`. Errors: 200002, 25503–25510.
   */
  addCustomizeInfo(
    body: OpenAccountAddCustomizeInfoParams,
    options?: RequestOptions,
  ): APIPromise<OpenAccountAddCustomizeInfoResponse> {
    return this._write('/union/promoter/open_account/add_customize_info', body, options)
  }

  /**
   * Remove the custom string of a unionid.
   *
   * `POST /union/promoter/open_account/del_customize_info`. Errors: 200002, 25503–25510.
   */
  deleteCustomizeInfo(
    body: OpenAccountDeleteCustomizeInfoParams,
    options?: RequestOptions,
  ): APIPromise<OpenAccountDeleteCustomizeInfoResponse> {
    return this._write('/union/promoter/open_account/del_customize_info', body, options)
  }

  /**
   * The custom string of a unionid (`""` when none).
   *
   * `GET /union/promoter/open_account/get_customize_info`. Errors: 200002, 25503–25510.
   */
  retrieveCustomizeInfo(
    params: OpenAccountRetrieveCustomizeInfoParams,
    options?: RequestOptions,
  ): APIPromise<OpenAccountRetrieveCustomizeInfoResponse> {
    return this._query('/union/promoter/open_account/get_customize_info', params, options)
  }
}
