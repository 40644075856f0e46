/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * Overview: commission by day (pending, settled, cancelled), clicks and orders per spot, top
 * products, over the last 7, 30 or 90 days of pay time.
 * @module
 */
import type { Order, Promotion } from '@tuike/sdk'
import type { Context, Hono } from 'hono'
import { CommissionChart, type DayBar } from '../chart.tsx'
import { allOrders, allSpots, clicksBySpot } from '../data.ts'
import { day, yuan } from '../format.ts'
import { type Kit, type PromoterCtx, page, promoterGetPage } from '../kit.tsx'
import { Empty, NumberTable } from '../layout.tsx'

const RANGES = [7, 30, 90] as const

interface SpotRow {
  pid: string
  name: string
  live: boolean
  clicks: number
  orders: number
  commission: number
}
type ProductRow = { title: string; orders: number; count: number; commission: number }

/** Commission totals, per day, per spot and per product of `orders`. */
function summarise(orders: Order[], startDay: number) {
  const lastDay = orders.reduce((m, o) => Math.max(m, o.payTime), Date.now() / 1000)
  const bars = new Map<string, DayBar>()
  for (let t = startDay; day(t) <= day(lastDay); t += 86400) {
    bars.set(day(t), { day: day(t), pending: 0, settled: 0, cancelled: 0 })
  }
  const sums: DayBar = { day: '', pending: 0, settled: 0, cancelled: 0 }
  const perSpot = new Map<string, { name: string; orders: number; commission: number }>()
  const perProduct = new Map<string, ProductRow>()
  const state = { SETTLEMENT_SUCCESS: 'settled', SETTLEMENT_PENDING: 'pending' } as const
  for (const o of orders) {
    const bar = bars.get(day(o.payTime))
    const spotsOfOrder = new Set<string>()
    for (const line of o.productList) {
      const fen = line.estimatedCommission
      const key =
        line.commissionStatus === 'SETTLEMENT_CANCELED' ? 'cancelled' : state[line.commissionStatus]
      sums[key] += fen
      if (bar) bar[key] += fen
      const counted = key === 'cancelled' ? 0 : fen
      const pid = line.promotionInfo.promotionSourcePid
      const s = perSpot.get(pid) ?? {
        name: line.promotionInfo.promotionSourceName,
        orders: 0,
        commission: 0,
      }
      if (!spotsOfOrder.has(pid)) s.orders++
      spotsOfOrder.add(pid)
      s.commission += counted
      perSpot.set(pid, s)
      const p = perProduct.get(line.productId) ?? {
        title: line.title,
        orders: 0,
        count: 0,
        commission: 0,
      }
      p.orders++
      p.count += line.productCnt
      p.commission += counted
      perProduct.set(line.productId, p)
    }
  }
  return { bars: [...bars.values()], sums, perSpot, perProduct }
}

/** Live spots first (with their clicks), then deleted spots that still have orders. */
function spotRows(
  spots: Promotion[],
  clicks: Map<string, number>,
  perSpot: Map<string, { name: string; orders: number; commission: number }>,
): SpotRow[] {
  const live = new Set(spots.map((s) => s.promotionSourcePid))
  return [
    ...spots.map((s) => ({
      pid: s.promotionSourcePid,
      name: s.promotionSourceName,
      live: true,
      clicks: clicks.get(s.promotionSourcePid) ?? 0,
      orders: perSpot.get(s.promotionSourcePid)?.orders ?? 0,
      commission: perSpot.get(s.promotionSourcePid)?.commission ?? 0,
    })),
    ...[...perSpot]
      .filter(([pid]) => !live.has(pid))
      .map(([pid, s]) => ({ pid, ...s, live: false, clicks: 0 })),
  ]
}

