/**
 * The operator API under /admin/v1, behind `Authorization: Bearer <admin key>`.
 * @module
 */
import { CONTROL_CHARACTERS_MESSAGE, controlCharacterPath } from '@tuike/contract'
import type { Context, Hono, MiddlewareHandler } from 'hono'
import { z } from 'zod'
import { WechatError } from '../http/wechat-error.ts'
import type { Services } from '../services/index.ts'

const CreatePromoter = z.object({ name: z.string().trim().min(1).max(64) })
const Quota = z.number().int().min(0).max(1_000_000_000).nullable()
/** Spot cap and union quotas (null: back to the server default; 0: no quota). */
const PatchPromoter = z
  .object({
    promotionMaxCnt: z.number().int().min(0).max(100_000).optional(),
    minuteQuota: Quota.optional(),
    dailyQuota: Quota.optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, {
    message: 'give promotionMaxCnt, minuteQuota or dailyQuota',
  })

/** `Authorization: Bearer <admin key>` check for everything under /admin/v1 (401 otherwise). */
export function adminAuth(s: Services): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? ''
    const key = header.startsWith('Bearer ') ? header.slice(7).trim() : ''
    if (!key || !(await s.settings.checkAdminKey(key))) {
      throw new WechatError(
        40001,
        'invalid admin key (send Authorization: Bearer <admin key>)',
        401,
      )
    }
    await next()
  }
}

/** Read and validate a JSON admin body: 47001 when not JSON, 200002 naming the field (HTTP 400). */
export async function adminBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.output<T>> {
  let raw: unknown
  try {
    raw = await c.req.json()
  } catch {
    throw new WechatError(47001, 'data format error: the body must be JSON', 400)
  }
  const control = controlCharacterPath(raw)
  if (control) {
    throw new WechatError(
      200002,
      `${control.join('.') || 'body'}: ${CONTROL_CHARACTERS_MESSAGE}`,
      400,
    )
  }
  const parsed = schema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new WechatError(200002, `${issue.path.join('.') || 'body'}: ${issue.message}`, 400)
  }
  return parsed.data
}

export function registerAdmin(app: Hono, s: Services): void {
  app.use('/admin/v1/*', adminAuth(s))

  app.post('/admin/v1/promoters', async (c) => {
    const { name } = await adminBody(c, CreatePromoter)
    return c.json(await s.promoters.create(name), 201)
  })
  app.get('/admin/v1/promoters', async (c) => c.json({ promoters: await s.promoters.list() }))
  app.get('/admin/v1/promoters/:appid', async (c) =>
    c.json(await s.promoters.get(c.req.param('appid'))),
  )
  app.post('/admin/v1/promoters/:appid/disable', async (c) =>
    c.json(await s.promoters.setStatus(c.req.param('appid'), 'disabled')),
  )
  app.post('/admin/v1/promoters/:appid/enable', async (c) =>
    c.json(await s.promoters.setStatus(c.req.param('appid'), 'active')),
  )
  app.post('/admin/v1/promoters/:appid/rotate-secret', async (c) =>
    c.json(await s.promoters.rotateSecret(c.req.param('appid'))),
  )
  app.patch('/admin/v1/promoters/:appid', async (c) => {
    return c.json(await s.promoters.update(c.req.param('appid'), await adminBody(c, PatchPromoter)))
  })
}
