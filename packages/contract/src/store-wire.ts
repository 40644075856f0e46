/**
 * Wire primitives of the successor API (store-promoter-api.md §1): its lenient readers (§1.10:
 * a number or a numeric string for every number, true/false/0/1 for booleans, `""` as absent),
 * its envelope, the page caps of §1.9 and the path prefixes with their empty-body errcodes.
 * @module
 */
import { z } from 'zod'
import { type EndpointDefaults, type EndpointSpec, endpointTable } from './endpoint.ts'
import { MAX_INT32, WireFlag, WireInt, WireUint } from './wire.ts'

/** `/channels/ec/promoter/*`: an empty or non-object body is 10071003 (§1.2). */
export const PROMOTER_PREFIX = '/channels/ec/promoter'
/** `/channels/ec/league/headsupplier/*`: an empty or non-object body is 10024000 (§1.2). */
export const HEADSUPPLIER_PREFIX = '/channels/ec/league/headsupplier'

/** What every row of a `/channels/ec/promoter/*` endpoint shares: POST, token, envelope, errcodes. */
export const PROMOTER_ROW = {
  method: 'POST',
  auth: 'token',
  family: 'store',
  successErrmsg: 'ok',
  paramErrcode: 10024000,
  bodyErrcode: 10071003,
} as const
/** The same for `/channels/ec/league/headsupplier/*`, whose empty body is 10024000. */
export const LEAGUE_ROW = { ...PROMOTER_ROW, bodyErrcode: 10024000 } as const

/** A table of the successor API: `<family>/<name>` served at `<prefix>/<name>`, over `shared`. */
export function storeTable<
  const D extends EndpointDefaults,
  const T extends Record<string, EndpointSpec<D>>,
>(shared: D, prefix: string, rows: T) {
  return endpointTable(shared, (id) => `${prefix}/${id.slice(id.indexOf('/') + 1)}`, rows)
}

/** The rows of `/channels/ec/promoter/*`. */
export function promoterTable<const T extends Record<string, EndpointSpec<typeof PROMOTER_ROW>>>(
  rows: T,
) {
  return storeTable(PROMOTER_ROW, PROMOTER_PREFIX, rows)
}

/** The rows of `/channels/ec/league/headsupplier/*`. */
export function leagueTable<const T extends Record<string, EndpointSpec<typeof LEAGUE_ROW>>>(
  rows: T,
) {
  return storeTable(LEAGUE_ROW, HEADSUPPLIER_PREFIX, rows)
}

/** Page caps (§1.9) and the page size when absent (§15 #7). */
export const STORE_PAGE_CAPS = { sharers: 20, products: 20, orders: 30 } as const
export const STORE_DEFAULT_PAGE_SIZE = 10

/** Ratio scale of the successor: 1/1,000,000 (100000 = 10 %), §1.7. */
export const STORE_RATIO_SCALE = 1_000_000
/** Scale of the two product-search rate filters: 1/100,000, §1.7. */
export const STORE_FILTER_RATE_SCALE = 100_000
/** A sharer's platform-commission ratio: 100000–1000000 (10 %–100 %), §4.5. */
export const SHARER_RATIO_MIN = 100_000

/** `""` (and null, which the body reader drops) count as absent on optional fields. */
function blankAsAbsent<T extends z.ZodType>(schema: T, error: string) {
  return z.union([schema, z.literal('').transform(() => undefined)], { error }).optional()
}

/** An optional string where `""` means absent (the doc examples send empty filters). */
export const OptString = z
  .union([z.literal('').transform(() => undefined), z.string()], { error: 'must be a string' })
  .optional()

/** A number or numeric string, for every numeric field (§1.10). */
export const StoreInt = WireInt
export const StoreUint = WireUint

/** A boolean: true/false, 0/1, or those as strings (§1.10). */
export const StoreBool = z.union(
  [
    z.boolean(),
    WireFlag.transform((v) => v === 1),
    z.enum(['true', 'false']).transform((v) => v === 'true'),
  ],
  { error: 'must be a boolean (true/false or 0/1)' },
)

const idMessage = 'must be a numeric id (a number or a string of digits)'

/**
 * A uint64 id (product_id, order_id, sku_id) sent as a JSON number or a digit string; read as
 * the exact digits (the body reader keeps integer literals beyond 2^53 exact, as BigInt).
 */
export const StoreId = z.union(
  [
    z.string().refine((s) => /^\d{1,20}$/.test(s), idMessage),
    z.number().int().min(0).transform(String),
    // The body reader hands integers beyond 2^53 over as BigInt, read from their digits.
    z.bigint().min(0n).transform(String),
  ],
  { error: idMessage },
) as unknown as z.ZodType<string, string | number>

/**
 * A uint64 id as the server emits it where WeChat's example shows a number (Endpoint.bareNumbers):
 * on the wire a JSON number of up to 20 digits, which a double-based parser reads inexactly
 * beyond 2^53 (hence any non-negative integer value here), or its digits as a string.
 */
export const BareUint64 = z.union([
  z.number().min(0).refine(Number.isInteger, 'must be an integer'),
  z.string().regex(/^\d{1,20}$/),
])

/** A page size from 1 to `cap`; absent means 10. */
export function pageSize(cap: number) {
  return blankAsAbsent(StoreUint.pipe(z.number().min(1).max(cap)), 'must be a positive integer')
}

/** The opaque cursor: absent or `""` on the first page. */
export const NextKey = OptString

/**
 * `Range` of get_promote_product_list (§5.1): inclusive bounds, a number or numeric string each,
 * a missing (or `""`) one open, at most `limit` in size (prices, sales and rates live in 32-bit
 * columns).
 */
export function storeRange(limit: number) {
  const bound = blankAsAbsent(
    StoreInt.pipe(z.number().min(-limit).max(limit)),
    'must be an integer (a number or a numeric string)',
  )
  return z
    .object({ min: bound, max: bound })
    .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, {
      message: 'must not be greater than max',
      path: ['min'],
    })
}

/** A Range of 32-bit quantities: fen, counts, rates. */
export const StoreRange = storeRange(MAX_INT32)

/** `TimeRange` of order/list/get (§8.2): Unix seconds, inclusive, either bound optional. */
export const TimeRange = z
  .object({
    start_time: blankAsAbsent(StoreUint, 'must be Unix seconds'),
    end_time: blankAsAbsent(StoreUint, 'must be Unix seconds'),
  })
  .refine(
    (r) => r.start_time === undefined || r.end_time === undefined || r.start_time <= r.end_time,
    { message: 'must not be after end_time', path: ['start_time'] },
  )

/** The success envelope: errcode 0, errmsg "ok" (a number, never the examples' "0"). */
export const StoreOk = { errcode: z.literal(0), errmsg: z.literal('ok') }

/** A per-product sharer ratio (§5.3): 1/1,000,000 in [SHARER_RATIO_MIN, STORE_RATIO_SCALE]. */
export const SharerRatio = StoreInt.pipe(z.number().min(SHARER_RATIO_MIN).max(STORE_RATIO_SCALE))
