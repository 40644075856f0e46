/**
 * Orders: order/info, order/search (小商店 orders, union-api.md §12–§13) and
 * order/search_normal_order (trade-component orders, §14.8).
 * @module
 */
import { z } from 'zod'
import { unionTable } from '../endpoint.ts'
import {
  CommaOrJsonIds,
  Fen,
  OK_EXAMPLE,
  Ok,
  Ratio,
  splitComma,
  UnixSeconds,
  UnixSecondsParam,
  WireFlag,
  WireId,
  WireInt,
  WireUint,
} from '../wire.ts'

/** Ids per order/info call (§16 #30); the SDK splits longer lists into chunks of this size. */
export const ORDER_INFO_MAX_IDS = 200
/** Largest order/search `pageSize` (§13). */
export const ORDER_SEARCH_MAX_PAGE_SIZE = 200
/** order/search `pageSize` when absent (§16 #36). */
export const ORDER_SEARCH_DEFAULT_PAGE_SIZE = 10

/** The commission states of order/info and order/search (`CANCELED` with one L), §12. */
export const COMMISSION_STATUSES = [
  'SETTLEMENT_PENDING',
  'SETTLEMENT_SUCCESS',
  'SETTLEMENT_CANCELED',
] as const
export const CommissionStatus = z.enum(COMMISSION_STATUSES)
export type CommissionStatus = z.infer<typeof CommissionStatus>

/** Where an order line is attributed: the promotion spot's pid and name. */
export const PromotionInfo = z.object({
  promotionSourcePid: z.string(),
  promotionSourceName: z.string(),
})

/**
 * One product line of an order (order/info, order/search). `price` and `commission` are display
 * strings in yuan (`"¥0.20"`; commission `"-"` while pending, `"¥0"` when cancelled);
 * `estimatedCommission` is fen; `ratio` is 1/10000.
 */
export const OrderProduct = z.object({
  productId: z.string(),
  skuId: z.string(),
  title: z.string(),
  thumbImg: z.string(),
  price: z.string(),
  productCnt: z.number().int(),
  ratio: Ratio,
  commissionStatus: CommissionStatus,
  /** Unix seconds as a string (the doc type); real responses sometimes lack it. */
  commissionStatusUpdateTime: z.string(),
  /** Unix seconds as a string; only once settled. */
  profitShardingSucTime: z.string().optional(),
  commission: z.string(),
  estimatedCommission: Fen,
  /** Category names, comma-separated. */
  categoryStr: z.string(),
  promotionInfo: PromotionInfo,
  /** From the generated material; `""` when it had none. Emitted here, as the doc example does. */
  customizeInfo: z.string(),
})
export type OrderProduct = z.infer<typeof OrderProduct>

/** An order of order/info and order/search. Times in Unix seconds. */
export const Order = z.object({
  orderId: z.string(),
  payTime: UnixSeconds,
  /** 0 until the buyer confirms receipt. */
  confirmReceiptTime: UnixSeconds,
  shopName: z.string(),
  /** Lowercase `id`, as documented. */
  shopAppid: z.string(),
  /** The value bound to the buyer's unionid via open_account; `""` without a binding. */
  customUserId: z.string(),
  userNickName: z.string(),
  /** The doc table lists it here but the server emits it per product line (§16 #33). */
  customizeInfo: z.string().optional(),
  /** dtapps only; never emitted (§16 #35). */
  orderPrice: z.string().optional(),
  productList: z.array(OrderProduct),
})
export type Order = z.infer<typeof Order>

/** An example order of the doc's shop and buyer, with its lines (examples only). */
export function exampleOrder(orderId: string, payTime: number, productList: unknown[]) {
  return {
    orderId,
    payTime,
    confirmReceiptTime: 0,
    shopName: 'xxx小商店',
    shopAppid: 'wxb825f130c284597f',
    customUserId: '',
    userNickName: '微信用户',
    productList,
  }
}

export const exampleOrderLine = {
  productId: '4085505',
  skuId: '9007199254740993',
  title: '身体护理',
  thumbImg: 'https://snsdy.tc.qq.com/thumb/4085505.jpg',
  price: '¥0.20',
  productCnt: 1,
  ratio: 9000,
  estimatedCommission: 18,
  categoryStr: '11',
  promotionInfo: {
    promotionSourcePid: 'oqt8u5E4_3XcsaMicK_E2gNyvBfM_1290469201',
    promotionSourceName: 'xxx',
  },
  customizeInfo: 'customizeInfo',
}

export const OrderSearchQuery = z.object({
  /** 1-based. */
  page: WireUint.pipe(z.number().min(1)),
  pageSize: WireUint.pipe(z.number().min(1).max(ORDER_SEARCH_MAX_PAGE_SIZE)).optional(),
  /** Pay-time window, Unix seconds. */
  startTimestamp: UnixSecondsParam.optional(),
  endTimestamp: UnixSecondsParam.optional(),
  commissionStatus: CommissionStatus.optional(),
  /** 1: filter and sort by commission-status update time instead of pay time. */
  sortByCommissionUpdateTime: WireFlag.optional(),
  startCommissionUpdateTime: UnixSecondsParam.optional(),
  endCommissionUpdateTime: UnixSecondsParam.optional(),
})

