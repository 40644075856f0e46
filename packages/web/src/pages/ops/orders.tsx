/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * Operator page: simulated purchases, order state transitions and the test clock.
 * @module
 */
import type { AdminOrder } from '@tuike/sdk'
import { type Context, Hono } from 'hono'
import { dateTime, STATUS_LABEL, shortTime, zoned } from '../../format.ts'
import { field, type Kit, type OperatorCtx, page, redirectWith, resultOf } from '../../kit.tsx'
import { Csrf, Empty, type Flash, PostButton, Submit } from '../../layout.tsx'
import type { Session } from '../../session.ts'
import { DataTable, type TableSpec } from '../../table.tsx'
import { Status } from '../orders.tsx'
import { adminRead } from './shared.ts'

function PurchaseCard(props: { session: Session }) {
  const { session } = props
  return (
    <section class="card" aria-labelledby="h-buy">
      <h2 id="h-buy">模拟买家下单</h2>
      <form method="post" action="/ops/orders/purchase">
        <Csrf session={session} />
        <div class="field">
          <label for="b-code">短链接或短码</label>
          <input id="b-code" name="code" required placeholder="http://…/s/abc123 或 abc123" />
        </div>
        <div class="fields">
          <div class="field">
            <label for="b-sku">SKU ID（选填）</label>
            <input id="b-sku" name="skuId" inputmode="numeric" />
          </div>
          <div class="field">
            <label for="b-q">数量</label>
            <input id="b-q" name="quantity" type="number" min={1} max={10000} value="1" />
          </div>
        </div>
        <Submit label="下单" />
      </form>
    </section>
  )
}

function ClockCard(props: { session: Session; orderId: string; testClock: boolean }) {
  const { session, orderId } = props
  return (
    <section class="card" aria-labelledby="h-clock">
      <h2 id="h-clock">测试时钟</h2>
      {props.testClock ? (
        <form method="post" action="/ops/orders/clock">
          <Csrf session={session} />
          <input type="hidden" name="orderId" value={orderId} />
          <p class="hint">
            让服务器时间前进；确认收货满结算期（默认 7 天）的订单会立即结算。推客的 access_token
            也会随之过期，推客需重新登录控制台。
          </p>
          <div class="field">
            <label for="c-sec">前进</label>
            <select id="c-sec" name="seconds">
              <option value="3600">1 小时</option>
              <option value="86400">1 天</option>
              <option value="604800" selected>
                7 天
              </option>
              <option value="691200">8 天</option>
              <option value="2592000">30 天</option>
            </select>
          </div>
          <Submit label="前进" />
        </form>
      ) : (
        <Empty>
          服务器未启用测试时钟。用 <code>tuike serve --test-clock</code>{' '}
          启动即可在这里推进时间；否则订单在确认收货 7 天后自动结算，也可以在下方直接「结算」。
        </Empty>
      )}
    </section>
  )
}

function OrderState(props: {
  session: Session
  orderId: string
  order: AdminOrder | undefined
  lookupError: string | undefined
}) {
  const { session, orderId, order, lookupError } = props
  return (
    <section class="card" aria-labelledby="h-order">
      <h2 id="h-order">订单状态</h2>
      <form method="get" action="/ops/orders" class="inline" data-no-busy>
        <div class="field">
          <label for="o-id">订单号</label>
          <input id="o-id" name="orderId" required value={orderId} inputmode="numeric" />
        </div>
        <Submit label="查询" secondary />
      </form>
      {lookupError ? (
        <p class="msg msg-error" role="alert">
          {lookupError}
        </p>
      ) : null}
      {order ? (
        <div class="detail">
          <dl>
            <dt>订单号</dt>
            <dd class="mono">{order.orderId}</dd>
            <dt>推客</dt>
            <dd class="mono">{order.appid}</dd>
            <dt>支付时间</dt>
            <dd>{dateTime(order.payTime)}</dd>
            <dt>确认收货</dt>
            <dd>{order.confirmReceiptTime ? dateTime(order.confirmReceiptTime) : '未确认'}</dd>
            {order.productList.map((l) => (
              <>
                <dt>{l.title}</dt>
                <dd>
                  <span class={`badge st-${l.commissionStatus}`}>
                    {STATUS_LABEL[l.commissionStatus] ?? l.commissionStatus}
                  </span>{' '}
                  {l.commission}（推广位 {l.promotionInfo.promotionSourceName}）
                </dd>
              </>
            ))}
          </dl>
          <div class="actions">
            {[
              ['confirm-receipt', '确认收货'],
              ['settle', '立即结算'],
              ['refund', '退款'],
            ].map(([action, label]) => (
              <PostButton
                action="/ops/orders/transition"
                session={session}
                fields={{ orderId: order.orderId, action: action }}
                class={action === 'refund' ? 'danger' : 'secondary'}
              >
                {label}
              </PostButton>
            ))}
          </div>
        </div>
      ) : null}
    </section>
  )
}

