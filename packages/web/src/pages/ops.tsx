/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * Operator pages over /admin/v1: promoter accounts (create, disable/enable, rotate secret, spot
 * cap), catalogue import (NDJSON, per-line errors; chunked with progress when scripts run), the
 * 精选 pool, simulated purchases with order state transitions, and the test clock.
 * @module
 */
import type { Context } from 'hono'
import { ApiError, path } from '../api.ts'
import { dateTime, STATUS_LABEL } from '../format.ts'
import { describe, field, type Kit, type OperatorCtx, page } from '../kit.tsx'
import { Csrf, Empty, type Flash } from '../layout.tsx'

interface PromoterView {
  appid: string
  name: string
  status: 'active' | 'disabled'
  promotionMaxCnt: number
  createdAt: number
}

const KINDS = [
  ['products', '商品'],
  ['shops', '店铺'],
  ['categories', '类目'],
] as const

/** A promoter's new credentials, shown once. */
function Secret(props: { appid: string; secret: string; title: string }) {
  return (
    <section class="card" aria-labelledby="h-secret">
      <h2 id="h-secret">{props.title}</h2>
      <p>AppSecret 只显示这一次，请立即复制并交给推客；之后只能重置。</p>
      <div class="field">
        <label for="new-appid">AppID</label>
        <div class="copyrow">
          <input id="new-appid" readonly value={props.appid} />
          <button type="button" class="secondary" data-copy="new-appid">
            复制
          </button>
        </div>
        <div class="copied" id="new-appid-status" role="status"></div>
      </div>
      <div class="field">
        <label for="new-secret">AppSecret</label>
        <div class="copyrow">
          <input id="new-secret" readonly value={props.secret} class="secret mono" />
          <button type="button" class="secondary" data-copy="new-secret">
            复制
          </button>
        </div>
        <div class="copied" id="new-secret-status" role="status"></div>
      </div>
    </section>
  )
}