/**
 * Commission status codes of trade-component orders, as for individual (个人) 推客; the server
 * uses this table for every account (§16 #48). `name` is what product lines carry.
 */
export const NORMAL_ORDER_COMMISSION_CODES = {
  2: { name: 'COMMISSION_PAY_SUCCESS', meaning: '支付成功 (paid)' },
  4: { name: 'COMMISSION_PAY_CANCEL', meaning: '取消结算 (settlement cancelled)' },
  5: { name: 'COMMISSION_SHOP_WAIT_DEDUCTION', meaning: '待结算 (awaiting settlement)' },
  6: { name: 'COMMISSION_SHOP_WAIT_DEDUCTION', meaning: '待结算 (awaiting settlement)' },
  7: {
    name: 'COMMISSION_SHOP_DEDUCTION_NOT_ENOUGH_MONEY',
    meaning: '商家余额不足 (merchant balance too low)',
  },
  8: { name: 'COMMISSION_SHOP_WAIT_DEDUCTION', meaning: '待结算 (awaiting settlement)' },
  10: { name: 'COMMISSION_SHOP_WAIT_DEDUCTION', meaning: '待结算 (awaiting settlement)' },
  11: { name: 'COMMISSION_PROMOTER_PAY_SUCC', meaning: '已结算 (settled)' },
  12: { name: 'COMMISSION_PROMOTER_PAY_FAILED', meaning: '汇款失败 (remittance failed)' },
} as const

/** The commission status names of trade-component order lines. */
export const NORMAL_COMMISSION_STATUSES = [
  'COMMISSION_PAY_SUCCESS',
  'COMMISSION_PAY_CANCEL',
  'COMMISSION_SHOP_WAIT_DEDUCTION',
  'COMMISSION_SHOP_DEDUCTION_NOT_ENOUGH_MONEY',
  'COMMISSION_PROMOTER_PAY_SUCC',
  'COMMISSION_PROMOTER_PAY_FAILED',
] as const
export const NormalCommissionStatus = z.enum(NORMAL_COMMISSION_STATUSES)

/**
 * `commissionStatus` of search_normal_order: numeric codes, comma-separated (or the `name[]` /
 * `name[i]` forms), read as numbers.
 * Codes outside the table are accepted and simply match nothing (the enterprise table is
 * UNCONFIRMED).
 */
export const CommissionCodes = z.union([z.string(), z.array(z.string())]).transform((v, ctx) => {
  const parts = typeof v === 'string' ? splitComma(v) : v.flatMap(splitComma)
  if (parts.length === 0 || !parts.every((p) => /^\d+$/.test(p))) {
    ctx.addIssue({ code: 'custom', message: 'must be a comma list of numeric status codes' })
    return z.NEVER
  }
  return parts.map(Number)
})

export const NormalOrderSearchQuery = z.object({
  /** 0-based. */
  offset: WireUint,
  /** No maximum (§16 #47). */
  limit: WireUint.pipe(z.number().min(1)),
  query: z.string().optional(),
  orderId: z.string().optional(),
  outOrderId: z.string().optional(),
  tradeNo: z.string().optional(),
  startPayTime: UnixSecondsParam.optional(),
  endPayTime: UnixSecondsParam.optional(),
  commissionStatus: CommissionCodes.optional(),
  outOrderIdList: CommaOrJsonIds.optional(),
  transactionIdList: CommaOrJsonIds.optional(),
  startStatusUpdateTime: UnixSecondsParam.optional(),
  endStatusUpdateTime: UnixSecondsParam.optional(),
  /** 1 pay time (default), 2 status-update time. */
  sortBy: WireInt.pipe(z.literal([1, 2])).optional(),
  /** 1 descending (default), 2 ascending. */
  sortOrder: WireInt.pipe(z.literal([1, 2])).optional(),
})

/** `orderInfo` of a trade-component order. All money in integer fen. */
export const NormalOrderInfo = z.object({
  orderId: z.string(),
  outOrderId: z.string(),
  transactionId: z.string(),
  payTime: UnixSeconds,
  createTime: UnixSeconds,
  orderPrice: Fen,
  freight: Fen,
  discountedPrice: Fen,
  additionalPrice: Fen,
  additionalRemarks: z.string(),
  status: z.number().int(),
  statusUpdateTime: UnixSeconds.nullable(),
  shopInfo: z.object({ nickname: z.string(), appid: z.string(), username: z.string() }),
  path: z.string(),
})

