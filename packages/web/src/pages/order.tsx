/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * One order (order/info): its summary and each product line with its commission.
 * @module
 */
import { type Order, type OrderProduct, toFen, unitPriceFen } from '@tuike/sdk'
import type { Context, Hono } from 'hono'
import { dateTime, yuan } from '../format.ts'
import { type Kit, type PromoterCtx, page, promoterGetPage } from '../kit.tsx'
import { Empty } from '../layout.tsx'
import { Status } from './orders.tsx'
import { localImage } from './products.tsx'

function OrderSummary(props: { o: Order }) {
  const { o } = props
  return (
    <section class="card detail">
      <dl>
        <dt>订单号</dt>
        <dd class="mono">{o.orderId}</dd>
        <dt>支付时间</dt>
        <dd>{dateTime(o.payTime)}</dd>
        <dt>确认收货</dt>
        <dd>{o.confirmReceiptTime ? dateTime(o.confirmReceiptTime) : '未确认收货'}</dd>
        <dt>店铺</dt>
        <dd>
          {o.shopName} <span class="mono muted">{o.shopAppid}</span>
        </dd>
        <dt>买家</dt>
        <dd>{o.userNickName || '—'}</dd>
        {o.customUserId ? (
          <>
            <dt>customUserId</dt>
            <dd class="mono">{o.customUserId}</dd>
          </>
        ) : null}
      </dl>
    </section>
  )
}

/** `2 × ¥71.90 = ¥143.80`: the wire's `price` is the line total. */
export function lineTotal(l: OrderProduct): string {
  const total = toFen(l.price)
  if (total === null) return `${l.productCnt} 件 ${l.price}`
  return `${l.productCnt} × ${yuan(unitPriceFen({ lineTotalFen: total, productCnt: l.productCnt }))} = ${yuan(total)}`
}

function OrderLine(props: { l: OrderProduct }) {
  const { l } = props
  return (
    <section class="card detail">
      <h2>
        {localImage(l.thumbImg) ? (
          <img class="thumb" src={localImage(l.thumbImg)} alt="" width="40" height="40" />
        ) : null}
        {l.title}
      </h2>
      <dl>
        <dt>商品 / SKU</dt>
        <dd class="mono">
          <a href={`/products/${encodeURIComponent(l.productId)}`}>{l.productId}</a> / {l.skuId}
        </dd>
        <dt>数量 × 单价</dt>
        <dd>{lineTotal(l)}</dd>
        <dt>佣金比例</dt>
        <dd>{l.ratio / 100}%</dd>
        <dt>预估佣金</dt>
        <dd>{yuan(l.estimatedCommission)}</dd>
        <dt>佣金</dt>
        <dd>
          <Status s={l.commissionStatus} /> {l.commission}
        </dd>
        <dt>状态更新</dt>
        <dd>{dateTime(Number(l.commissionStatusUpdateTime))}</dd>
        {l.profitShardingSucTime ? (
          <>
            <dt>结算时间</dt>
            <dd>{dateTime(Number(l.profitShardingSucTime))}</dd>
          </>
        ) : null}
        <dt>推广位</dt>
        <dd>
          {l.promotionInfo.promotionSourceName}{' '}
          <span class="mono muted">{l.promotionInfo.promotionSourcePid}</span>
        </dd>
        <dt>customizeInfo</dt>
        <dd>{l.customizeInfo || '—'}</dd>
        <dt>类目</dt>
        <dd>{l.categoryStr}</dd>
      </dl>
    </section>
  )
}

/** GET /orders/:orderId */
async function orderDetail(c: Context, ctx: PromoterCtx): Promise<Response> {
  const id = c.req.param('orderId') ?? ''
  const res = /^\d{1,32}$/.test(id) ? await ctx.api.orders.retrieve([id]) : { orderList: [] }
  const o = res.orderList[0]
  if (!o) {
    return page(
      c,
      { title: '订单不存在', active: '/orders', session: ctx.session },
      <Empty>
        没有找到订单 {id}。<a href="/orders">返回订单列表</a>
      </Empty>,
      404,
    )
  }
  return page(
    c,
    { title: `订单 ${o.orderId}`, active: '/orders', session: ctx.session },
    <>
      <p>
        <a href="/orders">‹ 返回订单列表</a>
      </p>
      <OrderSummary o={o} />
      {o.productList.map((l) => (
        <OrderLine l={l} />
      ))}
    </>,
  )
}

export function orderPage(kit: Kit): Hono {
  return promoterGetPage(kit, '/orders/:orderId', orderDetail)
}
