/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * Operator page for targeted plans (定向计划) over /admin/v1/plans: create a plan for a shop with
 * plan-specific ratios, share its invitation URL, and approve, reject or remove applications.
 * @module
 */
import { type AdminPlan, type AdminPlansListResponse, APIError } from '@tuike/sdk'
import type { Context, Hono } from 'hono'
import { isKeyRefused } from '../../client.ts'
import { dateTime, day, parseDay, percent, zoned } from '../../format.ts'
import { describe, donePage, field, type Kit, type OperatorCtx, page } from '../../kit.tsx'
import { CopyField, Csrf, type Flash, PostButton, Submit } from '../../layout.tsx'
import type { Session } from '../../session.ts'
import { type Column, DataTable, type TableSpec } from '../../table.tsx'
import { adminPosts, adminRead } from './shared.ts'

const PLAN_STATUS = ['未生效', '进行中', '已结束']
const STATE = {
  applied: '待审核',
  joined: '已通过',
  rejected: '已拒绝',
  removed: '已移除',
} as const
const DECISIONS = [
  ['approve', '通过', 'applied'],
  ['reject', '拒绝', 'applied'],
  ['remove', '移除', 'joined'],
] as const

/** `10000001 33%` per line → products with ratios in 1/10000; throws with the bad line. */
function parseProducts(text: string): { productId: string; commissionRatio: number }[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line, i) => {
      const m = /^(\S+)\s+(\d+(?:\.\d{1,2})?)\s*%?$/.exec(line)
      const ratio = m ? Math.round(Number(m[2]) * 100) : Number.NaN
      if (!m || ratio > 10000) throw new Error(`第 ${i + 1} 行「${line}」应为「商品ID 佣金比例%」`)
      return { productId: m[1]!, commissionRatio: ratio }
    })
}

function FindPlan(props: { planId: string }) {
  const { planId } = props
  return (
    <form method="get" action="/ops/plans" class="card inline" aria-label="查找计划">
      <div class="field">
        <label for="pl-find">计划 ID</label>
        <input id="pl-find" name="planId" value={planId} inputmode="numeric" />
      </div>
      <Submit label="查看" secondary />
    </form>
  )
}

function applicationColumns(
  session: Session,
  planId: string,
): Column<AdminPlan['applications'][number]>[] {
  return [
    { head: '推客 AppID', cellClass: 'mono', cell: (a) => a.appid },
    { head: '状态', cell: (a) => STATE[a.state as keyof typeof STATE] ?? a.state },
    { head: '申请理由', cell: (a) => a.applyReason },
    { head: '申请时间', cell: (a) => dateTime(a.applyTime) },
    {
      head: '操作',
      cell: (a) => (
        <div class="inline">
          {DECISIONS.filter(([, , from]) => from === a.state).map(([d, label]) => (
            <PostButton
              action="/ops/plans/decide"
              session={session}
              fields={{ planId, appid: a.appid, decision: d }}
              class={d === 'approve' ? '' : 'secondary'}
            >
              {label}
            </PostButton>
          ))}
        </div>
      ),
    },
  ]
}

function PlanCard(props: { session: Session; plan: AdminPlan }) {
  const { session, plan } = props
  return (
    <section class="card" aria-labelledby="h-plan">
      <h2 id="h-plan">
        {plan.name}（{PLAN_STATUS[plan.planStatus]}）
      </h2>
      <p class="muted">
        计划 ID <span class="mono">{plan.planId}</span> · 店铺{' '}
        <span class="mono">{plan.shopAppid}</span> · {day(plan.startTime)} 至 {day(plan.endTime)}
      </p>
      {plan.description ? <p>{plan.description}</p> : null}
      <CopyField
        id="pl-url"
        label="邀请链接（发给推客，推客用 target/plan_info 查看）"
        value={plan.invitationUrl}
        class="mono"
      />
      <h3>商品与计划佣金</h3>
      <ul>
        {plan.products.map((p) => (
          <li>
            <span class="mono">{p.productId}</span> · {percent(p.commissionRatio)}
          </li>
        ))}
      </ul>
      <h3>推客申请</h3>
      <DataTable
        columns={applicationColumns(session, plan.planId)}
        rows={plan.applications}
        empty="还没有推客申请这个计划。"
      />
    </section>
  )
}