/** A product line of a trade-component order. Money in fen, `ratio` in 1/10000. */
export const NormalOrderProduct = z.object({
  productId: z.string(),
  outProductId: z.string(),
  skuId: z.string(),
  outSkuId: z.string(),
  title: z.string(),
  headImg: z.string(),
  salePrice: Fen,
  realPrice: Fen,
  productCnt: z.number().int(),
  ratio: Ratio,
  commissionValue: Fen,
  commissionStatus: NormalCommissionStatus,
  commissionStatusUpdateTime: UnixSeconds,
  promotionInfo: PromotionInfo,
})

export const NormalOrder = z.object({
  orderInfo: NormalOrderInfo,
  productList: z.array(NormalOrderProduct),
})

export const ORDER_ENDPOINTS = unionTable({
  'order/info': {
    zh: '按订单号查询订单（请求体 {orderIdList}，最多 200 个），不存在的订单号跳过；price / commission 为「¥」元字符串。',
    method: 'POST',
    summary:
      'Get orders by id (body {orderIdList}, at most 200); unknown ids are skipped. price/commission are "¥" yuan strings.',
    // An object: a bare JSON array of ids (EasyWeChat 5) is refused, told `body must be {"orderIdList": [...]}`.
    body: z.object({ orderIdList: z.array(WireId).min(1).max(ORDER_INFO_MAX_IDS) }),
    response: z.object({ ...Ok, orderList: z.array(Order) }),
    errcodes: [-1, 200002],
    examples: {
      body: { orderIdList: ['1952315038682581'] },
      response: {
        ...OK_EXAMPLE,
        orderList: [
          exampleOrder('1952315038682581', 1612355317, [
            {
              ...exampleOrderLine,
              commissionStatus: 'SETTLEMENT_CANCELED',
              commissionStatusUpdateTime: '1612441717',
              commission: '¥0',
            },
          ]),
        ],
      },
    },
  },
  'order/search': {
    zh: '按支付时间（或佣金状态更新时间）区间分页查询订单，最新在前；page 从 1 起，pageSize ≤ 200。',
    method: 'GET',
    summary:
      'Page through orders by pay-time (or commission-update-time) window, newest first; page is 1-based, pageSize ≤ 200.',
    query: OrderSearchQuery,
    response: z.object({
      ...Ok,
      orderList: z.array(Order),
      pageSize: z.number().int(),
      totalNum: z.number().int(),
    }),
    errcodes: [200002],
    examples: {
      query: {
        page: '1',
        pageSize: '10',
        startTimestamp: '1612281600',
        endTimestamp: '1612368000',
      },
      response: {
        ...OK_EXAMPLE,
        orderList: [
          exampleOrder('1952881854014581', 1612354844, [
            {
              ...exampleOrderLine,
              commissionStatus: 'SETTLEMENT_PENDING',
              commissionStatusUpdateTime: '1612354844',
              commission: '-',
            },
          ]),
        ],
        pageSize: 10,
        totalNum: 133,
      },
    },
  },
  'order/search_normal_order': {
    zh: '按 offset/limit 分页查询自定义交易组件订单；金额均为整数分。',
    method: 'GET',
    summary:
      'Page through trade-component (自定义交易组件) orders by offset/limit; all amounts in integer fen.',
    query: NormalOrderSearchQuery,
    response: z.object({ ...Ok, orderList: z.array(NormalOrder), total: z.number().int() }),
    errcodes: [200002],
    examples: {
      query: {
        offset: '0',
        limit: '10',
        startPayTime: '1659974400',
        endPayTime: '1660060800',
        commissionStatus: '5,6,8,10',
      },
      response: {
        ...OK_EXAMPLE,
        orderList: [
          {
            orderInfo: {
              orderId: '2010887254486876164',
              outOrderId: 'out-1',
              transactionId: '4200000000000000000',
              payTime: 1660000000,
              createTime: 1659999990,
              orderPrice: 1990,
              freight: 0,
              discountedPrice: 0,
              additionalPrice: 0,
              additionalRemarks: '',
              status: 20,
              statusUpdateTime: null,
              shopInfo: {
                nickname: 'shop',
                appid: 'wx0000000000000000',
                username: 'gh_000000000000',
              },
              path: 'pages/order/detail',
            },
            productList: [
              {
                productId: '10000001',
                outProductId: 'p1',
                skuId: '20000001',
                outSkuId: 's1',
                title: 'item',
                headImg: 'https://mmecimage.cn/p/wx0000000000000000/item.jpg',
                salePrice: 1990,
                realPrice: 1990,
                productCnt: 1,
                ratio: 500,
                commissionValue: 99,
                commissionStatus: 'COMMISSION_SHOP_WAIT_DEDUCTION',
                commissionStatusUpdateTime: 1660000000,
                promotionInfo: {
                  promotionSourcePid: 'oqt8u5E4_3XcsaMicK_E2gNyvBfM_1290469201',
                  promotionSourceName: 'xxx',
                },
              },
            ],
          },
        ],
        total: 1,
      },
    },
  },
})
