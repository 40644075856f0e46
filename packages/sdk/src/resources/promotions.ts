/**
 * Promotion spots (推广位): create, update, delete, list.
 * @module
 */
import type { APIPromise } from '../core/api-promise.ts'
import { paginate } from '../core/pagination.ts'
import { APIResource } from '../core/resource.ts'
import type { RequestOptions } from '../internal/request-options.ts'
import type {
  Promotion,
  PromotionCreateBody,
  PromotionCreateResponse,
  PromotionDeleteBody,
  PromotionDeleteResponse,
  PromotionListQuery,
  PromotionListResponse,
  PromotionUpdateBody,
  PromotionUpdateResponse,
} from '../wire-types.ts'

export type {
  Promotion,
  PromotionCreateResponse,
  PromotionDeleteResponse,
  PromotionListResponse,
  PromotionUpdateResponse,
}
/** `promotionSourceName`: 1–20 characters, unique among the account's live spots. */
export type PromotionCreateParams = PromotionCreateBody
/** The spot's pid and its current name (both must match). */
export type PromotionDeleteParams = PromotionDeleteBody
/** The spot as it is now, and its new name. */
export type PromotionUpdateParams = PromotionUpdateBody
/** `start` (0-based) and `limit`; default 0/20. */
export type PromotionListParams = PromotionListQuery

/** promotion/list has no documented cap; 100 spots is the default account limit. */
const PROMOTION_PAGE = 100

export class Promotions extends APIResource {
  /**
   * Create a promotion spot. The response key is `pid`.
   *
   * `POST /union/promoter/promotion/add`. Errors: 14005 (limit reached), 14007 (duplicate name),
   * 200002.
   */
  create(
    body: PromotionCreateParams,
    options?: RequestOptions,
  ): APIPromise<PromotionCreateResponse> {
    return this._write('/union/promoter/promotion/add', body, options)
  }

  /**
   * Rename a promotion spot; the pid never changes.
   *
   * `POST /union/promoter/promotion/upd`. Errors: 14007, 200002.
   */
  update(
    body: PromotionUpdateParams,
    options?: RequestOptions,
  ): APIPromise<PromotionUpdateResponse> {
    return this._write('/union/promoter/promotion/upd', body, options)
  }

  /**
   * Delete a promotion spot; its orders keep their promotionInfo.
   *
   * `POST /union/promoter/promotion/del`. Errors: 200002.
   */
  delete(
    body: PromotionDeleteParams,
    options?: RequestOptions,
  ): APIPromise<PromotionDeleteResponse> {
    return this._write('/union/promoter/promotion/del', body, options)
  }

  /**
   * One page of live promotion spots, in creation order.
   *
   * `GET /union/promoter/promotion/list`.
   */
  list(
    query: PromotionListParams = {},
    options?: RequestOptions,
  ): APIPromise<PromotionListResponse> {
    return this._client.get('/union/promoter/promotion/list', { query, ...options })
  }

  /** Every live spot, paging with `start`/`limit`. */
  listAll(
    options?: RequestOptions & { start?: number; limit?: number },
  ): AsyncGenerator<Promotion> {
    return paginate({
      start: options?.start,
      size: options?.limit ?? PROMOTION_PAGE,
      fetchPage: async (start, limit) => {
        const r = await this.list({ start, limit }, options)
        return { items: r.promotionSourceList, total: r.total }
      },
    })
  }
}
