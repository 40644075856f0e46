/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * Operator page: catalogue import (NDJSON, per-line errors; chunked with progress when scripts
 * run).
 * @module
 */
import type { AdminCatalogueImportParams } from '@tuike/sdk'
import type { Context, Hono } from 'hono'
import { field, type Kit, type OperatorCtx, page, redirectWith, resultPage } from '../../kit.tsx'
import { Csrf, type Flash, Submit } from '../../layout.tsx'
import { adminPosts, adminRead } from './shared.ts'

type ImportKind = AdminCatalogueImportParams['kind']

const KINDS: readonly (readonly [ImportKind, string])[] = [
  ['products', '商品'],
  ['shops', '店铺'],
  ['categories', '类目'],
]

const isKind = (kind: string): kind is ImportKind => KINDS.some(([k]) => k === kind)

/** The import page, with the last import's result. */
type ImportResult = { kind: string; applied: number; errors: { line: number; reason: string }[] }

function render(
  c: Context,
  ctx: OperatorCtx,
  result?: ImportResult,
  flash: Flash[] = [],
  status = 200,
) {
  return page(
    c,
    { title: '商品导入', active: '/ops/import', session: ctx.session, flash },
    <form
      id="import-form"
      method="post"
      action="/ops/import"
      enctype="multipart/form-data"
      class="card"
    >
      <Csrf session={ctx.session} />
      <p class="hint">
        NDJSON：每行一个 JSON 对象，按 ID
        幂等更新。坏行会逐行报告，其余行照常导入。先导入类目和店铺，再导入商品。
        金额单位为分，佣金比例为万分之一：<a href="/docs/import">每个字段的说明和示例文件</a>。
      </p>
      <div class="fields">
        <div class="field">
          <label for="i-kind">数据类型</label>
          <select id="i-kind" name="kind">
            {KINDS.map(([v, l]) => (
              <option value={v} selected={result?.kind === v}>
                {l}（{v}）
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="i-file">NDJSON 文件</label>
          <input
            id="i-file"
            name="file"
            type="file"
            accept=".ndjson,.jsonl,.json,.txt,application/x-ndjson"
            required
          />
        </div>
      </div>
      <Submit label="上传并导入" />
      <progress id="import-progress" max={100} value={0} hidden aria-label="导入进度"></progress>
      <p id="import-status" class="muted" role="status" aria-live="polite">
        {result ? `导入完成：成功 ${result.applied} 行，错误 ${result.errors.length} 行` : ''}
      </p>
      <div id="import-result">
        {result?.errors.length ? (
          <div class="table-wrap">
            <table>
              <caption>错误行</caption>
              <thead>
                <tr>
                  <th>行号</th>
                  <th>原因</th>
                </tr>
              </thead>
              <tbody>
                {result.errors.slice(0, 500).map((e) => (
                  <tr>
                    <td>{e.line}</td>
                    <td>{e.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </div>
    </form>,
    status,
  )
}

export function importPage(kit: Kit): Hono {
  const web = resultPage<OperatorCtx, ImportResult>(kit, kit.operator, '/ops/import', (c, ctx, r) =>
    render(c, ctx, r.data, r.flash),
  )

  const post = adminPosts(web, kit, (c, ctx, flash) => render(c, ctx, undefined, flash, 400))
  post('/ops/import', async (c, ctx) => {
    const kind = field(ctx.form, 'kind')
    const file = ctx.form.file
    if (!isKind(kind) || !(file instanceof File)) {
      return render(c, ctx, undefined, [{ kind: 'error', text: '请选择数据类型和文件。' }], 400)
    }
    const r = await ctx.admin.catalogue.import(kind, await file.text())
    return redirectWith(c, kit, ctx.session, '/ops/import', { flash: [], data: { kind, ...r } })
  })

  // The script's chunks: JSON in, JSON out (line numbers relative to the chunk).
  web.post(
    '/ops/import/chunk',
    kit.operator(async (c, ctx) => {
      const kind = c.req.query('kind') ?? ''
      if (!isKind(kind)) return c.json({ errmsg: 'unknown kind' }, 400)
      const r = await adminRead(async () => ctx.admin.catalogue.import(kind, await c.req.text()))
      return r.error === undefined ? c.json(r.value) : c.json({ errmsg: r.error }, 502)
    }),
  )

  return web
}
