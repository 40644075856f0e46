/**
 * The union coupon (`couponInfo.couponDetail`) as the catalogue stores it and as the wire
 * carries it. Stored plain (Unix seconds, integer fen and counts: what prices are computed
 * from); emitted with WeChat's documented wire types (the contract's CouponDetail: times as
 * Beijing `yyyy-MM-dd HH:mm:ss`, the condition and the reduction as digit strings). The import
 * reads either form.
 * @module
 */
import {
  COUPON_TYPES,
  type CouponDetail,
  couponTime,
  couponTimeSeconds,
  WireId,
  WireUint,
  WireUint32,
} from '@tuike/contract'
import { z } from 'zod'

/** A coupon time as an import gives it: Unix seconds, a digit string, a CouponTime or `""`. */
const ImportTime = z.union([
  WireUint,
  z.string().transform((text, ctx) => {
    const t = couponTimeSeconds(text)
    if (Number.isNaN(t)) {
      ctx.addIssue({ code: 'custom', message: 'must be Unix seconds or "yyyy-MM-dd HH:mm:ss"' })
      return z.NEVER
    }
    return t
  }),
])

/**
 * A coupon of the product import, either form; the output is the stored form. Counts and fen fit
 * 32 bits, like the catalogue's columns.
 */
export const CouponImport = z.object({
  restNum: WireUint32,
  type: WireUint32.pipe(z.literal(COUPON_TYPES)),
  discountInfo: z.object({
    discountCondition: z.object({
      productIds: z.array(WireId),
      productCnt: WireUint32,
      productPrice: WireUint32,
    }),
    discountNum: WireUint32.pipe(z.number().min(1000).max(10000)).optional(),
    discountFee: WireUint32.optional(),
  }),
  validInfo: z.object({
    validType: WireUint32.pipe(z.literal([1, 2])),
    validDayNum: WireUint32,
    startTime: ImportTime,
    endTime: ImportTime,
  }),
  receiveInfo: z.object({
    startTime: ImportTime,
    endTime: ImportTime,
    limitNumOnePerson: WireUint32,
  }),
})

/** A coupon as stored in `products.coupon` (JSON). */
export type StoredCoupon = z.output<typeof CouponImport>

/** The wire couponDetail of a stored coupon. */
export function couponWire(c: StoredCoupon): z.input<typeof CouponDetail> {
  const d = c.discountInfo
  return {
    restNum: c.restNum,
    type: c.type,
    discountInfo: {
      discountCondition: {
        productIds: d.discountCondition.productIds,
        productCnt: String(d.discountCondition.productCnt),
        productPrice: String(d.discountCondition.productPrice),
      },
      ...(d.discountNum !== undefined ? { discountNum: d.discountNum } : {}),
      ...(d.discountFee !== undefined ? { discountFee: String(d.discountFee) } : {}),
    },
    validInfo: {
      validType: c.validInfo.validType,
      validDayNum: c.validInfo.validDayNum,
      startTime: couponTime(c.validInfo.startTime),
      endTime: couponTime(c.validInfo.endTime),
    },
    receiveInfo: {
      startTime: couponTime(c.receiveInfo.startTime),
      endTime: couponTime(c.receiveInfo.endTime),
      limitNumOnePerson: c.receiveInfo.limitNumOnePerson,
    },
  }
}
