/**
 * Orders: retrieve by id (order/info), search by time window (order/search) and trade-component
 * orders (order/search_normal_order).
 * @module
 */
import { type APIPromise, inChunks } from '../core/api-promise.ts'
import { TuikeError } from '../core/error.ts'
import { paginate } from '../core/pagination.ts'
import { GeneratedOrders } from '../generated/endpoints.ts'
import type { RequestOptions } from '../internal/request-options.ts'
import type {
  CommissionStatus,
  NormalOrder,
  NormalOrderSearchQuery,
  Order,
  OrderRetrieveResponse,
} from '../wire-types.ts'

/** Ids per order/info call; longer lists are sent in chunks. */
export const ORDER_INFO_MAX_IDS = 200
/** Largest order/search pageSize. */
export const ORDER_SEARCH_MAX_PAGE_SIZE = 200
/** The latest Unix-seconds value accepted (2100-01-01); larger numbers are milliseconds. */
const MAX_UNIX_SECONDS = 4102444800

/** search_normal_order with its lists as arrays (comma lists on the wire). */
export type NormalOrderSearchParams = Omit<
  NormalOrderSearchQuery,
  'commissionStatus' | 'outOrderIdList' | 'transactionIdList'
> & {
  /** Numeric commission status codes, e.g. `[5, 6, 8, 10]`. */
  commissionStatus?: number[]
  outOrderIdList?: string[]
  transactionIdList?: string[]
}

export interface OrderSearchAllParams {
  /** Window start: a Date or Unix seconds (inclusive). */
  since: Date | number
  /** Window end: a Date or Unix seconds. Default: now. */
  until?: Date | number
  status?: CommissionStatus
  /** `payTime` (default) or `commissionUpdateTime` (sortByCommissionUpdateTime=1). */
  by?: 'payTime' | 'commissionUpdateTime'
  /** Split the range into windows of this many seconds. Default 86 400 (a day). */
  windowSeconds?: number
  /** Default 200 (the cap). */
  pageSize?: number
  /** A window reporting more orders than this is halved first (rows shift while paging). */
  splitAbove?: number
}

function toSeconds(v: Date | number, name: string): number {
  const s = v instanceof Date ? Math.floor(v.getTime() / 1000) : v
  if (!Number.isInteger(s) || s < 0 || s > MAX_UNIX_SECONDS) {
    throw new TuikeError(`${name} must be a Date or Unix seconds (not milliseconds), got ${v}`)
  }
  return s
}

export class Orders extends GeneratedOrders {
  /**
   * Orders by id. Sends `{"orderIdList": […]}`, in chunks of 200; unknown ids are skipped.
   * `price` and `commission` are `"¥"` yuan strings: see `toFen`.
   *
   * `POST /union/promoter/order/info`. Errors: -1, 200002.
   */
  override retrieve(
    orderIdList: readonly string[],
    options?: RequestOptions,
  ): APIPromise<OrderRetrieveResponse> {
    if (orderIdList.length <= ORDER_INFO_MAX_IDS) return super.retrieve(orderIdList, options)
    return inChunks(
      orderIdList,
      ORDER_INFO_MAX_IDS,
      (chunk) => super.retrieve(chunk, options),
      (answers) => ({ ...answers.at(-1)!, orderList: answers.flatMap((a) => a.orderList) }),
    )
  }

  /**
   * Every order in `[since, until]`: walks day-sized windows (halving crowded ones) and their
   * pages, re-walks a window whose total moved while paging, and yields each orderId once.
   */
  async *searchAll(params: OrderSearchAllParams, options?: RequestOptions): AsyncGenerator<Order> {
    const since = toSeconds(params.since, 'since')
    const until = toSeconds(params.until ?? new Date(), 'until')
    const windowSeconds = Math.max(1, params.windowSeconds ?? 86_400)
    const pageSize = Math.min(
      params.pageSize ?? ORDER_SEARCH_MAX_PAGE_SIZE,
      ORDER_SEARCH_MAX_PAGE_SIZE,
    )
    const splitAbove = params.splitAbove ?? 10 * pageSize
    const seen = new Set<string>()
    const byUpdate = params.by === 'commissionUpdateTime'

    const page = (start: number, end: number, n: number) =>
      this.search(
        {
          page: n,
          pageSize,
          commissionStatus: params.status,
          ...(byUpdate
            ? {
                sortByCommissionUpdateTime: 1,
                startCommissionUpdateTime: start,
                endCommissionUpdateTime: end,
              }
            : { startTimestamp: start, endTimestamp: end }),
        },
        options,
      )

    async function* walk(start: number, end: number): AsyncGenerator<Order> {
      const first = await page(start, end, 1)
      if (first.totalNum > splitAbove && end - start > 1) {
        // Boundaries overlap by one second (the bounds may be inclusive); dedupe absorbs it.
        const mid = start + Math.floor((end - start) / 2)
        yield* walk(start, mid)
        yield* walk(mid, end)
        return
      }
      for (let pass = 0; pass < 2; pass++) {
        let r = pass === 0 ? first : await page(start, end, 1)
        const total = r.totalNum
        let n = 1
        let count = 0
        let lastTotal = total
        for (;;) {
          for (const order of r.orderList) {
            if (!seen.has(order.orderId)) {
              seen.add(order.orderId)
              yield order
            }
          }
          count += r.orderList.length
          lastTotal = r.totalNum
          if (r.orderList.length === 0 || count >= r.totalNum) break
          r = await page(start, end, ++n)
        }
        // No cursor: rows that moved while paging could have been skipped, so walk once more.
        if (lastTotal === total) return
      }
    }

    for (let a = since; a < until; a += windowSeconds) {
      yield* walk(a, Math.min(a + windowSeconds, until))
    }
  }

  /** Every trade-component order matching the filters, paging with offset/limit. */
  searchNormalOrderAll(
    params: Omit<NormalOrderSearchParams, 'offset' | 'limit'> & { offset?: number; limit?: number },
    options?: RequestOptions,
  ): AsyncGenerator<NormalOrder> {
    const { offset, limit, ...filters } = params
    return paginate({
      start: offset,
      size: limit ?? 100,
      fetchPage: async (o, l) => {
        const r = await this.searchNormalOrder({ ...filters, offset: o, limit: l }, options)
        return { items: r.orderList, total: r.total }
      },
    })
  }
}