function Stats(props: { total: number; sums: DayBar; clicks: number }) {
  return (
    <div class="stats">
      <div class="stat">
        <b id="stat-orders">{props.total}</b>
        <span>订单数（按支付时间）</span>
      </div>
      <div class="stat">
        <b>{yuan(props.sums.pending)}</b>
        <span>待结算佣金（预估）</span>
      </div>
      <div class="stat">
        <b id="stat-settled">{yuan(props.sums.settled)}</b>
        <span>已结算佣金</span>
      </div>
      <div class="stat">
        <b>{props.clicks}</b>
        <span>推广链接点击（全部时间）</span>
      </div>
    </div>
  )
}

function Chart(props: { bars: DayBar[]; orders: number; capped: boolean; cancelled: number }) {
  return (
    <section class="card" aria-labelledby="h-chart">
      <h2 id="h-chart">每日佣金</h2>
      {props.orders ? (
        <CommissionChart bars={props.bars} />
      ) : (
        <Empty>
          这段时间还没有订单。去<a href="/materials">生成推广素材</a>
          并分享链接，买家下单后佣金会显示在这里。
        </Empty>
      )}
      {props.capped ? <p class="muted">订单较多，只统计了最近 {props.orders} 笔。</p> : null}
      <p class="muted">已取消佣金 {yuan(props.cancelled)}（退款订单不结算）。</p>
    </section>
  )
}

function Tables(props: { spots: SpotRow[]; top: [string, ProductRow][] }) {
  return (
    <div class="grid two">
      <section aria-labelledby="h-spots">
        <h2 id="h-spots">各推广位</h2>
        {props.spots.length ? (
          <NumberTable
            head={['推广位', '点击', '订单', '佣金']}
            rows={props.spots.map((r) => [
              <>
                {r.name}
                {r.live ? null : <span class="muted">（已删除）</span>}
              </>,
              r.clicks,
              r.orders,
              yuan(r.commission),
            ])}
          />
        ) : (
          <Empty>
            还没有推广位。<a href="/spots">添加推广位</a>
          </Empty>
        )}
      </section>
      <section aria-labelledby="h-top">
        <h2 id="h-top">热销商品</h2>
        {props.top.length ? (
          <NumberTable
            head={['商品', '订单', '件数', '佣金']}
            rows={props.top.map(([id, p]) => [
              <a href={`/products/${encodeURIComponent(id)}`}>{p.title}</a>,
              p.orders,
              p.count,
              yuan(p.commission),
            ])}
          />
        ) : (
          <Empty>暂无成交商品。</Empty>
        )}
      </section>
    </div>
  )
}

/** GET /?days=7|30|90 */
async function overview(c: Context, { session, api }: PromoterCtx): Promise<Response> {
  const days = RANGES.find((d) => String(d) === c.req.query('days')) ?? 30
  const today = day(Date.now() / 1000)
  const startDay = Date.parse(`${today}T00:00:00+08:00`) / 1000 - (days - 1) * 86400
  // No end: a server on a test clock may be ahead of real time.
  const [{ orders, total, capped }, { spots }, clicks] = await Promise.all([
    allOrders(api, { start: startDay }),
    allSpots(api),
    clicksBySpot(api),
  ])
  const { bars, sums, perSpot, perProduct } = summarise(orders, startDay)
  const top = [...perProduct]
    .sort((a, b) => b[1].orders - a[1].orders || b[1].commission - a[1].commission)
    .slice(0, 10)
  const totalClicks = [...clicks.values()].reduce((a, b) => a + b, 0)
  return page(
    c,
    { title: '概览', active: '/', session },
    <>
      <nav class="tabs" aria-label="时间范围">
        {RANGES.map((d) => (
          <a href={`/?days=${d}`} aria-current={d === days ? 'page' : undefined}>
            近 {d} 天
          </a>
        ))}
      </nav>
      <Stats total={total} sums={sums} clicks={totalClicks} />
      <Chart bars={bars} orders={orders.length} capped={capped} cancelled={sums.cancelled} />
      <Tables spots={spotRows(spots, clicks, perSpot)} top={top} />
    </>,
  )
}

export function overviewPage(kit: Kit): Hono {
  return promoterGetPage(kit, '/', overview)
}