/** The 50 most recently paid orders of every promoter, each a link to its state. */
const RECENT_TABLE: TableSpec<AdminOrder> = {
  columns: [
    {
      head: '订单号',
      label: '订单号',
      cellClass: 'mono',
      cell: (o) => <a href={`/ops/orders?orderId=${encodeURIComponent(o.orderId)}`}>{o.orderId}</a>,
    },
    { head: zoned('支付时间'), label: '支付时间', cell: (o) => shortTime(o.payTime) },
    { head: '推客', label: '推客', cellClass: 'mono', cell: (o) => o.appid },
    { head: '商品', label: '商品', cell: (o) => o.productList.map((l) => l.title).join('、') },
    {
      head: '状态',
      label: '状态',
      cell: (o) => <Status s={o.productList[0]?.commissionStatus ?? ''} />,
    },
  ],
  id: 'recent-orders',
  stack: true,
  empty: '还没有订单。在上方用推广素材的短链接模拟一次下单。',
  card: { id: 'h-recent', title: '最近的订单' },
}

/** The page, with the order `orderId` looked up when given. */
async function render(kit: Kit, c: Context, ctx: OperatorCtx, flash: Flash[], orderId: string) {
  const { value: order, error: lookupError } = orderId
    ? await adminRead(() => ctx.admin.orders.get(orderId))
    : {}
  const recent = await ctx.admin.orders.list()
  return page(
    c,
    { title: '模拟下单与结算', active: '/ops/orders', session: ctx.session, flash },
    <>
      <div class="grid two">
        <PurchaseCard session={ctx.session} />
        <ClockCard session={ctx.session} orderId={orderId} testClock={kit.testClock} />
      </div>
      <OrderState session={ctx.session} orderId={orderId} order={order} lookupError={lookupError} />
      <DataTable {...RECENT_TABLE} rows={recent.orders} />
    </>,
  )
}

/** Form action → the SDK method of the transition and what the page says after it. */
const TRANSITION: Record<string, ['confirmReceipt' | 'settle' | 'refund', string]> = {
  'confirm-receipt': ['confirmReceipt', '已确认收货'],
  settle: ['settle', '已结算'],
  refund: ['refund', '已退款，佣金取消'],
}

/** The order id of a form field when it is one. */
const orderIdOf = (value: string) => (/^\d{1,32}$/.test(value) ? value : '')

/** What a POST of this page did: a message and the order to show. */
type Outcome = { flash: Flash; orderId: string }

export function ordersPage(kit: Kit): Hono {
  const web = new Hono()
  /**
   * A change of this page: success or refusal, the browser is sent back to the page (a reload
   * never repeats a purchase or a transition).
   */
  const post = (path: string, act: (ctx: OperatorCtx) => Promise<Outcome>) =>
    web.post(
      path,
      kit.operator(async (c, ctx) => {
        const r = await adminRead(() => act(ctx))
        const outcome: Outcome = r.value ?? {
          flash: { kind: 'error', text: `操作失败：${r.error}` },
          orderId: orderIdOf(field(ctx.form, 'orderId')),
        }
        const q = outcome.orderId ? `?orderId=${encodeURIComponent(outcome.orderId)}` : ''
        return redirectWith(c, kit, ctx.session, `/ops/orders${q}`, { flash: [outcome.flash] })
      }),
    )

  web.get(
    '/ops/orders',
    kit.operator(async (c, ctx) =>
      render(
        kit,
        c,
        ctx,
        resultOf(c, kit, ctx.session).flash,
        orderIdOf(c.req.query('orderId') ?? ''),
      ),
    ),
  )
  post('/ops/orders/purchase', async (ctx) => {
    const input = field(ctx.form, 'code')
    const code = /\/s\/([\w-]+)\/?$/.exec(input)?.[1] ?? input
    const skuId = field(ctx.form, 'skuId')
    const quantity = Number(field(ctx.form, 'quantity') || 1)
    const r = await ctx.admin.purchases.create({
      code,
      ...(skuId ? { skuId } : {}),
      quantity: Number.isInteger(quantity) && quantity > 0 ? quantity : 1,
    })
    return { flash: { kind: 'ok', text: `已下单：${r.orderId}` }, orderId: r.orderId }
  })
  post('/ops/orders/transition', async (ctx) => {
    const orderId = orderIdOf(field(ctx.form, 'orderId'))
    const transition = TRANSITION[field(ctx.form, 'action')]
    if (!transition) return { flash: { kind: 'error', text: '未知操作。' }, orderId }
    await ctx.admin.orders[transition[0]](orderId)
    return { flash: { kind: 'ok', text: `${transition[1]}。` }, orderId }
  })
  post('/ops/orders/clock', async (ctx) => {
    const r = await ctx.admin.clock.advance({ seconds: Number(field(ctx.form, 'seconds')) })
    const text = `服务器时间已到 ${dateTime(r.now)}，本次结算 ${r.settled} 笔订单。`
    return { flash: { kind: 'ok', text }, orderId: orderIdOf(field(ctx.form, 'orderId')) }
  })
  return web
}
