/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * Operator page: sandbox fault rules and the log of faults that fired (docs/sandbox.md).
 * @module
 */
import type {
  AdminFaultsCreateBody,
  AdminFaultsListResponse,
  AdminFaultsLogResponse,
} from '@tuike/sdk'
import type { Context, Hono } from 'hono'
import { dateTime } from '../../format.ts'
import { donePage, field, type Kit, type OperatorCtx, page } from '../../kit.tsx'

import { Csrf, type Flash, PostButton, Submit } from '../../layout.tsx'
import type { Session } from '../../session.ts'
import { type Column, column, DataTable, type TableSpec } from '../../table.tsx'
import { adminPosts } from './shared.ts'

type FaultRule = AdminFaultsListResponse['faults'][number]
type FaultLogEntry = AdminFaultsLogResponse['entries'][number]

const KINDS: [AdminFaultsCreateBody['kind'], string][] = [
  ['errcode', 'errcode：按 WeChat 原文返回错误码'],
  ['latency', 'latency：延迟'],
  ['drop', 'drop：断开连接不回答'],
  ['invalidate-tokens', 'invalidate-tokens：令牌立即失效'],
  ['paging-drift', 'paging-drift：翻页之间订单变化'],
  ['duplicate-deliveries', 'duplicate-deliveries：回调重复、乱序'],
]

/** The optional number fields of the form: name, label, what it applies to. */
const NUMBERS: { name: keyof AdminFaultsCreateBody; label: string; hint: string }[] = [
  { name: 'errcode', label: '错误码', hint: '如 45011、-1；invalidate-tokens 可填 42001' },
  { name: 'rate', label: '概率', hint: '0–1，默认 1' },
  { name: 'times', label: '次数', hint: '只对接下来 n 次匹配的调用生效' },
  { name: 'seed', label: '种子', hint: '同样的调用按同样的种子重现同样的故障' },
  { name: 'latencyMs', label: '延迟（毫秒）', hint: 'latency' },
  { name: 'jitterMs', label: '抖动（毫秒）', hint: 'latency：± 该值' },
  { name: 'windowMs', label: '窗口（毫秒）', hint: 'duplicate-deliveries' },
]

function NewRule(props: { session: Session }) {
  return (
    <section class="card" aria-labelledby="h-new-fault">
      <h2 id="h-new-fault">添加故障规则</h2>
      <form method="post" action="/ops/faults">
        <Csrf session={props.session} />
        <div class="field">
          <label for="f-kind">类型</label>
          <select id="f-kind" name="kind">
            {KINDS.map(([v, label]) => (
              <option value={v}>{label}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-appid">账号 AppID（留空：所有账号）</label>
          <input id="f-appid" name="appid" class="mono" />
        </div>
        <div class="field">
          <label for="f-endpoint">接口 ID（留空：所有接口，如 order/search）</label>
          <input id="f-endpoint" name="endpoint" class="mono" />
        </div>
        {NUMBERS.map(({ name, label, hint }) => (
          <div class="field">
            <label for={`f-${name}`}>{label}</label>
            <input id={`f-${name}`} name={name} inputmode="decimal" placeholder={hint} />
          </div>
        ))}
        <Submit label="添加" />
      </form>
    </section>
  )
}

function what(r: FaultRule): string {
  if (r.kind === 'errcode' || r.kind === 'invalidate-tokens') return String(r.errcode ?? 40001)
  if (r.kind === 'latency') return `${r.latencyMs}±${r.jitterMs} ms`
  if (r.kind === 'duplicate-deliveries') return `窗口 ${r.windowMs} ms`
  return ''
}

/** Stacked into labelled rows on a phone (`table.stack`), so each rule's 删除 stays in view. */
function Rules(props: { list: FaultRule[]; session: Session }) {
  const columns: Column<FaultRule>[] = [
    column('规则', (r) => r.faultId, 'mono'),
    column('类型', (r) => r.kind),
    column('账号', (r) => r.appid ?? '全部', 'mono'),
    column('接口', (r) => r.endpoint ?? '全部', 'mono'),
    column('概率', (r) => String(r.rate)),
    column('次数', (r) => (r.times === null ? '—' : String(r.times))),
    column('种子', (r) => String(r.seed)),
    column('内容', what),
    column('匹配', (r) => String(r.matched)),
    column('触发', (r) => String(r.fired)),
    column('操作', (r) => (
      <PostButton
        action="/ops/faults/remove"
        session={props.session}
        fields={{ faultId: r.faultId }}
        class="danger"
      >
        删除
      </PostButton>
    )),
  ]
  return (
    <DataTable
      id="fault-rules"
      stack
      columns={columns}
      rows={props.list}
      empty="没有故障规则：所有调用正常回答。"
    />
  )
}

/** The faults that fired, newest first. */
const LOG_TABLE: TableSpec<FaultLogEntry> = {
  columns: [
    column('时间', (e) => dateTime(Math.floor(e.at / 1000))),
    column('账号', (e) => e.appid || '—', 'mono'),
    column('接口', (e) => e.endpoint, 'mono'),
    column('规则', (e) => e.faultId, 'mono'),
    column('类型', (e) => e.kind),
    column('内容', (e) => e.detail, 'mono'),
  ],
  id: 'fault-log',
  stack: true,
  empty: '还没有故障触发。',
  card: { id: 'h-fault-log', title: '已触发的故障（最新 500 条）' },
}

async function render(c: Context, ctx: OperatorCtx, flash: Flash[] = [], status = 200) {
  const [{ faults }, { entries }] = await Promise.all([
    ctx.admin.faults.list(),
    ctx.admin.faults.log(),
  ])
  return page(
    c,
    { title: '故障注入', active: '/ops/faults', session: ctx.session, flash },
    <>
      <p class="hint">
        沙箱故障：让推客的客户端在上线前演练限流、系统错误、断线、令牌失效、翻页漂移和回调重复。
        说明见 docs/sandbox.md。
      </p>
      <NewRule session={ctx.session} />
      <Rules list={faults} session={ctx.session} />
      <DataTable {...LOG_TABLE} rows={entries} />
    </>,
    status,
  )
}

/** The rule of the form: empty fields are left out, numbers read as numbers. */
function ruleOf(form: Record<string, unknown>): AdminFaultsCreateBody {
  const body: Record<string, unknown> = { kind: field(form, 'kind') }
  for (const name of ['appid', 'endpoint']) if (field(form, name)) body[name] = field(form, name)
  for (const { name } of NUMBERS) {
    const v = field(form, name).trim()
    if (v) body[name] = Number(v)
  }
  // The server checks the kind and every field, naming the one at fault.
  return body as AdminFaultsCreateBody
}

const DONE: Record<string, string> = { added: '已添加故障规则。', removed: '已删除故障规则。' }

export function faultsPage(kit: Kit): Hono {
  const web = donePage(kit.operator, '/ops/faults', DONE, render)
  const post = adminPosts(web, kit, (c, ctx, flash) => render(c, ctx, flash, 400))
  post('/ops/faults', async (c, ctx) => {
    await ctx.admin.faults.create(ruleOf(ctx.form))
    return c.redirect('/ops/faults?done=added', 303)
  })
  post('/ops/faults/remove', async (c, ctx) => {
    await ctx.admin.faults.delete(field(ctx.form, 'faultId'))
    return c.redirect('/ops/faults?done=removed', 303)
  })
  return web
}
