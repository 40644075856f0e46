/**
 * Promotion spots (推广位): create, update, delete, list (generated from the contract's rows),
 * and listAll.
 * @module
 */
import { paginate } from '../core/pagination.ts'
import { GeneratedPromotions } from '../generated/endpoints.ts'
import type { RequestOptions } from '../internal/request-options.ts'
import type { Promotion } from '../wire-types.ts'

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
