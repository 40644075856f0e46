/**
 * Operator catalogue API: NDJSON import of categories, shops and products, and the 精选 pool.
 * Registered after routes/admin.ts, whose `/admin/v1/*` middleware (adminAuth) guards it.
 *
 * - `POST /admin/v1/import/{categories|shops|products}`, body NDJSON (one JSON object a line):
 *   an idempotent upsert by id. Answers `{applied, errors: [{line, reason}]}`; a bad line is
 *   reported and nothing of it is applied, the good lines are applied.
 * - `POST /admin/v1/selection {productIds}` adds products to the 精选 pool,
 *   `DELETE /admin/v1/selection {productIds}` removes them. Answers `{updated, unknown}`.
 * @module
 */
import type { Hono } from 'hono'
import { z } from 'zod'
import { WechatError } from '../http/wechat-error.ts'
import { type ImportKind, importNdjson } from '../services/catalogue-import.ts'
import { setSelected } from '../services/catalogue-write.ts'
import type { Services } from '../services/index.ts'
import { adminBody } from './admin.ts'

const Selection = z.object({
  productIds: z
    .array(z.union([z.string().min(1), z.number().int().transform(String)]))
    .min(1)
    .max(10_000),
})

const KINDS: readonly ImportKind[] = ['categories', 'shops', 'products']

export function registerAdminCatalogue(app: Hono, s: Services): void {
  app.post('/admin/v1/import/:kind', async (c) => {
    const kind = c.req.param('kind') as ImportKind
    if (!KINDS.includes(kind)) {
      throw new WechatError(
        40066,
        `invalid url: import kind must be one of ${KINDS.join(', ')}`,
        404,
      )
    }
    const text = await c.req.text()
    const result = await importNdjson(s.catalogue.db, kind, text)
    s.catalogue.invalidate()
    return c.json(result)
  })
  app.post('/admin/v1/selection', async (c) => {
    const { productIds } = await adminBody(c, Selection)
    const result = await setSelected(s.catalogue.db, productIds, 1)
    s.catalogue.invalidate()
    return c.json(result)
  })
  app.delete('/admin/v1/selection', async (c) => {
    const { productIds } = await adminBody(c, Selection)
    const result = await setSelected(s.catalogue.db, productIds, 0)
    s.catalogue.invalidate()
    return c.json(result)
  })
}
