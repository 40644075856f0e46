/**
 * Commission orders of the successor API (store-promoter-api.md §8): the key list by create- or
 * update-time window and the detail of one (order_id, sku_id). Money in fen, ratios 1/1,000,000.
 * @module
 */
import { z } from 'zod'
import {
  leagueTable,
  NextKey,
  OptString,
  pageSize,
  STORE_PAGE_CAPS,
  StoreId,
  StoreOk,
  TimeRange,
} from '../store-wire.ts'
import { Fen, OK_EXAMPLE, UnixSeconds } from '../wire.ts'

/**
 * Commission-order status (§8.1): 20 未结算, 100 已结算, 200 取消结算; the union's
 * SETTLEMENT_PENDING, SETTLEMENT_SUCCESS and SETTLEMENT_CANCELED.
 */
export const COMMISSION_ORDER_STATUSES = [20, 100, 200] as const
export const CommissionOrderStatus = z.literal(COMMISSION_ORDER_STATUSES)

/**
 * Order status (§8.1): 10 待付款, 12 待收礼, 17 待使用, 20 待发货, 21 部分发货, 30 待收货, 100 完成,
 * 200 cancelled after every item was refunded, 250 cancelled unpaid.
 */
export const ORDER_STATUSES = [10, 12, 17, 20, 21, 30, 100, 200, 250] as const
export const StoreOrderStatus = z.literal(ORDER_STATUSES)

/** `promotion_channel`: 1 推客带货 (sharer), 0 橱窗带货 (window), §15 #32. */
export const PROMOTION_CHANNELS = [0, 1] as const

export const OrderListBody = z
  .object({
    /** Shop filter. */
    appid: OptString,
    finder_id: OptString,
    openfinderid: OptString,
    /** Orders attributed to this sharer. */
    sharer_appid: OptString,
    create_time_range: TimeRange.optional(),
    update_time_range: TimeRange.optional(),
    /** When set, every other filter is ignored. */
    order_id: StoreId.optional(),
    page_size: pageSize(STORE_PAGE_CAPS.orders),
    next_key: NextKey,
  })
  .refine((b) => b.create_time_range === undefined || b.update_time_range === undefined, {
    message: 'cannot be sent with create_time_range: give one of the two',
    path: ['update_time_range'],
  })

/** A party's share of a commission order (`sharer_info`). */
export const SharerShare = z.object({
  sharer_appid: z.string(),
  nickname: z.string(),
  head_img_url: z.string(),
  opensharerid: z.string(),
  /** Effective rate on actual_payment, 1/1,000,000. */
  ratio: z.number().int(),
  /** Fen. */
  amount: Fen,
})

/** An upstream or partner 机构's share (types only: Tuike's 机构 is both roles, §8.3). */
const AgencyShare = z.object({
  appid: z.string(),
  nickname: z.string(),
  head_img_url: z.string().optional(),
  profit_sharding_suc_time: UnixSeconds.optional(),
  amount: Fen,
  ratio: z.number().int(),
})

export const StoreCommissionOrderInfo = z.object({
  finder_info: z
    .object({
      nickname: z.string(),
      ratio: z.number().int(),
      amount: Fen,
      openfinderid: z.string().optional(),
      head_img_url: z.string().optional(),
    })
    .optional(),
  /** The 机构 service-fee ratio, 1/1,000,000. */
  service_ratio: z.number().int(),
  /** What this 机构 keeps, fen. */
  service_amount: Fen,
  /** Settlement time, only once status is 100 (sic "sharding"). */
  profit_sharding_suc_time: UnixSeconds.optional(),
  promotion_channel: z.literal(PROMOTION_CHANNELS),
  sharer_info: SharerShare.optional(),
  talent_info: z
    .object({
      talent_appid: z.string(),
      nickname: z.string(),
      head_img_url: z.string().optional(),
      opentalentid: z.string(),
      ratio: z.number().int(),
      amount: Fen,
    })
    .optional(),
  sub_agency_info: AgencyShare.optional(),
  promoter_agency_info: AgencyShare.optional(),
})

