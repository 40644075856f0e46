/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * Overview: commission by day (pending, settled, cancelled), clicks and orders per spot, top
 * products, over the last 7, 30 or 90 days of pay time.
 * @module
 */
import { Hono } from 'hono'
import { CommissionChart, type DayBar } from '../chart.tsx'
import { allOrders, allSpots, clicksBySpot } from '../data.ts'
import { day, yuan } from '../format.ts'
import { type Kit, page } from '../kit.tsx'
import { Empty } from '../layout.tsx'

const RANGES = [7, 30, 90] as const

export function overviewPage(kit: Kit): Hono {
  const web = new Hono()
  web.get(
    '/',
    kit.promoter(async (c, { session, api }) => {
      const days = RANGES.find((d) => String(d) === c.req.query('days')) ?? 30
      const today = day(Date.now() / 1000)
      const startDay = Date.parse(`${today}T00:00:00+08:00`) / 1000 - (days - 1) * 86400
      // No end: a server on a test clock may be ahead of real time.
      const [{ orders, total, capped }, { spots }, clicks] = await Promise.all([
        allOrders(api, { start: startDay }),
        allSpots(api),
        clicksBySpot(api),
      ])

      const lastDay = orders.reduce((m, o) => Math.max(m, o.payTime), Date.now() / 1000)
      const bars = new Map<string, DayBar>()
      for (let t = startDay; day(t) <= day(lastDay); t += 86400) {
        bars.set(day(t), { day: day(t), pending: 0, settled: 0, cancelled: 0 })
      }
      const perSpot = new Map<string, { name: string; orders: number; commission: number }>()
      const perProduct = new Map<
        string,
        { title: string; orders: number; count: number; commission: number }
      >()
      let pending = 0
      let settled = 0
      let cancelled = 0
      for (const o of orders) {
        const bar = bars.get(day(o.payTime))
        const spotsOfOrder = new Set<string>()
        for (const line of o.productList) {
          const fen = line.estimatedCommission
          if (line.commissionStatus === 'SETTLEMENT_SUCCESS') settled += fen
          else if (line.commissionStatus === 'SETTLEMENT_PENDING') pending += fen
          else cancelled += fen
          if (bar) {
            if (line.commissionStatus === 'SETTLEMENT_SUCCESS') bar.settled += fen
            else if (line.commissionStatus === 'SETTLEMENT_PENDING') bar.pending += fen
            else bar.cancelled += fen
          }
          const pid = line.promotionInfo.promotionSourcePid
          const s = perSpot.get(pid) ?? {
            name: line.promotionInfo.promotionSourceName,
            orders: 0,
            commission: 0,
          }
          if (!spotsOfOrder.has(pid)) s.orders++
          spotsOfOrder.add(pid)
          if (line.commissionStatus !== 'SETTLEMENT_CANCELED') s.commission += fen
          perSpot.set(pid, s)
          const p = perProduct.get(line.productId) ?? {
            title: line.title,
            orders: 0,
            count: 0,
            commission: 0,
          }
          p.orders++
          p.count += line.productCnt
          if (line.commissionStatus !== 'SETTLEMENT_CANCELED') p.commission += fen
          perProduct.set(line.productId, p)
        }
      }
      const live = new Set(spots.map((s) => s.promotionSourcePid))
      const spotRows = [
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
          <div class="stats">
            <div class="stat">
              <b id="stat-orders">{total}</b>
              <span>订单数（按支付时间）</span>
            </div>
            <div class="stat">
              <b>{yuan(pending)}</b>
              <span>待结算佣金（预估）</span>
            </div>
            <div class="stat">
              <b id="stat-settled">{yuan(settled)}</b>
              <span>已结算佣金</span>
            </div>
            <div class="stat">
              <b>{totalClicks}</b>
              <span>推广链接点击（全部时间）</span>
            </div>
          </div>
          <section class="card" aria-labelledby="h-chart">
            <h2 id="h-chart">每日佣金</h2>
            {orders.length ? (
              <CommissionChart bars={[...bars.values()]} />
            ) : (
              <Empty>
                这段时间还没有订单。去<a href="/materials">生成推广素材</a>
                并分享链接，买家下单后佣金会显示在这里。
              </Empty>
            )}
            {capped ? <p class="muted">订单较多，只统计了最近 {orders.length} 笔。</p> : null}
            <p class="muted">已取消佣金 {yuan(cancelled)}（退款订单不结算）。</p>
          </section>
          <div class="grid two">
            <section aria-labelledby="h-spots">
              <h2 id="h-spots">各推广位</h2>
              {spotRows.length ? (
                <div class="table-wrap" tabindex={0}>
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">推广位</th>
                        <th scope="col" class="num">
                          点击
                        </th>
                        <th scope="col" class="num">
                          订单
                        </th>
                        <th scope="col" class="num">
                          佣金
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {spotRows.map((r) => (
                        <tr>
                          <td>
                            {r.name}
                            {r.live ? null : <span class="muted">（已删除）</span>}
                          </td>
                          <td class="num">{r.clicks}</td>
                          <td class="num">{r.orders}</td>
                          <td class="num">{yuan(r.commission)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              ) : (
                <Empty>
                  还没有推广位。<a href="/spots">添加推广位</a>
                </Empty>
              )}
            </section>
            <section aria-labelledby="h-top">
              <h2 id="h-top">热销商品</h2>
              {top.length ? (
                <div class="table-wrap" tabindex={0}>
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">商品</th>
                        <th scope="col" class="num">
                          订单
                        </th>
                        <th scope="col" class="num">
                          件数
                        </th>
                        <th scope="col" class="num">
                          佣金
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {top.map(([id, p]) => (
                        <tr>
                          <td>
                            <a href={`/products/${encodeURIComponent(id)}`}>{p.title}</a>
                          </td>
                          <td class="num">{p.orders}</td>
                          <td class="num">{p.count}</td>
                          <td class="num">{yuan(p.commission)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              ) : (
                <Empty>暂无成交商品。</Empty>
              )}
            </section>
          </div>
        </>,
      )
    }),
  )
  return web
}
