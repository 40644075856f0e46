/**
 * Registers operator endpoints (`/admin/v1`) from the contract's admin table: the admin key
 * check, path parameters and body read and validated by the row's schemas, then the handler,
 * whose result is answered with the row's status. Errors carry real HTTP statuses.
 * @module
 */
import {
  ADMIN_ENDPOINTS,
  type AdminEndpoint,
  type AdminEndpointId,
  type AdminInput,
  type AdminResponse,
  parseAdminInput,
} from '@tuike/contract'
import type { MiddlewareHandler } from 'hono'
import { WechatError } from '../services/errors.ts'
import type { AppContext, AppEnv, AppHono } from './env.ts'

export interface AdminHandlerContext<E extends AdminEndpoint> {
  input: AdminInput<E>
  c: AppContext
}

export type AdminHandler<E extends AdminEndpoint> = (
  ctx: AdminHandlerContext<E>,
) => Promise<AdminResponse<E>>

/** A handler for every row of the admin table. */
export type AdminHandlers = {
  [K in AdminEndpointId]: AdminHandler<(typeof ADMIN_ENDPOINTS)[K]>
}

/**
 * `Authorization: Bearer <admin key>` check for everything under /admin/v1: 401 when wrong, 429
 * (45011) when too many wrong keys came in the last minute.
 */
export function adminAuth(
  check: (key: string, c: AppContext) => Promise<boolean>,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? ''
    const key = header.startsWith('Bearer ') ? header.slice(7).trim() : ''
    if (!key || !(await check(key, c))) {
      throw new WechatError(
        40001,
        'invalid admin key (send Authorization: Bearer <admin key>)',
        'unauthorized',
      )
    }
    await next()
  }
}

export function registerAdminEndpoint<E extends AdminEndpoint>(
  app: AppHono,
  ep: E,
  handler: AdminHandler<E>,
): void {
  app.on(ep.method, ep.path, async (c) => {
    const text = ep.body ? await c.req.text() : ''
    const parsed = parseAdminInput(ep, c.req.param(), text)
    if (!parsed.ok) throw new WechatError(parsed.errcode, parsed.errmsg, parsed.fault)
    return c.json(await handler({ input: parsed.value, c }), ep.status)
  })
}

/** Register every row of the admin table, behind the admin key. */
export function registerAdmin(
  app: AppHono,
  handlers: AdminHandlers,
  checkKey: (key: string, c: AppContext) => Promise<boolean>,
): void {
  app.use('/admin/v1/*', adminAuth(checkKey))
  const register = <K extends AdminEndpointId>(id: K) =>
    registerAdminEndpoint(app, ADMIN_ENDPOINTS[id], handlers[id])
  for (const id of Object.keys(ADMIN_ENDPOINTS) as AdminEndpointId[]) register(id)
}
