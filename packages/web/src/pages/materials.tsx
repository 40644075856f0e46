/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * Promotion materials: pick products and a spot, optional customizeInfo, then product/generate;
 * shows wording, short links, tags and the QR code of each short link (`/s/<code>/qr.png`),
 * with copy and download buttons.
 * @module
 */

import { APIError, type GeneratedMaterial, type Promotion, type UnionProduct } from '@tuike/sdk'
import type { Context, Hono } from 'hono'
import { allSpots } from '../data.ts'
import { yuan } from '../format.ts'
import {
  describe,
  field,
  fields,
  type Kit,
  type PromoterCtx,
  page,
  redirectWith,
  resultPage,
} from '../kit.tsx'
import { Csrf, Empty, ErrorBox, type Flash, SpotSelect, Submit } from '../layout.tsx'
import type { Session } from '../session.ts'
import { localImage } from './products.tsx'

/** Product ids from repeated fields and comma/space lists, deduplicated, at most 50. */
function productIds(values: string[]): string[] {
  return [
    ...new Set(values.flatMap((v) => v.split(/[\s,，]+/)).filter((v) => /^\d{1,24}$/.test(v))),
  ].slice(0, 50)
}

async function lookUp(api: PromoterCtx['api'], ids: string[]): Promise<UnionProduct[]> {
  if (!ids.length) return []
  const res = await api.products.list({ from: 0, limit: 50, productId: ids })
  return res.productList
}

/** The short code of a Tuike short link (`…/s/<code>`). */
function codeOf(url: string): string | undefined {
  return /\/s\/([\w-]+)$/.exec(url)?.[1]
}

function CopyField(props: { id: string; label: string; value: string; multiline?: boolean }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <div class="copyrow">
        {props.multiline ? (
          <textarea id={props.id} readonly rows={6}>
            {props.value}
          </textarea>
        ) : (
          <input id={props.id} readonly value={props.value} />
        )}
        <button
          type="button"
          class="secondary"
          data-copy={props.id}
          aria-describedby={`${props.id}-status`}
        >
          复制
        </button>
      </div>
      <div class="copied" id={`${props.id}-status`} role="status" aria-live="polite"></div>
    </div>
  )
}

/** A link of a material: the plain one and, with a coupon, the 带券 one. */
type Link = { kind: string; url: string; wording: string; tag: string; path: string }

function linksOf(s: GeneratedMaterial['shareInfo']): Link[] {
  if (!s) return []
  const plain = {
    kind: '',
    url: s.promotionUrl,
    wording: s.promotionWording,
    tag: s.promotionTag,
    path: s.path,
  }
  if (!s.couponPromotionUrl) return [plain]
  return [
    plain,
    {
      kind: '（带券）',
      url: s.couponPromotionUrl,
      wording: s.couponPromotionWording ?? '',
      tag: s.couponPromotionTag ?? '',
      path: s.couponPath ?? '',
    },
  ]
}

/** A link's QR code, its download, the poster console.js draws, and the link itself. */
function Qr(props: {
  code: string
  id: string
  link: Link
  info: GeneratedMaterial['productInfo']
  img: string | undefined
}) {
  const { code, id, link: l, info } = props
  return (
    <div class="qr">
      <img
        src={`/s/${code}/qr.png`}
        alt={`${info.title} 的推广二维码${l.kind}`}
        width="200"
        height="200"
      />
      <div class="actions">
        <a class="button secondary" href={`/s/${code}/qr.png`} download={`tuike-${code}.png`}>
          下载二维码
        </a>
        <button
          type="button"
          class="secondary"
          id={`${id}-poster`}
          hidden
          data-poster=""
          data-img={props.img ?? ''}
          data-title={info.title}
          data-price={yuan(Math.min(info.discountPrice, info.minPrice))}
          data-coupon={
            info.discountPrice < info.minPrice ? `券后价 · 原价 ${yuan(info.minPrice)}` : ''
          }
          data-qr={`/s/${code}/qr.png`}
          data-file={`tuike-poster-${code}.png`}
        >
          下载海报
        </button>
        <span class="copied" id={`${id}-poster-status`} role="status"></span>
        <a href={l.url} target="_blank" rel="noopener">
          打开链接
        </a>
      </div>
    </div>
  )
}

function Material(props: { m: GeneratedMaterial; i: number }) {
  const { m, i } = props
  const img = localImage(m.productInfo.headImg[0])
  const links = linksOf(m.shareInfo)
  return (
    <article class="card material-card" aria-labelledby={`m-${i}`}>
      <h2 id={`m-${i}`}>
        {img ? <img src={img} alt="" width="40" height="40" class="thumb" /> : null}
        {m.productInfo.title}
      </h2>
      <p class="muted">
        {m.productInfo.shopName} · {yuan(m.productInfo.minPrice)}
        {m.productInfo.discountPrice < m.productInfo.minPrice
          ? ` · 券后 ${yuan(m.productInfo.discountPrice)}`
          : ''}
      </p>
      {links.length ? (
        links.map((l, j) => {
          const code = codeOf(l.url)
          const id = `m${i}-${j}`
          return (
            <div class="material">
              <div>
                <CopyField id={`${id}-url`} label={`短链接${l.kind}`} value={l.url} />
                <CopyField
                  id={`${id}-wording`}
                  label={`推广文案${l.kind}`}
                  value={l.wording}
                  multiline
                />
                <CopyField id={`${id}-tag`} label={`小程序标签${l.kind}`} value={l.tag} />
                <CopyField id={`${id}-path`} label={`小程序路径${l.kind}`} value={l.path} />
              </div>
              {code ? <Qr code={code} id={id} link={l} info={m.productInfo} img={img} /> : null}
            </div>
          )
        })
      ) : (
        <ErrorBox text="该商品暂时无法推广（店铺已停用小商店组件）。" />
      )}
    </article>
  )
}

