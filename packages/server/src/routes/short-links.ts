/**
 * The buyer side of materials: `GET /s/:code` (a server-rendered, mobile-first landing page that
 * counts a click), `POST /s/:code/buy` (the Buy button; the order is attributed only through a
 * valid ticket) and `GET /s/:code/qr.png` (a QR code of the short link). The successor API's
 * materials open the same page at `GET /shop/a/:code` (its http_short_link) with their QR code at
 * `GET /qr/:code.png`. Pages load nothing from other origins: only same-origin images are shown.
 * @module
 */
import { createHash } from 'node:crypto'
import { controlCharacterPath, pageSecurityHeaders, yuan } from '@tuike/contract'
import type { Context } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import QRCode from 'qrcode'
import { nowSeconds, systemClock } from '../clock.ts'
import { clientAddress } from '../http/client-address.ts'
import type { AppContext, AppHono } from '../http/env.ts'
import { statusOf } from '../http/errors.ts'
import { randomHex, safeEqual } from '../security/hash.ts'
import { notAClick } from '../security/visits.ts'
import { WechatError } from '../services/errors.ts'
import type { Services } from '../services/index.ts'
import type { Landing } from '../services/materials.ts'
import type { QuotaCounter } from '../services/quota.ts'

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** HTML-escape text and attribute values. */
export function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (ch) => ESCAPES[ch]!)
}

/**
 * Same-origin images only: a landing page makes no request elsewhere. Decided by URL parsing, as
 * the browser will read it (`/\\host/x.png` and `/<TAB>/host/x.png` are other hosts).
 */
function localImage(src: string, base: string): string | undefined {
  try {
    const url = new URL(src, base)
    return url.origin === new URL(base).origin ? url.pathname + url.search : undefined
  } catch {
    return undefined
  }
}

const STYLE = `*{box-sizing:border-box}body{margin:0;font:16px/1.5 -apple-system,system-ui,"PingFang SC",sans-serif;background:#f5f5f5;color:#222}
main{max-width:560px;margin:0 auto;background:#fff;min-height:100vh}
.imgs{display:flex;overflow-x:auto;scroll-snap-type:x mandatory}.imgs img{width:100%;flex:none;scroll-snap-align:start;aspect-ratio:1;object-fit:cover;background:#eee}
section{padding:12px 16px}h1{font-size:18px;margin:4px 0}.sub{color:#888;font-size:14px}
.price{color:#e4393c;font-size:24px;font-weight:600}.was{color:#999;text-decoration:line-through;font-size:14px;margin-left:8px}
.coupon{display:inline-block;border:1px solid #e4393c;color:#e4393c;border-radius:4px;padding:0 6px;font-size:13px}
label{display:block;margin:10px 0 4px;font-size:14px;color:#555}select,input{width:100%;font-size:16px;padding:8px;border:1px solid #ccc;border-radius:6px}
button{width:100%;margin-top:16px;padding:12px;font-size:17px;color:#fff;background:#07c160;border:0;border-radius:8px}
.note{font-size:12px;color:#999;padding:0 16px 24px}`

/** The landing page's only inline content, allowed by the Content-Security-Policy by its hash. */
const STYLE_SRC = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`

/** A page of the emulator's mobile pages (this landing page, the wx.openBusinessView stand-in). */
export function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`
}

function landingPage(l: Landing, base: string, csrf: string): string {
  const p = l.product
  const imgs = (JSON.parse(p.head_img) as string[]).flatMap((src) => {
    const local = localImage(src, base)
    return local ? [`<img src="${esc(local)}" alt="">`] : []
  })
  const couponOn = l.material.coupon === 1 && p.has_coupon === 1
  const minPrice = Number(p.min_price)
  const price = couponOn ? Number(p.discount_price) : minPrice
  const options = l.skus
    .map(
      (s) =>
        `<option value="${esc(s.id)}"${Number(s.stock) <= 0 ? ' disabled' : ''}>${esc(s.sku_code || s.id)} · ${esc(yuan(Number(s.sale_price)))}${Number(s.stock) <= 0 ? ' (售罄)' : ''}</option>`,
    )
    .join('')
  return page(
    p.title,
    `${imgs.length ? `<div class="imgs">${imgs.join('')}</div>` : ''}
<section><div><span class="price">${esc(yuan(price))}</span>${couponOn ? `<span class="was">${esc(yuan(minPrice))}</span>` : ''}</div>
${couponOn ? `<span class="coupon">券后价 · 优惠 ${esc(yuan(minPrice - price))}</span>` : ''}
<h1>${esc(p.title)}</h1>${p.sub_title ? `<div class="sub">${esc(p.sub_title)}</div>` : ''}
<div class="sub">${esc(l.shop.name)} · 库存 ${esc(Number(p.stock))}</div></section>
<section><form method="post" action="/s/${esc(l.material.code)}/buy">
<input type="hidden" name="ticket" value="${esc(l.ticket)}">
<input type="hidden" name="csrf" value="${esc(csrf)}">
<label for="sku">规格</label><select id="sku" name="skuId">${options}</select>
<label for="q">数量</label><input id="q" name="quantity" type="number" min="1" value="1" inputmode="numeric">
<label for="u">unionid（可选）</label><input id="u" name="unionid" autocomplete="off" maxlength="128">
<button type="submit">立即购买</button></form></section>
<p class="note">Tuike demo store: buying here records a simulated paid order.</p>`,
  )
}

/** The page headers, with the landing page's one inline stylesheet allowed by its hash. */
export function secure(c: Context): void {
  for (const [name, value] of Object.entries(pageSecurityHeaders(STYLE_SRC))) c.header(name, value)
}