/** `commssion_order` (sic, WeChat's spelling) of order/get. */
export const StoreCommissionOrder = z.object({
  order_id: z.string(),
  sku_id: z.string(),
  create_time: UnixSeconds,
  update_time: UnixSeconds,
  status: CommissionOrderStatus,
  order_detail: z.object({
    shop_info: z.object({ appid: z.string(), shop_name: z.string() }),
    product_info: z.object({
      product_id: z.string(),
      thumb_img: z.string(),
      title: z.string(),
      /** The commissionable amount, fen. */
      actual_payment: Fen,
      product_cnt: z.number().int(),
    }),
    order_info: z.object({
      order_status: StoreOrderStatus,
      pay_time: UnixSeconds.optional(),
      create_time: UnixSeconds,
      update_time: UnixSeconds,
    }),
    commission_info: StoreCommissionOrderInfo,
    buyer_info: z.object({ open_id: z.string(), union_id: z.string().optional() }),
  }),
})

export const COMMISSION_ORDER_ENDPOINTS = leagueTable({
  'headsupplier/order/list/get': {
    zh: '按 create_time_range 或 update_time_range（闭区间，升序）获取佣金单的键（order_id, sku_id），按 next_key 翻页（page_size ≤ 30）；详情用 order/get 查询。',
    summary:
      'Commission-order keys (order_id, sku_id) by create_time_range or update_time_range (inclusive; ascending), next_key paged (page_size ≤ 30); order/get gives each row.',
    body: OrderListBody,
    response: z.object({
      ...StoreOk,
      list: z.array(z.object({ order_id: z.string(), sku_id: z.string() })),
      /** `""` when has_more is false. */
      next_key: z.string(),
      has_more: z.boolean(),
    }),
    errcodes: [10024000, 10024001, 10024003],
    examples: {
      body: { page_size: 1, create_time_range: { start_time: 1676375581, end_time: 1676375754 } },
      response: {
        ...OK_EXAMPLE,
        list: [{ order_id: '3705115058471208928', sku_id: '1234' }],
        next_key: 'CImf4J0GENq46tOEhuIR',
        has_more: true,
      },
    },
  },
  'headsupplier/order/get': {
    zh: '按 (order_id, sku_id) 获取一条佣金单：状态、金额（分）、机构服务费和推客分成（百万分之一）。',
    summary:
      'One commission order by (order_id, sku_id): statuses, amounts (fen), the 机构 service fee and the sharer share (1/1,000,000).',
    body: z.object({ order_id: StoreId, sku_id: StoreId }),
    response: z.object({ ...StoreOk, commssion_order: StoreCommissionOrder }),
    errcodes: [10024000, 10024006],
    examples: {
      body: { order_id: '3705115058471208928', sku_id: '12345' },
      response: {
        ...OK_EXAMPLE,
        commssion_order: {
          order_id: '3705115058471208928',
          sku_id: '12345',
          create_time: 1675855175,
          update_time: 1675855217,
          status: 20,
          order_detail: {
            shop_info: { appid: 'wxe9edcfdb457667f7', shop_name: '示例小店' },
            product_info: {
              product_id: '12345',
              thumb_img: 'https://test.com/0',
              title: 'test_123',
              actual_payment: 100,
              product_cnt: 1,
            },
            order_info: {
              order_status: 20,
              pay_time: 1675855175,
              create_time: 1675855175,
              update_time: 1675855217,
            },
            commission_info: {
              service_ratio: 300000,
              service_amount: 15,
              promotion_channel: 1,
              sharer_info: {
                sharer_appid: 'wxfd9109cbb627fbc3',
                nickname: '小王',
                head_img_url: '',
                opensharerid: 'oTk3bV9m2xQp7Lc0sRa4nWd8yEfZ',
                ratio: 150000,
                amount: 15,
              },
            },
            buyer_info: { open_id: 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY' },
          },
        },
      },
    },
  },
})
