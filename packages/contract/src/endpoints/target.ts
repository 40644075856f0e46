/**
 * Target plans (定向计划): plan_info, apply_target, apply_status (union-api.md §14.1–§14.3).
 * @module
 */
import { z } from 'zod'
import { unionTable } from '../endpoint.ts'
import { Fen, Flag, OK_EXAMPLE, Ok, Ratio, UnixSeconds, WireId } from '../wire.ts'
import { ProductContent, skuOf } from './product.ts'

/** Products plan_info returns at most; there is no paging (§14.1). */
export const PLAN_INFO_MAX_PRODUCTS = 10

/** 0 not effective yet, 1 active, 2 expired. Emitted as a number, as the example does (§16 #40). */
export const PlanStatus = z.literal([0, 1, 2])

/** The plan. `extInfo` is emitted as the example's object, not the doc's string (§16 #41). */
export const TargetPlanInfo = z.object({
  /** Can exceed 2^53. */
  planId: z.string(),
  planStatus: PlanStatus,
  planName: z.string(),
  planDesc: z.string(),
  planStartTime: UnixSeconds,
  planEndTime: UnixSeconds,
  extInfo: z.object({
    bizBasicInfo: z.object({ headimgurl: z.string(), nickname: z.string(), appid: z.string() }),
    data: z.record(z.string(), z.unknown()),
  }),
})

/**
 * A plan product's details. `totalStockNum` and `totalSoldNum` are strings of digits, as in the
 * sample response (`"totalStockNum":"128"`, `"totalSoldNum":"2"`); money in fen.
 */
export const PlanProductDetail = ProductContent.extend({
  totalStockNum: z.string().regex(/^\d+$/),
  totalSoldNum: z.string().regex(/^\d+$/),
  skus: z.array(
    skuOf({
      marketPrice: Fen.optional(),
      stockInfo: z.object({ stockNum: z.number().int() }).optional(),
    }),
  ),
})

/** A product of the plan with the plan's commission terms; `ban*` are 0/1 flags. */
export const PlanProduct = z.object({
  planId: z.string(),
  productId: z.string(),
  productStatus: z.number().int(),
  commissionRatio: Ratio,
  productDetailInfo: PlanProductDetail,
  leagueExInfo: z.object({
    hasCommission: Flag,
    commissionRatio: Ratio,
    commissionValue: Fen,
    banBizuin: Flag,
    banCategory: Flag,
    banProduct: Flag,
  }),
  /** Strings, as in the sample: `couponId` `"0"` and `discount` (fen) `"0"` without a coupon. */
  couponInfo: z.object({ couponId: z.string(), discount: z.string().regex(/^\d+$/) }),
})

const PLAN_ID = '1964112935262240768'

/**
 * The application. `promoterStatus` is opaque (1 after applying, §16 #42): read the state from
 * which of joinTime, rejectTime, removeTime is non-zero. Times are Unix seconds, 0 when unset.
 */
export const PlanApplication = z.object({
  planId: z.string(),
  promoterStatus: z.number().int(),
  applyReason: z.string(),
  applyTime: UnixSeconds,
  joinTime: UnixSeconds,
  rejectTime: UnixSeconds,
  removeTime: UnixSeconds,
})

export const TARGET_ENDPOINTS = unionTable({
  'target/plan_info': {
    zh: '根据邀请链接获取定向计划及其最多 10 个商品；planId 可能超过 2^53。',
    method: 'GET',
    summary:
      'Get a target plan (定向计划) and at most 10 of its products from the invitation link; planId can exceed 2^53.',
    query: z.object({ planInvitationUrl: z.string().min(1) }),
    response: z.object({
      ...Ok,
      targetPlanInfo: TargetPlanInfo,
      productListInfo: z.array(PlanProduct).max(PLAN_INFO_MAX_PRODUCTS),
    }),
    errcodes: [200002],
    examples: {
      query: { planInvitationUrl: `https://mp.weixin.qq.com/union/plan?planId=${PLAN_ID}` },
      response: {
        ...OK_EXAMPLE,
        targetPlanInfo: {
          planId: PLAN_ID,
          planStatus: 1,
          planName: 'plan',
          planDesc: '',
          planStartTime: 1628524800,
          planEndTime: 1631203200,
          extInfo: {
            bizBasicInfo: {
              headimgurl: 'https://wx.qlogo.cn/mmhead/0/0',
              nickname: 'xxx小商店',
              appid: 'wx0000000000000000',
            },
            data: {},
          },
        },
        productListInfo: [
          {
            planId: PLAN_ID,
            productId: '4085505',
            productStatus: 5,
            commissionRatio: 3300,
            productDetailInfo: {
              title: '身体护理',
              subTitle: '',
              headImg: ['https://mmecimage.cn/p/wx0000000000000000/4085505.jpg'],
              category: [{ catId: '1001', name: '个护' }],
              brandId: '2100000000',
              detail: { detailImg: [] },
              param: [],
              minPrice: 100,
              totalStockNum: '128',
              totalSoldNum: '2',
              skus: [
                {
                  skuId: '9007199254740995',
                  productSkuInfo: {
                    thumbImg: 'https://mmecimage.cn/p/wx0000000000000000/4085505-sku.jpg',
                    salePrice: 100,
                  },
                },
              ],
            },
            leagueExInfo: {
              hasCommission: 1,
              commissionRatio: 3300,
              commissionValue: 33,
              banBizuin: 0,
              banCategory: 0,
              banProduct: 0,
            },
            couponInfo: { couponId: '0', discount: '0' },
          },
        ],
      },
    },
  },
  'target/apply_target': {
    zh: '申请加入定向计划；申请理由展示给商家。',
    method: 'POST',
    summary: 'Apply to join a target plan; the reason is shown to the merchant.',
    body: z.object({ planId: WireId, applyReason: z.string().min(1) }),
    response: z.object(Ok),
    errcodes: [200002],
    examples: {
      body: { planId: PLAN_ID, applyReason: '粉丝画像与商品匹配' },
      response: OK_EXAMPLE,
    },
  },
  'target/apply_status': {
    zh: '查询定向计划申请状态；promoterStatus 含义不公开，请以时间字段为准。',
    method: 'GET',
    summary:
      'Get the state of an application to a target plan; promoterStatus is opaque, use the time fields.',
    query: z.object({ planId: z.string().min(1) }),
    response: z.object({ ...Ok, data: PlanApplication }),
    errcodes: [200002],
    examples: {
      query: { planId: PLAN_ID },
      response: {
        ...OK_EXAMPLE,
        data: {
          planId: PLAN_ID,
          promoterStatus: 1,
          applyReason: '粉丝画像与商品匹配',
          applyTime: 1628524800,
          joinTime: 0,
          rejectTime: 0,
          removeTime: 0,
        },
      },
    },
  },
})
