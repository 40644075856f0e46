/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * Operator page: the 精选 pool (product/select).
 * @module
 */
import { type Context, Hono } from 'hono'
import { field, type Kit, type OperatorCtx, page, redirectWith, resultOf } from '../../kit.tsx'
import { Csrf, type Flash } from '../../layout.tsx'
import { adminPosts } from './shared.ts'

export function selectionPage(kit: Kit): Hono {
  const web = new Hono()
  const render = (c: Context, ctx: OperatorCtx, flash: Flash[] = [], status = 200) =>
    page(
      c,
      { title: '精选池', active: '/ops/selection', session: ctx.session, flash },
      <form method="post" action="/ops/selection" class="card">
        <Csrf session={ctx.session} />
        <p class="hint">精选池中的商品出现在推客「商品 › 精选」标签（product/select）。</p>
        <div class="field">
          <label for="s-ids">商品 ID（每行一个，或用逗号分隔）</label>
          <textarea id="s-ids" name="ids" required></textarea>
        </div>
        <div class="actions">
          <button type="submit" name="op" value="add">
            加入精选
          </button>
          <button type="submit" name="op" value="remove" class="secondary">
            移出精选
          </button>
        </div>
      </form>,
      status,
    )

  web.get(
    '/ops/selection',
    kit.operator(async (c, ctx) => render(c, ctx, resultOf(c, kit, ctx.session).flash)),
  )

  adminPosts(web, kit, (c, ctx, flash) => render(c, ctx, flash, 400))(
    '/ops/selection',
    async (c, ctx) => {
      const ids = field(ctx.form, 'ids')
        .split(/[\s,，]+/)
        .filter(Boolean)
      if (!ids.length) return render(c, ctx, [{ kind: 'error', text: '请填写商品 ID。' }], 400)
      const add = field(ctx.form, 'op') !== 'remove'
      const r = await ctx.admin.selection[add ? 'add' : 'remove']({ productIds: ids })
      const flash: Flash[] = [
        { kind: 'ok', text: `${add ? '已加入' : '已移出'}精选：${r.updated} 件。` },
      ]
      if (r.unknown.length)
        flash.push({ kind: 'error', text: `不存在的商品：${r.unknown.join('、')}` })
      return redirectWith(c, kit, ctx.session, '/ops/selection', { flash })
    },
  )

  return web
}
