/**
 * Tuike's own extension API under `/tuike/v1/…` (family `tuike`): the order change feed,
 * webhooks, reports and the attribution explainer. Same access_token in the query and the same
 * errcode envelope as the union API; success answers carry `errmsg: "ok"`. See docs/extensions.md.
 * @module
 */
import { z } from 'zod'
import { tuikeTable } from '../endpoint.ts'
import { Fen, OK_EXAMPLE, Ok, UnixSeconds, UnixSecondsParam, WireId, WireUint } from '../wire.ts'
import { CommissionStatus, exampleOrder, exampleOrderLine, Order } from './order.ts'

/** Largest order/changes `limit`. */
export const ORDER_CHANGES_MAX_LIMIT = 1000
/** order/changes `limit` when absent. */
export const ORDER_CHANGES_DEFAULT_LIMIT = 100

/** What happened to an order: the feed's change types, which are also the webhook events. */
export const ORDER_EVENTS = [
  'order.created',
  'order.updated',
  'order.settled',
  'order.canceled',
] as const
export const OrderEvent = z.enum(ORDER_EVENTS)
export type OrderEvent = z.infer<typeof OrderEvent>

/**
 * One change of the feed: the order's full state right after the change (every line), the
 * status before it (null on creation), and the promoter's gap-free sequence number.
 */
export const OrderChange = z.object({
  seq: z.number().int(),
  type: OrderEvent,
  orderId: z.string(),
  previousStatus: CommissionStatus.nullable(),
  status: CommissionStatus,
  /** Unix seconds of the change (the server clock). */
  changedAt: UnixSeconds,
  order: Order,
})
export type OrderChange = z.infer<typeof OrderChange>

const exampleChangeOrder = exampleOrder('1952315038682581', 1612355317, [
  {
    ...exampleOrderLine,
    commissionStatus: 'SETTLEMENT_PENDING',
    commissionStatusUpdateTime: '1612355317',
    commission: '-',
    customizeInfo: '',
  },
])

/** A webhook subscription (the secret is only shown by webhook/add). */
export const Webhook = z.object({
  webhookId: z.string(),
  url: z.string(),
  events: z.array(OrderEvent),
  createdAt: UnixSeconds,
})

const WebhookIdBody = z.object({ webhookId: z.string().min(1) })

/** One HTTP attempt of a delivery. */
export const DeliveryAttempt = z.object({
  /** Unix milliseconds. */
  at: z.number().int(),
  /** The receiver's HTTP status; 0 when no answer (connection error, timeout). */
  responseStatus: z.number().int(),
  error: z.string(),
  durationMs: z.number().int(),
})

/** One event sent (or to be sent) to one webhook. */
export const Delivery = z.object({
  deliveryId: z.string(),
  webhookId: z.string(),
  event: z.union([OrderEvent, z.literal('webhook.test')]),
  orderId: z.string(),
  /** The feed sequence of the change (0 for webhook.test). */
  seq: z.number().int(),
  /** pending: will be (re)tried; delivered: a 2xx answer; failed: gave up after 24 h. */
  status: z.enum(['pending', 'delivered', 'failed']),
  createdAt: z.number().int(),
  /** Unix milliseconds of the next attempt while pending, else 0. */
  nextAttemptAt: z.number().int(),
  attempts: z.array(DeliveryAttempt),
})

/** The money and counts of one report row (or the totals); money in fen. */
export const ReportFigures = z.object({
  clicks: z.number().int(),
  orders: z.number().int(),
  /** Sum of line prices (what buyers paid). */
  gmv: Fen,
  /** Estimated commission of every order, whatever its status. */
  estimated: Fen,
  pending: Fen,
  settled: Fen,
  cancelled: Fen,
  settledOrders: z.number().int(),
  cancelledOrders: z.number().int(),
})

export const ReportRow = ReportFigures.extend({
  /** by=day: `YYYY-MM-DD` (China time); by=spot: the pid; by=product: the product id. */
  key: z.string(),
  /** The spot name or product title (by=day: the date). */
  label: z.string(),
})

/** The figures of the report example's one day. */
const EXAMPLE_DAY = {
  clicks: 12,
  orders: 2,
  gmv: 40,
  estimated: 36,
  pending: 18,
  settled: 18,
  cancelled: 0,
  settledOrders: 1,
  cancelledOrders: 0,
}

/** Why a link, ticket or order attributed, or did not. */
export const ATTRIBUTION_REASONS = [
  'attributed',
  'attributed_deleted_spot',
  'unknown_code',
  'forged_ticket',
  'other_promoter_spot',
  'unknown_product',
  'unknown_order',
] as const
export const AttributionReason = z.enum(ATTRIBUTION_REASONS)

