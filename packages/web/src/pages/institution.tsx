/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * The 机构 console (推客带货, the successor API), beside the promoter's and the operator's:
 * bound sharers with a bind-status lookup, promotable products, and the commission orders of
 * a period with their details. Every page reads through `api.store` with the 机构's token.
 * @module
 */
import type { StoreCommissionOrder } from '@tuike/sdk'
import { Hono } from 'hono'
import type { Child } from 'hono/jsx'
import { dateTime, day, parseDay, STATUS_LABEL, yuan } from '../format.ts'
import { type Kit, page } from '../kit.tsx'
import { QueryForm } from '../layout.tsx'
import { type Column, DataTable } from '../table.tsx'

/** 1/1,000,000 → `30%`. */
const ratio = (r: number) => `${Number((r / 10_000).toFixed(2))}%`
const STORE_STATUS: Record<number, string> = {
  20: 'SETTLEMENT_PENDING',
  100: 'SETTLEMENT_SUCCESS',
  200: 'SETTLEMENT_CANCELED',
}
/** Rows shown per page: each product and each order is one detail call. */
const MAX_ROWS = 50

/**
 * A table that stacks into labelled rows below 600 px (the console's `table.stack`): the first
 * column text, the rest numbers; `empty` when there are no rows.
 */
function StackTable(props: { label: string; head: string[]; rows: Child[][]; empty: string }) {
  const columns = props.head.map(
    (h, i): Column<Child[]> => ({
      head: h,
      label: h,
      ...(i === 0 ? {} : { class: 'num' }),
      cell: (row) => row[i],
    }),
  )
  return (
    <DataTable stack label={props.label} columns={columns} rows={props.rows} empty={props.empty} />
  )
}

function BindLookup(props: { openid: string; result?: string }) {
  return (
    <section class="card" aria-labelledby="h-bind">
      <h2 id="h-bind">查询推客绑定状态</h2>
      <QueryForm action="/inst" id="openid" label="推客 openid（机构绑定小程序下）" button="查询">
        <input id="openid" name="openid" value={props.openid} spellcheck={false} required />
      </QueryForm>
      {props.result ? <p role="status">{props.result}</p> : null}
    </section>
  )
}

function sharersPage(kit: Kit, web: Hono): void {
  web.get(
    '/inst',
    kit.institution(async (c, { api, session }) => {
      const openid = c.req.query('openid')?.trim() ?? ''
      let result: string | undefined
      if (openid) {
        const s = await api.store.sharers.bindStatus({
          sharer_openid: openid,
          is_simple_register: false,
        })
        result = `注册：${['未注册', '注册中', '已注册', '待实名支付'][s.register_status]}；绑定：${s.bind_status ? `已绑定（${s.sharer_appid}）` : '未绑定'}`
      }
      const sharers = []
      for await (const s of api.store.sharers.listAll()) sharers.push(s)
      const rows = sharers.map((s) => [
        <span>
          {s.nickname || s.sharer_appid}
          <br />
          <span class="mono muted">{s.sharer_appid}</span>
        </span>,
        '已绑定',
        s.commission_type === 0 ? '平台分佣' : '机构分佣',
        ratio(s.commission_ratio),
        dateTime(s.bind_time),
      ])
      return page(
        c,
        { title: '推客', active: '/inst', session },
        <>
          <StackTable
            label="已绑定的推客"
            head={['推客', '状态', '分佣方式', '分成比例', '绑定时间']}
            rows={rows}
            empty="还没有绑定的推客：推客通过小程序的 wx.openBusinessView 完成注册和绑定。"
          />
          <BindLookup openid={openid} result={result} />
        </>,
      )
    }),
  )
}

function productsPage(kit: Kit, web: Hono): void {
  web.get(
    '/inst/products',
    kit.institution(async (c, { api, session }) => {
      const keyword = c.req.query('keyword')?.trim() ?? ''
      const rows = []
      const body = { plan_type: 2, ...(keyword ? { keyword } : {}) }
      for await (const key of api.store.products.listAll(body)) {
        const { product } = await api.store.products.retrieve({ ...key, plan_type: 2 })
        const info = product.product_info
        rows.push([
          <span>
            {info.title}
            <br />
            <span class="mono muted">{String(product.product_id)}</span>
          </span>,
          yuan(Math.min(...info.skus.map((s) => s.sale_price))),
          ratio(product.commission_info.service_ratio),
          String(info.statistical_data.sales_in_30_days),
        ])
        if (rows.length >= MAX_ROWS) break
      }
      return page(
        c,
        { title: '商品', active: '/inst/products', session },
        <>
          <QueryForm action="/inst/products" id="keyword" label="关键词" button="搜索">
            <input id="keyword" name="keyword" value={keyword} />
          </QueryForm>
          <StackTable
            label="推广商品（公开计划）"
            head={['商品', '最低价 ¥', '服务费率', '30 天销量']}
            rows={rows}
            empty="没有符合条件的推广商品。"
          />
        </>,
      )
    }),
  )
}

function orderRow(o: StoreCommissionOrder) {
  const d = o.order_detail
  const status = STORE_STATUS[o.status] ?? String(o.status)
  return [
    <span>
      <span class="mono">{o.order_id}</span>
      <br />
      <span class="muted">{d.product_info.title}</span>
    </span>,
    <span class={`badge st-${status}`}>{STATUS_LABEL[status] ?? status}</span>,
    dateTime(o.create_time),
    d.commission_info.sharer_info?.nickname ?? '—',
    yuan(d.product_info.actual_payment),
    yuan(d.commission_info.sharer_info?.amount ?? 0),
    yuan(d.commission_info.service_amount),
  ]
}

function ordersPage(kit: Kit, web: Hono): void {
  web.get(
    '/inst/orders',
    kit.institution(async (c, { api, session }) => {
      const from = c.req.query('from') ?? ''
      const start = parseDay(from) ?? Math.floor(Date.now() / 1000) - 29 * 86400
      const orders: StoreCommissionOrder[] = []
      for await (const o of api.store.orders.listDetails({
        create_time_range: { start_time: start },
      })) {
        orders.push(o)
        if (orders.length >= MAX_ROWS) break
      }
      return page(
        c,
        { title: '佣金单', active: '/inst/orders', session },
        <>
          <QueryForm action="/inst/orders" id="from" label="下单日期从" button="查询">
            <input id="from" name="from" type="date" value={day(start)} />
          </QueryForm>
          <StackTable
            label="佣金单"
            head={['订单', '状态', '下单时间', '推客', '实付 ¥', '推客佣金 ¥', '机构服务费 ¥']}
            rows={orders.map(orderRow)}
            empty="这段时间没有佣金单。"
          />
        </>,
      )
    }),
  )
}

export function institutionPage(kit: Kit): Hono {
  const web = new Hono()
  sharersPage(kit, web)
  productsPage(kit, web)
  ordersPage(kit, web)
  return web
}