function GenerateForm(props: {
  session: Session
  spots: Promotion[]
  products: UnionProduct[]
  chosen: { pid?: string; customizeInfo?: string }
}) {
  const { session, spots, products, chosen } = props
  return (
    <form method="post" action="/materials" class="card">
      <Csrf session={session} />
      <fieldset>
        <legend>商品</legend>
        {products.length ? (
          products.map((p) => (
            <label class="check">
              <input type="checkbox" name="productId" value={p.productId} checked />
              {p.product.info.title}
              <span class="muted mono">{p.productId}</span>
            </label>
          ))
        ) : (
          <p class="muted">
            还没有选择商品。可以在<a href="/products">商品</a>页勾选，或在下面填写商品 ID。
          </p>
        )}
        <div class="field">
          <label for="more">添加商品 ID（多个用逗号分隔）</label>
          <input id="more" name="more" inputmode="numeric" />
        </div>
      </fieldset>
      <div class="fields">
        <div class="field">
          <label for="pid">推广位</label>
          <SpotSelect id="pid" spots={spots} selected={chosen.pid} />
        </div>
        <div class="field">
          <label for="ci">自定义参数 customizeInfo（选填，最多 80 字）</label>
          <input id="ci" name="customizeInfo" maxlength={80} value={chosen.customizeInfo ?? ''} />
        </div>
      </div>
      <Submit label="生成推广素材" />
    </form>
  )
}

/** The materials page: the chosen products, the spot, and what was generated. */
async function render(
  c: Context,
  ctx: PromoterCtx,
  ids: string[],
  chosen: { pid?: string; customizeInfo?: string },
  result?: GeneratedMaterial[],
  flash: Flash[] = [],
  status = 200,
) {
  const [{ spots }, products] = await Promise.all([allSpots(ctx.api), lookUp(ctx.api, ids)])
  return page(
    c,
    { title: '推广素材', active: '/materials', session: ctx.session, flash },
    <>
      {spots.length ? (
        <GenerateForm session={ctx.session} spots={spots} products={products} chosen={chosen} />
      ) : (
        <Empty>
          生成素材需要一个推广位。<a href="/spots">先添加推广位</a>
        </Empty>
      )}
      {result ? (
        result.length ? (
          <section aria-label="生成结果">
            {result.map((m, i) => (
              <Material m={m} i={i} />
            ))}
          </section>
        ) : (
          <Empty>没有生成任何素材。</Empty>
        )
      ) : null}
    </>,
    status,
  )
}

/** What a generation leaves for the page it redirects to. */
type Generated = { list: GeneratedMaterial[]; chosen: { pid?: string; customizeInfo?: string } }

export function materialsPage(kit: Kit): Hono {
  const web = resultPage<PromoterCtx, Generated>(kit, kit.promoter, '/materials', (c, ctx, r) => {
    const ids = productIds(c.req.queries('productId') ?? [])
    return render(c, ctx, ids, r.data?.chosen ?? {}, r.data?.list, r.flash)
  })

  web.post(
    '/materials',
    kit.promoter(async (c, ctx) => {
      const ids = productIds([...fields(ctx.form, 'productId'), field(ctx.form, 'more')])
      const pid = field(ctx.form, 'pid')
      const customizeInfo = field(ctx.form, 'customizeInfo')
      const chosen = { pid, customizeInfo }
      if (!ids.length) {
        return render(
          c,
          ctx,
          ids,
          chosen,
          undefined,
          [{ kind: 'error', text: '请至少选择一个商品。' }],
          400,
        )
      }
      const products = await lookUp(ctx.api, ids)
      const missing = ids.filter((id) => !products.some((p) => p.productId === id))
      if (!products.length) {
        const text = `找不到商品：${missing.join('、')}`
        return render(c, ctx, ids, chosen, undefined, [{ kind: 'error', text }], 400)
      }
      try {
        const res = await ctx.api.products.generate({
          pid,
          productList: products.map((p) => ({
            productId: p.productId,
            appId: p.shopInfo.appId,
            ...(customizeInfo ? { customizeInfo } : {}),
          })),
        })
        const flash: Flash[] = [{ kind: 'ok', text: `已生成 ${res.list.length} 个推广素材。` }]
        if (missing.length) flash.push({ kind: 'error', text: `找不到商品：${missing.join('、')}` })
        const q = new URLSearchParams(ids.map((id) => ['productId', id]))
        return redirectWith(c, kit, ctx.session, `/materials?${q}`, {
          flash,
          data: { list: res.list, chosen },
        })
      } catch (err) {
        if (!(err instanceof APIError) || err.errcode === 40001 || err.errcode === 42001) throw err
        return render(
          c,
          ctx,
          ids,
          chosen,
          undefined,
          [{ kind: 'error', text: `生成失败：${describe(err)}` }],
          400,
        )
      }
    }),
  )
  return web
}