export function registerOps(kit: Kit): void {
  const { web } = kit

  web.get('/ops', (c) => c.redirect('/ops/promoters', 303))

  // ---- Promoter accounts ---------------------------------------------------------------------
  const promoters = async (
    c: Context,
    ctx: OperatorCtx,
    flash: Flash[] = [],
    secret?: { appid: string; secret: string; title: string },
    status = 200,
  ) => {
    const { promoters: list } = (await ctx.admin.call('GET', '/promoters')) as {
      promoters: PromoterView[]
    }
    return page(
      c,
      { title: '推客账号', active: '/ops/promoters', session: ctx.session, flash },
      <>
        {secret ? <Secret {...secret} /> : null}
        <section class="card" aria-labelledby="h-new">
          <h2 id="h-new">创建推客账号</h2>
          <form method="post" action="/ops/promoters" class="inline">
            <Csrf session={ctx.session} />
            <div class="field">
              <label for="p-name">名称</label>
              <input id="p-name" name="name" required maxlength={64} placeholder="如：小明的店" />
            </div>
            <div class="actions">
              <button type="submit">创建</button>
            </div>
          </form>
        </section>
        {list.length ? (
          <div class="table-wrap" tabindex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">名称</th>
                  <th scope="col">AppID</th>
                  <th scope="col">状态</th>
                  <th scope="col">推广位上限</th>
                  <th scope="col">创建时间</th>
                  <th scope="col">操作</th>
                </tr>
              </thead>
              <tbody>
                {list.map((p, i) => (
                  <tr>
                    <td>{p.name}</td>
                    <td class="mono">{p.appid}</td>
                    <td>
                      <span class={`badge st-${p.status}`}>
                        {p.status === 'active' ? '正常' : '已停用'}
                      </span>
                    </td>
                    <td>
                      <form method="post" action="/ops/promoters/max" class="copyrow">
                        <Csrf session={ctx.session} />
                        <input type="hidden" name="appid" value={p.appid} />
                        <label for={`max-${i}`} class="visually-hidden">
                          {`${p.name} 的推广位上限`}
                        </label>
                        <input
                          id={`max-${i}`}
                          name="max"
                          type="number"
                          min={0}
                          max={100000}
                          value={String(p.promotionMaxCnt)}
                        />
                        <button type="submit" class="secondary">
                          保存
                        </button>
                      </form>
                    </td>
                    <td>{dateTime(p.createdAt)}</td>
                    <td>
                      <div class="inline">
                        <form method="post" action="/ops/promoters/status">
                          <Csrf session={ctx.session} />
                          <input type="hidden" name="appid" value={p.appid} />
                          <input
                            type="hidden"
                            name="to"
                            value={p.status === 'active' ? 'disable' : 'enable'}
                          />
                          <button
                            type="submit"
                            class={p.status === 'active' ? 'danger' : 'secondary'}
                          >
                            {p.status === 'active' ? '停用' : '启用'}
                          </button>
                        </form>
                        <form method="post" action="/ops/promoters/rotate">
                          <Csrf session={ctx.session} />
                          <input type="hidden" name="appid" value={p.appid} />
                          <button type="submit" class="secondary">
                            重置 AppSecret
                          </button>
                        </form>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <Empty>还没有推客账号。</Empty>
        )}
      </>,
      status,
    )
  }

  const adminTry = async (
    _c: Context,
    _ctx: OperatorCtx,
    call: () => Promise<Response>,
    onError: (flash: Flash[]) => Promise<Response>,
  ) => {
    try {
      return await call()
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) throw err
      return onError([{ kind: 'error', text: `操作失败：${describe(err)}` }])
    }
  }

  web.get(
    '/ops/promoters',
    kit.operator(async (c, ctx) => {
      const done: Record<string, string> = {
        disable: '已停用该账号：它的 access_token 立即失效（48001）。',
        enable: '已启用该账号。',
        max: '已更新推广位上限。',
      }
      const m = done[c.req.query('done') ?? '']
      return promoters(c, ctx, m ? [{ kind: 'ok', text: m }] : [])
    }),
  )

  web.post(
    '/ops/promoters',
    kit.operator(async (c, ctx) =>
      adminTry(
        c,
        ctx,
        async () => {
          const created = await ctx.admin.call('POST', '/promoters', {
            name: field(ctx.form, 'name'),
          })
          return promoters(c, ctx, [{ kind: 'ok', text: `已创建推客账号「${created.name}」。` }], {
            ...created,
            title: '新账号的登录信息',
          })
        },
        (flash) => promoters(c, ctx, flash, undefined, 400),
      ),
    ),
  )

  web.post(
    '/ops/promoters/status',
    kit.operator(async (c, ctx) =>
      adminTry(
        c,
        ctx,
        async () => {
          const to = field(ctx.form, 'to') === 'enable' ? 'enable' : 'disable'
          await ctx.admin.call('POST', path`/promoters/${field(ctx.form, 'appid')}/${to}`)
          return c.redirect(`/ops/promoters?done=${to}`, 303)
        },
        (flash) => promoters(c, ctx, flash, undefined, 400),
      ),
    ),
  )

  web.post(
    '/ops/promoters/rotate',
    kit.operator(async (c, ctx) =>
      adminTry(
        c,
        ctx,
        async () => {
          const r = await ctx.admin.call(
            'POST',
            path`/promoters/${field(ctx.form, 'appid')}/rotate-secret`,
          )
          return promoters(c, ctx, [{ kind: 'ok', text: '已重置 AppSecret，旧的立即失效。' }], {
            ...r,
            title: '新的 AppSecret',
          })
        },
        (flash) => promoters(c, ctx, flash, undefined, 400),
      ),
    ),
  )

  web.post(
    '/ops/promoters/max',
    kit.operator(async (c, ctx) =>
      adminTry(
        c,
        ctx,
        async () => {
          await ctx.admin.call('PATCH', path`/promoters/${field(ctx.form, 'appid')}`, {
            promotionMaxCnt: Number(field(ctx.form, 'max')),
          })
          return c.redirect('/ops/promoters?done=max', 303)
        },
        (flash) => promoters(c, ctx, flash, undefined, 400),
      ),
    ),
  )

  // ---- Catalogue import ----------------------------------------------------------------------
  const importPage = (
    c: Context,
    ctx: OperatorCtx,
    result?: { kind: string; applied: number; errors: { line: number; reason: string }[] },
    flash: Flash[] = [],
    status = 200,
  ) =>
    page(
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
        <div class="actions">
          <button type="submit">上传并导入</button>
        </div>
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

  web.get(
    '/ops/import',
    kit.operator(async (c, ctx) => importPage(c, ctx)),
  )

  web.post(
    '/ops/import',
    kit.operator(async (c, ctx) => {
      const kind = field(ctx.form, 'kind')
      const file = ctx.form.file
      if (!KINDS.some(([k]) => k === kind) || !(file instanceof File)) {
        return importPage(
          c,
          ctx,
          undefined,
          [{ kind: 'error', text: '请选择数据类型和文件。' }],
          400,
        )
      }
      return adminTry(
        c,
        ctx,
        async () => {
          const r = await ctx.admin.call(
            'POST',
            path`/import/${kind}`,
            undefined,
            await file.text(),
          )
          return importPage(c, ctx, { kind, ...r })
        },
        (flash) => importPage(c, ctx, undefined, flash, 400),
      )
    }),
  )

  // The script's chunks: JSON in, JSON out (line numbers relative to the chunk).
  web.post(
    '/ops/import/chunk',
    kit.operator(async (c, ctx) => {
      const kind = c.req.query('kind') ?? ''
      if (!KINDS.some(([k]) => k === kind)) return c.json({ errmsg: 'unknown kind' }, 400)
      try {
        return c.json(
          await ctx.admin.call('POST', path`/import/${kind}`, undefined, await c.req.text()),
        )
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) throw err
        return c.json({ errmsg: describe(err) }, 502)
      }
    }),
  )

  // ---- 精选 pool -----------------------------------------------------------------------------
  const selectionPage = (c: Context, ctx: OperatorCtx, flash: Flash[] = [], status = 200) =>
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
    kit.operator(async (c, ctx) => selectionPage(c, ctx)),
  )

  web.post(
    '/ops/selection',
    kit.operator(async (c, ctx) => {
      const ids = field(ctx.form, 'ids')
        .split(/[\s,，]+/)
        .filter(Boolean)
      if (!ids.length)
        return selectionPage(c, ctx, [{ kind: 'error', text: '请填写商品 ID。' }], 400)
      const add = field(ctx.form, 'op') !== 'remove'
      return adminTry(
        c,
        ctx,
        async () => {
          const r = await ctx.admin.call(add ? 'POST' : 'DELETE', '/selection', { productIds: ids })
          const flash: Flash[] = [
            { kind: 'ok', text: `${add ? '已加入' : '已移出'}精选：${r.updated} 件。` },
          ]
          if (r.unknown?.length)
            flash.push({ kind: 'error', text: `不存在的商品：${r.unknown.join('、')}` })
          return selectionPage(c, ctx, flash)
        },
        (flash) => selectionPage(c, ctx, flash, 400),
      )
    }),
  )

  // ---- Simulated purchases, order transitions, test clock ------------------------------------
  const ordersPage = async (
    c: Context,
    ctx: OperatorCtx,
    flash: Flash[] = [],
    orderId = '',
    status = 200,
  ) => {
    let order: any
    let lookupError: string | undefined
    if (orderId) {
      try {
        order = await ctx.admin.call('GET', path`/orders/${orderId}`)
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) throw err
        lookupError = describe(err)
      }
    }
    return page(
      c,
      { title: '模拟下单与结算', active: '/ops/orders', session: ctx.session, flash },
      <>
        <div class="grid two">
          <section class="card" aria-labelledby="h-buy">
            <h2 id="h-buy">模拟买家下单</h2>
            <form method="post" action="/ops/orders/purchase">
              <Csrf session={ctx.session} />
              <div class="field">
                <label for="b-code">短链接或短码</label>
                <input id="b-code" name="code" required placeholder="http://…/s/abc123 或 abc123" />
              </div>
              <div class="fields">
                <div class="field">
                  <label for="b-sku">SKU ID（选填）</label>
                  <input id="b-sku" name="skuId" inputmode="numeric" />
                </div>
                <div class="field">
                  <label for="b-q">数量</label>
                  <input id="b-q" name="quantity" type="number" min={1} max={10000} value="1" />
                </div>
              </div>
              <div class="actions">
                <button type="submit">下单</button>
              </div>
            </form>
          </section>
          <section class="card" aria-labelledby="h-clock">
            <h2 id="h-clock">测试时钟</h2>
            {kit.testClock ? (
              <form method="post" action="/ops/orders/clock">
                <Csrf session={ctx.session} />
                <input type="hidden" name="orderId" value={orderId} />
                <p class="hint">
                  让服务器时间前进；确认收货满结算期（默认 7 天）的订单会立即结算。推客的
                  access_token 也会随之过期，推客需重新登录控制台。
                </p>
                <div class="field">
                  <label for="c-sec">前进</label>
                  <select id="c-sec" name="seconds">
                    <option value="3600">1 小时</option>
                    <option value="86400">1 天</option>
                    <option value="604800" selected>
                      7 天
                    </option>
                    <option value="691200">8 天</option>
                    <option value="2592000">30 天</option>
                  </select>
                </div>
                <div class="actions">
                  <button type="submit">前进</button>
                </div>
              </form>
            ) : (
              <Empty>
                服务器未启用测试时钟。用 <code>tuike serve --test-clock</code>{' '}
                启动即可在这里推进时间；否则订单在确认收货 7
                天后自动结算，也可以在下方直接「结算」。
              </Empty>
            )}
          </section>
        </div>
        <section class="card" aria-labelledby="h-order">
          <h2 id="h-order">订单状态</h2>
          <form method="get" action="/ops/orders" class="inline" data-no-busy>
            <div class="field">
              <label for="o-id">订单号</label>
              <input id="o-id" name="orderId" required value={orderId} inputmode="numeric" />
            </div>
            <div class="actions">
              <button type="submit" class="secondary">
                查询
              </button>
            </div>
          </form>
          {lookupError ? (
            <p class="msg msg-error" role="alert">
              {lookupError}
            </p>
          ) : null}
          {order ? (
            <div class="detail">
              <dl>
                <dt>订单号</dt>
                <dd class="mono">{order.orderId}</dd>
                <dt>推客</dt>
                <dd class="mono">{order.appid}</dd>
                <dt>支付时间</dt>
                <dd>{dateTime(order.payTime)}</dd>
                <dt>确认收货</dt>
                <dd>{order.confirmReceiptTime ? dateTime(order.confirmReceiptTime) : '未确认'}</dd>
                {(order.productList as any[]).map((l) => (
                  <>
                    <dt>{l.title}</dt>
                    <dd>
                      <span class={`badge st-${l.commissionStatus}`}>
                        {STATUS_LABEL[l.commissionStatus] ?? l.commissionStatus}
                      </span>{' '}
                      {l.commission}（推广位 {l.promotionInfo.promotionSourceName}）
                    </dd>
                  </>
                ))}
              </dl>
              <div class="actions">
                {[
                  ['confirm-receipt', '确认收货'],
                  ['settle', '立即结算'],
                  ['refund', '退款'],
                ].map(([action, label]) => (
                  <form method="post" action="/ops/orders/transition">
                    <Csrf session={ctx.session} />
                    <input type="hidden" name="orderId" value={order.orderId} />
                    <input type="hidden" name="action" value={action} />
                    <button type="submit" class={action === 'refund' ? 'danger' : 'secondary'}>
                      {label}
                    </button>
                  </form>
                ))}
              </div>
            </div>
          ) : null}
        </section>
      </>,
      status,
    )
  }

  web.get(
    '/ops/orders',
    kit.operator(async (c, ctx) => {
      const raw = c.req.query('orderId') ?? ''
      return ordersPage(c, ctx, [], /^\d{1,32}$/.test(raw) ? raw : '')
    }),
  )

  web.post(
    '/ops/orders/purchase',
    kit.operator(async (c, ctx) => {
      const input = field(ctx.form, 'code')
      const code = /\/s\/([\w-]+)\/?$/.exec(input)?.[1] ?? input
      const skuId = field(ctx.form, 'skuId')
      const quantity = Number(field(ctx.form, 'quantity') || 1)
      return adminTry(
        c,
        ctx,
        async () => {
          const r = await ctx.admin.call('POST', '/purchases', {
            code,
            ...(skuId ? { skuId } : {}),
            quantity: Number.isInteger(quantity) && quantity > 0 ? quantity : 1,
          })
          return ordersPage(c, ctx, [{ kind: 'ok', text: `已下单：${r.orderId}` }], r.orderId)
        },
        (flash) => ordersPage(c, ctx, flash, '', 400),
      )
    }),
  )

  web.post(
    '/ops/orders/transition',
    kit.operator(async (c, ctx) => {
      const orderId = field(ctx.form, 'orderId')
      const action = field(ctx.form, 'action')
      const label: Record<string, string> = {
        'confirm-receipt': '已确认收货',
        settle: '已结算',
        refund: '已退款，佣金取消',
      }
      if (!label[action])
        return ordersPage(c, ctx, [{ kind: 'error', text: '未知操作。' }], orderId, 400)
      return adminTry(
        c,
        ctx,
        async () => {
          await ctx.admin.call('POST', path`/orders/${orderId}/${action}`)
          return ordersPage(c, ctx, [{ kind: 'ok', text: `${label[action]}。` }], orderId)
        },
        (flash) => ordersPage(c, ctx, flash, orderId, 400),
      )
    }),
  )

  web.post(
    '/ops/orders/clock',
    kit.operator(async (c, ctx) => {
      const seconds = Number(field(ctx.form, 'seconds'))
      return adminTry(
        c,
        ctx,
        async () => {
          const r = await ctx.admin.call('POST', '/clock/advance', { seconds })
          const orderId = field(ctx.form, 'orderId')
          return ordersPage(
            c,
            ctx,
            [
              {
                kind: 'ok',
                text: `服务器时间已到 ${dateTime(r.now)}，本次结算 ${r.settled} 笔订单。`,
              },
            ],
            /^\d{1,32}$/.test(orderId) ? orderId : '',
          )
        },
        (flash) => ordersPage(c, ctx, flash, '', 400),
      )
    }),
  )
}