export const TUIKE_ENDPOINTS = tuikeTable({
  'tuike/order/changes': {
    zh: '按提交顺序返回调用方订单的每一次变化，从不透明的持久游标之后开始（为空则从头开始）；limit ≤ 1000。',
    method: 'GET',
    summary:
      "Every change to the caller's orders in commit order, after an opaque durable cursor (empty: from the beginning); limit ≤ 1000.",
    query: z.object({
      cursor: z.string().max(200).optional(),
      limit: WireUint.pipe(z.number().min(1).max(ORDER_CHANGES_MAX_LIMIT)).optional(),
    }),
    response: z.object({
      ...Ok,
      changes: z.array(OrderChange),
      /** Resume from here (store it); equal to the request's cursor when nothing was new. */
      nextCursor: z.string(),
      hasMore: z.boolean(),
    }),
    examples: {
      query: { cursor: '', limit: '100' },
      response: {
        ...OK_EXAMPLE,
        changes: [
          {
            seq: 1,
            type: 'order.created',
            orderId: '1952315038682581',
            previousStatus: null,
            status: 'SETTLEMENT_PENDING',
            changedAt: 1612355317,
            order: exampleChangeOrder,
          },
        ],
        nextCursor: 'c1.1',
        hasMore: false,
      },
    },
  },
  'tuike/webhook/add': {
    zh: '为订单事件订阅一个 http(s) 地址（不填 events 即全部事件）；签名密钥只显示一次。',
    method: 'POST',
    summary:
      'Subscribe an http(s) URL to order events (all when events is absent); the signing secret is shown once.',
    body: z.object({
      url: z.string().min(1).max(2000),
      events: z.array(OrderEvent).min(1).optional(),
    }),
    response: z.object({ ...Ok, webhookId: z.string(), secret: z.string() }),
    examples: {
      body: { url: 'https://example.com/tuike/hook', events: ['order.created', 'order.settled'] },
      response: {
        ...OK_EXAMPLE,
        webhookId: 'wh_3f9a1c2b7d4e5f60',
        secret: 'whsec_8a4f0c3e9b1d2a7f6e5c4b3a29180716',
      },
    },
  },
  'tuike/webhook/list': {
    zh: '调用方的 webhook 列表（不含密钥）。',
    method: 'GET',
    summary: "The caller's webhooks (without secrets).",
    query: z.object({}),
    response: z.object({ ...Ok, webhookList: z.array(Webhook) }),
    errcodes: [],
    examples: {
      query: {},
      response: {
        ...OK_EXAMPLE,
        webhookList: [
          {
            webhookId: 'wh_3f9a1c2b7d4e5f60',
            url: 'https://example.com/tuike/hook',
            events: ['order.created', 'order.settled'],
            createdAt: 1612355317,
          },
        ],
      },
    },
  },
  'tuike/webhook/del': {
    zh: '删除 webhook；待投递的消息一并丢弃。',
    method: 'POST',
    summary: 'Remove a webhook; its pending deliveries are dropped.',
    body: WebhookIdBody,
    response: z.object({ ...Ok }),
    examples: { body: { webhookId: 'wh_3f9a1c2b7d4e5f60' }, response: OK_EXAMPLE },
  },
  'tuike/webhook/test': {
    zh: '立即向 webhook 发送一条签名的 webhook.test 事件，并返回接收方的响应。',
    method: 'POST',
    summary:
      'Send a signed webhook.test event to the webhook now and answer how the receiver replied.',
    body: WebhookIdBody,
    response: z.object({ ...Ok, delivery: Delivery }),
    examples: {
      body: { webhookId: 'wh_3f9a1c2b7d4e5f60' },
      response: {
        ...OK_EXAMPLE,
        delivery: {
          deliveryId: 'dlv_0c1d2e3f4a5b6c7d',
          webhookId: 'wh_3f9a1c2b7d4e5f60',
          event: 'webhook.test',
          orderId: '',
          seq: 0,
          status: 'delivered',
          createdAt: 1612355317,
          nextAttemptAt: 0,
          attempts: [{ at: 1612355317123, responseStatus: 200, error: '', durationMs: 41 }],
        },
      },
    },
  },
  'tuike/webhook/redeliver': {
    zh: '重新投递一条消息（已成功或已失败的也可以）；消息 id 不变，接收方可据此去重。',
    method: 'POST',
    summary:
      'Queue a delivery again (delivered or failed ones too); it keeps its id, so receivers can deduplicate.',
    body: z.object({ deliveryId: z.string().min(1) }),
    response: z.object({ ...Ok }),
    examples: { body: { deliveryId: 'dlv_0c1d2e3f4a5b6c7d' }, response: OK_EXAMPLE },
  },
  'tuike/webhook/deliveries': {
    zh: '某个 webhook 最近的投递记录（最新在前）及每次尝试；可按状态筛选。',
    method: 'GET',
    summary:
      'The latest deliveries of a webhook (newest first) with every attempt; status filters.',
    query: z.object({
      webhookId: z.string().min(1),
      status: z.enum(['pending', 'delivered', 'failed']).optional(),
      limit: WireUint.pipe(z.number().min(1).max(500)).optional(),
    }),
    response: z.object({ ...Ok, deliveryList: z.array(Delivery) }),
    examples: {
      query: { webhookId: 'wh_3f9a1c2b7d4e5f60', limit: '50' },
      response: {
        ...OK_EXAMPLE,
        deliveryList: [
          {
            deliveryId: 'dlv_9a8b7c6d5e4f3a2b',
            webhookId: 'wh_3f9a1c2b7d4e5f60',
            event: 'order.created',
            orderId: '1952315038682581',
            seq: 1,
            status: 'pending',
            createdAt: 1612355317,
            nextAttemptAt: 1612355327000,
            attempts: [{ at: 1612355317200, responseStatus: 503, error: '', durationMs: 12 }],
          },
        ],
      },
    },
  },
  'tuike/report': {
    zh: '按天、推广位或商品统计支付时间区间内的点击、订单、成交额和佣金（分），附点击 → 下单 → 结算转化漏斗。',
    method: 'GET',
    summary:
      'Clicks, orders, GMV and commission (fen) by day, spot or product over a pay-time window, with the click → order → settled funnel.',
    query: z.object({
      by: z.enum(['day', 'spot', 'product']).optional(),
      /** Inclusive, Unix seconds: orders by pay time, clicks by open time. */
      since: UnixSecondsParam.optional(),
      until: UnixSecondsParam.optional(),
    }),
    response: z.object({
      ...Ok,
      by: z.enum(['day', 'spot', 'product']),
      rows: z.array(ReportRow),
      totals: ReportFigures,
      funnel: z.object({
        clicks: z.number().int(),
        orders: z.number().int(),
        settledOrders: z.number().int(),
        /** orders / clicks, 0 without clicks. */
        clickToOrder: z.number(),
        /** settledOrders / orders, 0 without orders. */
        orderToSettled: z.number(),
      }),
    }),
    examples: {
      query: { by: 'day', since: '1612281600', until: '1612367999' },
      response: {
        ...OK_EXAMPLE,
        by: 'day',
        rows: [{ key: '2021-02-03', label: '2021-02-03', ...EXAMPLE_DAY }],
        // One day: the totals are that day's figures.
        totals: EXAMPLE_DAY,
        funnel: {
          clicks: 12,
          orders: 2,
          settledOrders: 1,
          clickToOrder: 0.1667,
          orderToSettled: 0.5,
        },
      },
    },
  },
  'tuike/attribution/explain': {
    zh: '追溯短码（或 ticket）→ 推广位（有效或已删除）→ 点击 → 订单的链路，或由订单反查推广位，并说明为何未能归属。',
    method: 'GET',
    summary:
      'The chain short code (or ticket) → spot (live or deleted) → clicks → orders, or an order back to its spot, and why something does not attribute.',
    query: z.object({
      code: z.string().max(300).optional(),
      ticket: z.string().max(300).optional(),
      orderId: WireId.optional(),
    }),
    response: z.object({
      ...Ok,
      attributed: z.boolean(),
      reason: AttributionReason,
      /** A sentence for people. */
      explanation: z.string(),
      code: z.string(),
      ticketValid: z.boolean().nullable(),
      spot: z
        .object({
          promotionSourcePid: z.string(),
          promotionSourceName: z.string(),
          deleted: z.boolean(),
        })
        .nullable(),
      product: z.object({ productId: z.string(), title: z.string(), sold: z.boolean() }).nullable(),
      customizeInfo: z.string(),
      clicks: z.number().int(),
      orderIds: z.array(z.string()),
    }),
    examples: {
      query: { code: 'k3mz8x2pq7ab' },
      response: {
        ...OK_EXAMPLE,
        attributed: true,
        reason: 'attributed_deleted_spot',
        explanation:
          'Code k3mz8x2pq7ab belongs to your spot "xxx", which is deleted: deleted spots still earn.',
        code: 'k3mz8x2pq7ab',
        ticketValid: null,
        spot: {
          promotionSourcePid: 'oqt8u5E4_3XcsaMicK_E2gNyvBfM_1290469201',
          promotionSourceName: 'xxx',
          deleted: true,
        },
        product: { productId: '4085505', title: '身体护理', sold: true },
        customizeInfo: '',
        clicks: 3,
        orderIds: ['1952315038682581'],
      },
    },
  },
})
