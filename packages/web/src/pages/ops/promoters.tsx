/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * Operator page: promoter accounts (create, disable/enable, rotate the secret, spot cap).
 * @module
 */
import type { PromoterView } from '@tuike/sdk'
import type { Context, Hono } from 'hono'
import { dateTime } from '../../format.ts'
import {
  doneFlash,
  field,
  type Kit,
  type OperatorCtx,
  page,
  redirectWith,
  resultPage,
} from '../../kit.tsx'
import { CopyField, Csrf, type Flash, PostButton, RowEdit, Submit } from '../../layout.tsx'
import type { Session } from '../../session.ts'
import { type Column, DataTable } from '../../table.tsx'
import { adminPosts } from './shared.ts'

/** A promoter's new credentials, shown once. */
function Secret(props: { appid: string; secret: string; title: string }) {
  return (
    <section class="card" aria-labelledby="h-secret">
      <h2 id="h-secret">{props.title}</h2>
      <p>AppSecret 只显示这一次，请立即复制并交给推客；之后只能重置。</p>
      <CopyField id="new-appid" label="AppID" value={props.appid} />
      <CopyField id="new-secret" label="AppSecret" value={props.secret} class="secret mono" />
    </section>
  )
}

function NewPromoter(props: { session: Session }) {
  const { session } = props
  return (
    <section class="card" aria-labelledby="h-new">
      <h2 id="h-new">创建推客账号</h2>
      <form method="post" action="/ops/promoters" class="inline">
        <Csrf session={session} />
        <div class="field">
          <label for="p-name">名称</label>
          <input id="p-name" name="name" required maxlength={64} placeholder="如：小明的店" />
        </div>
        <Submit label="创建" />
      </form>
    </section>
  )
}

function promoterColumns(session: Session): Column<PromoterView>[] {
  return [
    { head: '名称', cell: (p) => p.name },
    { head: 'AppID', cellClass: 'mono', cell: (p) => p.appid },
    {
      head: '状态',
      cell: (p) => (
        <span class={`badge st-${p.status}`}>{p.status === 'active' ? '正常' : '已停用'}</span>
      ),
    },
    {
      head: '推广位上限',
      cell: (p, i) => (
        <RowEdit
          action="/ops/promoters/max"
          session={session}
          fields={{ appid: p.appid }}
          id={`max-${i}`}
          label={`${p.name} 的推广位上限`}
        >
          <input
            id={`max-${i}`}
            name="max"
            type="number"
            min={0}
            max={100000}
            value={String(p.promotionMaxCnt)}
          />
        </RowEdit>
      ),
    },
    { head: '创建时间', cell: (p) => dateTime(p.createdAt) },
    {
      head: '操作',
      cell: (p) => (
        <div class="inline">
          <PostButton
            action="/ops/promoters/status"
            session={session}
            fields={{ appid: p.appid, to: p.status === 'active' ? 'disable' : 'enable' }}
            class={p.status === 'active' ? 'danger' : 'secondary'}
          >
            {p.status === 'active' ? '停用' : '启用'}
          </PostButton>
          <PostButton
            action="/ops/promoters/rotate"
            session={session}
            fields={{ appid: p.appid }}
            class="secondary"
          >
            重置 AppSecret
          </PostButton>
        </div>
      ),
    },
  ]
}

function PromoterTable(props: { list: PromoterView[]; session: Session }) {
  return (
    <DataTable
      columns={promoterColumns(props.session)}
      rows={props.list}
      empty="还没有推客账号。"
    />
  )
}

/** The promoter accounts page, with a new secret to show once. */
async function render(
  c: Context,
  ctx: OperatorCtx,
  flash: Flash[] = [],
  secret?: { appid: string; secret: string; title: string },
  status = 200,
) {
  const { promoters: list } = await ctx.admin.promoters.list()
  return page(
    c,
    { title: '推客账号', active: '/ops/promoters', session: ctx.session, flash },
    <>
      {secret ? <Secret {...secret} /> : null}
      <NewPromoter session={ctx.session} />
      <PromoterTable list={list} session={ctx.session} />
    </>,
    status,
  )
}

const DONE: Record<string, string> = {
  disable: '已停用该账号：它的 access_token 立即失效（48001）。',
  enable: '已启用该账号。',
  max: '已更新推广位上限。',
}

type NewSecret = { appid: string; secret: string; title: string }

export function promotersPage(kit: Kit): Hono {
  /** After a change that issued credentials: the page shows them once, above the list. */
  const showSecret = (
    c: Context,
    ctx: OperatorCtx,
    credentials: { appid: string; secret: string },
    title: string,
    text: string,
  ) =>
    redirectWith(c, kit, ctx.session, '/ops/promoters', {
      flash: [{ kind: 'ok', text }],
      data: { appid: credentials.appid, secret: credentials.secret, title },
    })
  const web = resultPage<OperatorCtx, NewSecret>(kit, kit.operator, '/ops/promoters', (c, ctx, r) =>
    render(c, ctx, [...doneFlash(c, DONE), ...r.flash], r.data),
  )
  const post = adminPosts(web, kit, (c, ctx, flash) => render(c, ctx, flash, undefined, 400))
  const appid = (ctx: OperatorCtx) => field(ctx.form, 'appid')

  web.get('/ops', (c) => c.redirect('/ops/promoters', 303))
  post('/ops/promoters', async (c, ctx) => {
    const created = await ctx.admin.promoters.create({ name: field(ctx.form, 'name') })
    const text = `已创建推客账号「${created.name}」。`
    return showSecret(c, ctx, created, '新账号的登录信息', text)
  })
  post('/ops/promoters/status', async (c, ctx) => {
    const to = field(ctx.form, 'to') === 'enable' ? 'enable' : 'disable'
    await ctx.admin.promoters[to](appid(ctx))
    return c.redirect(`/ops/promoters?done=${to}`, 303)
  })
  post('/ops/promoters/rotate', async (c, ctx) => {
    const r = await ctx.admin.promoters.rotateSecret(appid(ctx))
    return showSecret(c, ctx, r, '新的 AppSecret', '已重置 AppSecret，旧的立即失效。')
  })
  post('/ops/promoters/max', async (c, ctx) => {
    await ctx.admin.promoters.update(appid(ctx), {
      promotionMaxCnt: Number(field(ctx.form, 'max')),
    })
    return c.redirect('/ops/promoters?done=max', 303)
  })
  return web
}