function NewPlan(props: { session: Session }) {
  const { session } = props
  return (
    <form method="post" action="/ops/plans" class="card" aria-labelledby="h-new-plan">
      <h2 id="h-new-plan">创建定向计划</h2>
      <Csrf session={session} />
      <div class="fields">
        <div class="field">
          <label for="pl-shop">店铺 AppID</label>
          <input id="pl-shop" name="shopAppid" required class="mono" />
        </div>
        <div class="field">
          <label for="pl-name">计划名称</label>
          <input id="pl-name" name="name" required maxlength={64} />
        </div>
        <div class="field">
          <label for="pl-start">开始日期</label>
          <input id="pl-start" name="start" type="date" required />
        </div>
        <div class="field">
          <label for="pl-end">结束日期（含当天）</label>
          <input id="pl-end" name="end" type="date" required />
        </div>
      </div>
      <div class="field">
        <label for="pl-desc">说明</label>
        <input id="pl-desc" name="description" maxlength={1000} />
      </div>
      <div class="field">
        <label for="pl-products">商品与计划佣金（每行「商品ID 比例%」，商品须属于该店铺）</label>
        <textarea id="pl-products" name="products" rows={4} required placeholder="10000001 33%" />
      </div>
      <Submit label="创建" />
    </form>
  )
}

/** Every plan (the newest 200), each a link to its applications. */
const PLAN_TABLE: TableSpec<AdminPlansListResponse['plans'][number]> = {
  columns: [
    {
      head: '计划',
      label: '计划',
      cell: (p) => <a href={`/ops/plans?planId=${encodeURIComponent(p.planId)}`}>{p.name}</a>,
    },
    { head: '店铺', label: '店铺', cellClass: 'mono', cell: (p) => p.shopAppid },
    {
      head: zoned('日期'),
      label: '日期',
      cell: (p) => (
        <>
          {day(p.startTime)} 至 {day(p.endTime)}
        </>
      ),
    },
    { head: '状态', label: '状态', cell: (p) => PLAN_STATUS[p.planStatus] ?? p.planStatus },
    { head: '商品', label: '商品', class: 'num', cell: (p) => p.productCount },
    { head: '待审核', label: '待审核', class: 'num', cell: (p) => p.pendingCount },
  ],
  id: 'plan-list',
  stack: true,
  empty: '还没有定向计划。用下面的表单创建第一个。',
  card: { id: 'h-plans', title: '全部计划' },
}

/** The plans page: a plan looked up by `planId` (with its applications) and the new-plan form. */
async function view(c: Context, ctx: OperatorCtx, flash: Flash[] = [], status = 200) {
  const planId = c.req.query('planId') ?? ''
  const { value: plan, error } = planId ? await adminRead(() => ctx.admin.plans.get(planId)) : {}
  if (error) flash = [...flash, { kind: 'error', text: `查不到计划 ${planId}：${error}` }]
  const { plans } = await ctx.admin.plans.list()
  return page(
    c,
    { title: '定向计划', active: '/ops/plans', session: ctx.session, flash },
    <>
      {plan ? <PlanCard session={ctx.session} plan={plan} /> : null}
      <DataTable {...PLAN_TABLE} rows={plans} />
      <FindPlan planId={planId} />
      <NewPlan session={ctx.session} />
    </>,
    status,
  )
}

const DONE: Record<string, string> = {
  created: '已创建计划，把邀请链接发给推客。',
  approve: '已通过：计划期间该推客这些商品的订单按计划佣金结算。',
  reject: '已拒绝该申请。',
  remove: '已将该推客移出计划。',
}

export function plansPage(kit: Kit): Hono {
  const web = donePage(kit.operator, '/ops/plans', DONE, view)

  web.post(
    '/ops/plans',
    kit.operator(async (c, ctx) => {
      try {
        const start = parseDay(field(ctx.form, 'start'))
        const end = parseDay(field(ctx.form, 'end'))
        if (start === undefined || end === undefined) throw new Error('请填写开始和结束日期')
        const plan = await ctx.admin.plans.create({
          shopAppid: field(ctx.form, 'shopAppid'),
          name: field(ctx.form, 'name'),
          description: field(ctx.form, 'description'),
          startTime: start,
          endTime: end + 86_399,
          products: parseProducts(field(ctx.form, 'products')),
        })
        return c.redirect(`/ops/plans?planId=${encodeURIComponent(plan.planId)}&done=created`, 303)
      } catch (err) {
        if (isKeyRefused(err)) throw err
        const text = err instanceof APIError ? describe(err) : (err as Error).message
        return view(c, ctx, [{ kind: 'error', text: `创建失败：${text}` }], 400)
      }
    }),
  )

  adminPosts(web, kit, (c, ctx, flash) => view(c, ctx, flash, 400))(
    '/ops/plans/decide',
    async (c, ctx) => {
      const planId = field(ctx.form, 'planId')
      const appid = field(ctx.form, 'appid')
      const decision = DECISIONS.find(([d]) => d === field(ctx.form, 'decision'))?.[0]
      if (!decision) return c.text('unknown decision', 400)
      await ctx.admin.plans.decide(planId, appid, decision)
      return c.redirect(`/ops/plans?planId=${encodeURIComponent(planId)}&done=${decision}`, 303)
    },
  )
  return web
}
