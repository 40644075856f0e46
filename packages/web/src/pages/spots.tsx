/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * Promotion spots: list with the count against promotionMaxCnt, add, rename, and delete after a
 * confirmation that says orders already attributed to the spot may still earn.
 * @module
 */

import { APIError, type Promotion } from '@tuike/sdk'
import type { Context, Hono } from 'hono'
import { isSignedOut } from '../client.ts'
import { allSpots } from '../data.ts'
import { describe, donePage, field, type Kit, type PromoterCtx, page } from '../kit.tsx'
import { Csrf, type Flash, RowEdit } from '../layout.tsx'
import type { Session } from '../session.ts'
import { type Column, DataTable } from '../table.tsx'

const DONE: Record<string, string> = {
  added: '已添加推广位。',
  renamed: '已重命名推广位。',
  deleted: '已删除推广位。已归属于它的订单仍会照常结算佣金。',
}

/** Spot names count characters (字), not UTF-16 units. */
const chars = (s: string) => [...s].length

function AddSpot(props: { session: Session; total: number; max: number }) {
  const { session, total, max } = props
  const full = total >= max
  return (
    <section class="card" aria-labelledby="h-add">
      <h2 id="h-add">添加推广位</h2>
      <p id="spot-count">
        已使用 <b>{total}</b> / {max} 个推广位
        {full ? '，已达上限：删除不用的推广位或请运营提高上限。' : ''}
      </p>
      <form method="post" action="/spots" class="inline">
        <Csrf session={session} />
        <div class="field">
          <label for="new-name">推广位名称（1–20 字，不能重名）</label>
          <input id="new-name" name="name" required maxlength={20} disabled={full} />
        </div>
        <div class="actions">
          <button type="submit" disabled={full}>
            添加
          </button>
        </div>
      </form>
    </section>
  )
}

function spotColumns(session: Session): Column<Promotion>[] {
  return [
    { head: '名称', label: '名称', cell: (s) => s.promotionSourceName },
    {
      head: '推广位 ID（pid）',
      label: 'pid',
      cellClass: 'mono',
      cell: (s) => s.promotionSourcePid,
    },
    {
      head: '重命名',
      label: '重命名',
      cell: (s, i) => (
        <RowEdit
          action="/spots/rename"
          session={session}
          fields={{ pid: s.promotionSourcePid, current: s.promotionSourceName }}
          id={`rn-${i}`}
          label={`${s.promotionSourceName} 的新名称`}
        >
          <input id={`rn-${i}`} name="name" required maxlength={20} value={s.promotionSourceName} />
        </RowEdit>
      ),
    },
    {
      head: '操作',
      label: '操作',
      cell: (s) => (
        <a
          class="button secondary"
          href={`/spots/delete?pid=${encodeURIComponent(s.promotionSourcePid)}`}
          aria-label={`删除 ${s.promotionSourceName}`}
        >
          删除
        </a>
      ),
    },
  ]
}

function SpotTable(props: { session: Session; spots: Promotion[] }) {
  return (
    <DataTable
      stack
      caption={<caption class="muted">推广位列表</caption>}
      columns={spotColumns(props.session)}
      rows={props.spots}
      empty="还没有推广位。添加一个，就可以为它生成推广素材。"
    />
  )
}

function DeleteConfirm(props: { session: Session; spot: Promotion }) {
  const { session, spot } = props
  return (
    <section class="card" aria-labelledby="h-del">
      <h2 id="h-del">确定删除「{spot.promotionSourceName}」？</h2>
      <div class="msg msg-info" role="note">
        <p>
          删除后不能再用它生成新的推广素材，它的名称可以重新使用。已经归属于这个推广位的订单
          <b>仍可能产生并结算佣金</b>，在订单和概览里照常显示。
        </p>
      </div>
      <form method="post" action="/spots/delete" class="actions">
        <Csrf session={session} />
        <input type="hidden" name="pid" value={spot.promotionSourcePid} />
        <input type="hidden" name="name" value={spot.promotionSourceName} />
        <button type="submit" class="danger">
          删除推广位
        </button>
        <a class="button secondary" href="/spots">
          取消
        </a>
      </form>
    </section>
  )
}

/** The spots page with `flash` messages. */
async function list(c: Context, ctx: PromoterCtx, flash: Flash[] = [], status = 200) {
  const { spots, total, promotionMaxCnt } = await allSpots(ctx.api)
  return page(
    c,
    { title: '推广位', active: '/spots', session: ctx.session, flash },
    <>
      <AddSpot session={ctx.session} total={total} max={promotionMaxCnt} />
      <SpotTable session={ctx.session} spots={spots} />
    </>,
    status,
  )
}

/** Run a spot change; a refusal (14005, 14007, 200002) shows on the list. */
async function attempt(
  c: Context,
  ctx: PromoterCtx,
  done: string,
  call: () => Promise<unknown>,
): Promise<Response> {
  try {
    await call()
    return c.redirect(`/spots?done=${done}`, 303)
  } catch (err) {
    if (!(err instanceof APIError) || isSignedOut(err)) throw err
    const text =
      err.errcode === 14007
        ? '已有同名推广位，请换一个名称。'
        : err.errcode === 14005
          ? '推广位数量已达上限。'
          : describe(err)
    return list(c, ctx, [{ kind: 'error', text }], 400)
  }
}

export function spotsPage(kit: Kit): Hono {
  const web = donePage(kit.promoter, '/spots', DONE, list)

  /** A POST that names a spot: the name is checked before `call` runs. */
  const named = (
    path: string,
    done: string,
    call: (ctx: PromoterCtx, name: string) => Promise<unknown>,
  ) =>
    web.post(
      path,
      kit.promoter(async (c, ctx) => {
        const name = field(ctx.form, 'name')
        if (!name || chars(name) > 20)
          return list(c, ctx, [{ kind: 'error', text: '推广位名称需为 1–20 个字。' }], 400)
        return attempt(c, ctx, done, () => call(ctx, name))
      }),
    )
  named('/spots', 'added', (ctx, name) => ctx.api.promotions.create({ promotionSourceName: name }))
  named('/spots/rename', 'renamed', (ctx, name) =>
    ctx.api.promotions.update({
      previousPromotionInfo: {
        promotionSourcePid: field(ctx.form, 'pid'),
        promotionSourceName: field(ctx.form, 'current'),
      },
      promotionInfo: { promotionSourceName: name },
    }),
  )

  web.get(
    '/spots/delete',
    kit.promoter(async (c, ctx) => {
      const pid = c.req.query('pid') ?? ''
      const { spots } = await allSpots(ctx.api)
      const spot = spots.find((s) => s.promotionSourcePid === pid)
      if (!spot) return list(c, ctx, [{ kind: 'error', text: '这个推广位不存在或已删除。' }], 404)
      return page(
        c,
        { title: '删除推广位', active: '/spots', session: ctx.session },
        <DeleteConfirm session={ctx.session} spot={spot} />,
      )
    }),
  )

  web.post(
    '/spots/delete',
    kit.promoter(async (c, ctx) =>
      attempt(c, ctx, 'deleted', () =>
        ctx.api.promotions.delete({
          promotionSourcePid: field(ctx.form, 'pid'),
          promotionSourceName: field(ctx.form, 'name'),
        }),
      ),
    ),
  )
  return web
}