/** A page with one message. */
export function message(c: Context, status: ContentfulStatusCode, title: string, text: string) {
  secure(c)
  return c.html(page(title, `<section><h1>${esc(title)}</h1><p>${esc(text)}</p></section>`), status)
}

/** A Buy quantity: decimal digits only (not `0x2`, `1e1` or ` 3`), 1 to 10,000; absent is 1. */
function quantityOf(value: unknown): number | undefined {
  if (value === undefined) return 1
  if (typeof value !== 'string' || !/^[0-9]{1,5}$/.test(value)) return undefined
  const n = Number(value)
  return n >= 1 && n <= 10_000 ? n : undefined
}

/** The first-party cookie the Buy form's CSRF token is tied to (double submit, signed). */
const BROWSER_COOKIE = 'tuike_buyer'
/** Buy form posts per client address and minute (docs/security.md, "The Buy form"). */
export const BUY_LIMIT = { limit: 30, windowSeconds: 60 }

/** The page's browser cookie value, set when the browser has none (or a malformed one). */
function browserId(c: AppContext): string {
  const have = getCookie(c, BROWSER_COOKIE)
  if (have && /^[0-9a-f]{32}$/.test(have)) return have
  const id = randomHex(16)
  setCookie(c, BROWSER_COOKIE, id, {
    path: '/s/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: new URL(c.req.url).protocol === 'https:',
  })
  return id
}

export function registerShortLinks(
  app: AppHono,
  s: Services,
  trustProxy: boolean,
  quota: QuotaCounter,
): void {
  const landing = async (c: AppContext, code: string) => {
    const base = s.materials.baseUrl(c.req.url)
    const l = await s.materials.landing(code, base)
    if (!l) return message(c, 404, '链接已失效', 'This link does not exist.')
    // A disabled promoter's link sells nothing (docs/security.md): no click, no Buy form.
    if ((await s.promoters.get(l.material.appid)).status !== 'active') {
      return message(c, 410, '链接已失效', 'This promoter link is no longer active.')
    }
    if (!notAClick(c.req.method, (name) => c.req.header(name))) {
      const visitor = s.materials.visitor(
        clientAddress(c, trustProxy) ?? '',
        c.req.header('user-agent') ?? '',
      )
      await s.materials.click(l.material.code, l.material.pid, visitor)
    }
    const csrf = s.materials.formToken(l.material.code, browserId(c))
    secure(c)
    c.header('cache-control', 'no-store')
    return c.html(landingPage(l, base, csrf))
  }
  const qr = async (c: AppContext, code: string) => {
    const l = await s.materials.landing(code, s.materials.baseUrl(c.req.url))
    if (!l) return message(c, 404, '链接已失效', 'This link does not exist.')
    const png = await QRCode.toBuffer(l.url, { type: 'png', margin: 2, width: 360 })
    // A code always names the same material, so its image never changes.
    return c.body(new Uint8Array(png), 200, {
      'content-type': 'image/png',
      'cache-control': 'public, max-age=31536000, immutable',
    })
  }
  app.get('/s/:code', (c) => landing(c, c.req.param('code')))
  app.get('/shop/a/:code', (c) => landing(c, c.req.param('code')))
  app.get('/s/:code/qr.png', (c) => qr(c, c.req.param('code')))
  app.get('/qr/:file', (c) => qr(c, c.req.param('file').replace(/\.png$/, '')))

  app.post('/s/:code/buy', async (c) => {
    const address = clientAddress(c, trustProxy) ?? ''
    // Counted where quotas are (the cluster primary, or Redis), so N workers or instances allow
    // the limit once, not N times. Real time: a --test-clock server's windows would never end.
    const { limit, windowSeconds } = BUY_LIMIT
    const now = nowSeconds(systemClock)
    if (!(await quota.take(`buy:${address}`, limit, windowSeconds, now))) {
      c.header('retry-after', String(windowSeconds - (now % windowSeconds)))
      return message(c, 429, '操作太频繁', 'Too many purchases from this address; try again later.')
    }
    const form = await c.req.parseBody()
    const code = s.materials.verifyTicket(String(form.ticket ?? ''))
    // A forged or altered ticket, or one for another link, attributes nothing: no order.
    if (!code || code !== c.req.param('code')) {
      return message(c, 400, '链接无效', 'This purchase link is not valid; nothing was ordered.')
    }
    // The token must match this browser's cookie: a form posted from another site has neither.
    const browser = getCookie(c, BROWSER_COOKIE) ?? ''
    if (!browser || !safeEqual(String(form.csrf ?? ''), s.materials.formToken(code, browser))) {
      return message(c, 403, '页面已过期', 'Open the link again and buy from its page.')
    }
    const quantity = quantityOf(form.quantity)
    if (quantity === undefined) {
      return message(c, 400, '数量无效', 'Quantity must be a whole number from 1 to 10000.')
    }
    if (controlCharacterPath(form)) {
      return message(c, 400, '内容无效', 'The form must not contain control characters.')
    }
    try {
      const skuId = typeof form.skuId === 'string' && form.skuId ? form.skuId : undefined
      const unionid =
        typeof form.unionid === 'string' && form.unionid.trim()
          ? form.unionid.trim().slice(0, 128)
          : undefined
      const { orderId } = await s.materials.purchase({ code, skuId, quantity, unionid })
      return message(c, 200, '下单成功', `Order ${orderId} is paid.`)
    } catch (err) {
      if (err instanceof WechatError && (err.fault === 'conflict' || err.fault === 'not_found')) {
        return message(c, statusOf(err.fault), '无法下单', err.message)
      }
      throw err
    }
  })
}
