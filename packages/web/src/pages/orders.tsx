/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * Orders: filters by pay time, commission status and spot (all in the URL), order detail
 * (order/info) and CSV export of the filtered lines.
 * @module
 */
import { type Order, orderCsvLines, ordersCsv, type Promotion } from '@tuike/sdk'
import { type Context, Hono } from 'hono'
import { allOrders, allSpots } from '../data.ts'
import {
  commissionStatus,
  day,
  parseDay,
  STATUS_LABEL,
  shortTime,
  timeZone,
  yuan,
  zoned,
} from '../format.ts'
import { type Kit, type PromoterCtx, page } from '../kit.tsx'
import { Pager, SpotSelect } from '../layout.tsx'
import { type Column, DataTable } from '../table.tsx'

const PAGE_SIZE = 20

interface OrderFilters {
  from: string
  to: string
  status: string
  pid: string
}

function filtersOf(c: Context): OrderFilters {
  const from = c.req.query('from') ?? ''
  return {
    from: parseDay(from) !== undefined ? from : day(Date.now() / 1000 - 29 * 86400),
    to: parseDay(c.req.query('to')) !== undefined ? c.req.query('to')! : '',
    status: STATUS_LABEL[c.req.query('status') ?? ''] ? c.req.query('status')! : '',
    pid: c.req.query('pid') ?? '',
  }
}

/** Orders matching the filters (the spot filter applies to lines: an order matches if one does). */
async function search(ctx: PromoterCtx, f: OrderFilters) {
  const end = parseDay(f.to)
  const result = await allOrders(ctx.api, {
    start: parseDay(f.from),
    end: end === undefined ? undefined : end + 86399,
    status: commissionStatus(f.status),
  })
  const orders = f.pid
    ? result.orders.filter((o) =>
        o.productList.some((l) => l.promotionInfo.promotionSourcePid === f.pid),
      )
    : result.orders
  return { ...result, orders }
}

export function Status(props: { s: string }) {
  return <span class={`badge st-${props.s}`}>{STATUS_LABEL[props.s] ?? props.s}</span>
}

function OrderFilterForm(props: {
  f: OrderFilters
  spots: Promotion[]
  keep: URLSearchParams
  count: number
  capped: boolean
}) {
  const { f, spots, keep, count, capped } = props
  return (
    <form method="get" action="/orders" class="card" data-no-busy>
      <div class="fields">
        <div class="field">
          <label for="o-from">支付时间从</label>
          <input id="o-from" name="from" type="date" value={f.from} />
        </div>
        <div class="field">
          <label for="o-to">到</label>
          <input id="o-to" name="to" type="date" value={f.to} />
        </div>
        <div class="field">
          <label for="o-status">佣金状态</label>
          <select id="o-status" name="status">
            <option value="">全部</option>
            {Object.entries(STATUS_LABEL).map(([v, l]) => (
              <option value={v} selected={f.status === v}>
                {l}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="o-pid">推广位</label>
          <SpotSelect id="o-pid" spots={spots} selected={f.pid} all="全部" />
        </div>
      </div>
      <div class="actions">
        <button type="submit">筛选</button>
        <a class="button secondary" href={`/orders.csv?${keep}`} download>
          导出 CSV
        </a>
        <span class="muted" role="status">
          共 {count} 笔订单{capped ? '（已截断）' : ''}
        </span>
      </div>
    </form>
  )
}

/** One product line of an order; the order's id and time show on its first line. */
type Line = { o: Order; l: Order['productList'][number]; first: boolean }

const ORDER_COLUMNS: Column<Line>[] = [
  {
    head: '订单号',
    label: '订单号',
    cellClass: 'mono',
    cell: ({ o, first }) =>
      first ? <a href={`/orders/${encodeURIComponent(o.orderId)}`}>{o.orderId}</a> : null,
  },
  {
    head: zoned('支付时间'),
    label: '支付时间',
    cell: ({ o, first }) => (first ? shortTime(o.payTime) : ''),
  },
  {
    head: '商品',
    label: '商品',
    cell: ({ l }) => (
      <>
        {l.title} <span class="muted">×{l.productCnt}</span>
      </>
    ),
  },
  { head: '金额', label: '金额', class: 'num', cell: ({ l }) => l.price },
  { head: '推广位', label: '推广位', cell: ({ l }) => l.promotionInfo.promotionSourceName },
  { head: '状态', label: '状态', cell: ({ l }) => <Status s={l.commissionStatus} /> },
  {
    head: '佣金',
    label: '佣金',
    class: 'num',
    cell: ({ l }) =>
      l.commissionStatus === 'SETTLEMENT_PENDING'
        ? `预估 ${yuan(l.estimatedCommission)}`
        : l.commission,
  },
]

function OrderTable(props: { shown: Order[] }) {
  return (
    <DataTable
      id="orders-table"
      stack
      columns={ORDER_COLUMNS}
      rows={props.shown.flatMap((o) => o.productList.map((l, j) => ({ o, l, first: j === 0 })))}
      empty="没有符合条件的订单。换个时间范围，或分享推广素材带来第一笔订单。"
    />
  )
}

/** GET /orders: every order of the filters' window, 20 a page. */
async function listOrders(c: Context, ctx: PromoterCtx): Promise<Response> {
  const f = filtersOf(c)
  const pageNo = Math.max(1, Number(c.req.query('page')) || 1)
  const [{ orders, capped }, { spots }] = await Promise.all([search(ctx, f), allSpots(ctx.api)])
  const pages = Math.max(1, Math.ceil(orders.length / PAGE_SIZE))
  const shown = orders.slice((pageNo - 1) * PAGE_SIZE, pageNo * PAGE_SIZE)
  const keep = new URLSearchParams()
  for (const [k, v] of Object.entries(f)) if (v) keep.set(k, v)
  return page(
    c,
    { title: '订单', active: '/orders', session: ctx.session },
    <>
      <OrderFilterForm f={f} spots={spots} keep={keep} count={orders.length} capped={capped} />
      <OrderTable shown={shown} />
      <Pager base={keep} page={pageNo} pages={pages} path="/orders" />
    </>,
  )
}

/** GET /orders.csv: the same orders as a CSV file. */
async function ordersCsvFile(c: Context, ctx: PromoterCtx): Promise<Response> {
  const f = filtersOf(c)
  const { orders } = await search(ctx, f)
  c.header('cache-control', 'no-store')
  c.header('content-type', 'text/csv; charset=utf-8')
  c.header(
    'content-disposition',
    `attachment; filename="tuike-orders-${f.from}${f.to ? `-${f.to}` : ''}.csv"`,
  )
  return c.body(ordersCsv(orders.flatMap(orderCsvLines), timeZone()))
}

export function ordersPage(kit: Kit): Hono {
  const web = new Hono()
  web.get('/orders', kit.promoter(listOrders))
  web.get('/orders.csv', kit.promoter(ordersCsvFile))
  return web
}
