/**
 * Promotion spots (推广位): create, update, delete, list (generated from the contract's rows),
 * and listAll.
 * @module
 */
import { paginate } from '../core/pagination.ts'
import { GeneratedPromotions } from '../generated/endpoints.ts'
import type { RequestOptions } from '../internal/request-options.ts'
import type {
  Promotion,
  PromotionCreateBody,
  PromotionDeleteBody,
  PromotionListQuery,
  PromotionUpdateBody,
} from '../wire-types.ts'

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

export class Promotions extends GeneratedPromotions {
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
