/**
 * `GET /img/:kind/:id.svg`: deterministic SVG placeholders for the demo catalogue's product,
 * detail, SKU and shop images and the sharers' avatars, so demo data never points at external URLs.
 * @module
 */
import type { AppHono } from '../http/env.ts'

const KINDS = new Set(['head', 'detail', 'sku', 'shop', 'avatar'])

/** FNV-1a of `s`: picks a stable colour per image. */
function hash(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193)
  return h >>> 0
}

/** The SVG of image `id` of `kind`. */
export function placeholderSvg(kind: string, id: string): string {
  const h = hash(`${kind}/${id}`)
  const hue = h % 360
  const label = `${kind} ${id}`.replace(/[^\w .-]/g, '').slice(0, 40)
  return `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400" viewBox="0 0 400 400"><rect width="400" height="400" fill="hsl(${hue},55%,78%)"/><circle cx="200" cy="170" r="${60 + (h % 50)}" fill="hsl(${(hue + 40) % 360},50%,60%)"/><text x="200" y="350" font-family="sans-serif" font-size="22" text-anchor="middle" fill="#333">${label}</text></svg>`
}

export function registerImages(app: AppHono): void {
  app.get('/img/:kind/:file', (c) => {
    const kind = c.req.param('kind')
    const file = c.req.param('file')
    const m = /^([\w-]{1,64})\.svg$/.exec(file)
    if (!KINDS.has(kind) || !m) return c.text('not found', 404)
    c.header('cache-control', 'public, max-age=86400, immutable')
    return c.body(placeholderSvg(kind, m[1]!), 200, { 'content-type': 'image/svg+xml' })
  })
}
