/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * What every console route shares: the session guard per kind, CSRF checks on every POST, the
 * API clients bound to the session's credential, rendering with security headers, and the
 * sign-out that follows a dead access_token.
 * @module
 */

import { APIError, pageSecurityHeaders, type TuikeClient } from '@tuike/sdk'
import { type Context, Hono } from 'hono'
import type { Child } from 'hono/jsx'
import {
  inProcessClient,
  isKeyRefused,
  isSignedOut,
  plainErrmsg,
  type RequestTarget,
} from './client.ts'
import { withTimeZone } from './format.ts'
import { ErrorBox, type Flash, Layout } from './layout.tsx'
import {
  clearSessionCookie,
  type Session,
  type SessionKind,
  type SessionStore,
  sameSecret,
  sessionId,
  timeZoneOf,
} from './session.ts'
import { type Result, ResultStash } from './stash.ts'

export interface Kit {
  app: RequestTarget
  sessions: SessionStore
  /** Results of POSTs waiting for the GET they redirect to. */
  stash: ResultStash
  /** Whether the server runs a test clock (the operator page offers to advance it). */
  testClock: boolean
  promoter(
    handler: (c: Context, s: PromoterCtx) => Promise<Response>,
  ): (c: Context) => Promise<Response>
  operator(
    handler: (c: Context, s: OperatorCtx) => Promise<Response>,
  ): (c: Context) => Promise<Response>
  /** A 机构's pages: the SDK signed in with the 机构's access_token (`api.store`). */
  institution(
    handler: (c: Context, s: PromoterCtx) => Promise<Response>,
  ): (c: Context) => Promise<Response>
}

/** The sign-in page of each kind of session. */
const LOGIN: Record<SessionKind, string> = {
  promoter: '/login',
  operator: '/ops/login',
  institution: '/inst/login',
}

export interface PromoterCtx {
  session: Session
  /** The SDK, signed in with the promoter's access_token. */
  api: TuikeClient
  /** Parsed form of a POST (already CSRF-checked). */
  form: Record<string, string | File | (string | File)[]>
}

export interface OperatorCtx {
  session: Session
  /** The SDK's operator API, with the session's admin key. */
  admin: TuikeClient['admin']
  form: Record<string, string | File | (string | File)[]>
}

/** The page headers (`pageSecurityHeaders`): `styleSrc` allows one inline stylesheet by hash. */
export function secure(c: Context, styleSrc?: string): void {
  const headers: Record<string, string> = pageSecurityHeaders(styleSrc)
  for (const name of Object.keys(headers)) c.header(name, headers[name])
}

/** Render a full page. */
export async function page(
  c: Context,
  props: { title: string; active?: string; session?: Session; flash?: Flash[] },
  body: Child,
  status = 200,
): Promise<Response> {
  secure(c)
  return c.html(<Layout {...props}>{body}</Layout>, status as 200)
}

/** The form value `name` as one string ('' when absent). */
export function field(form: Record<string, unknown>, name: string): string {
  const v = form[name]
  if (Array.isArray(v)) return typeof v[0] === 'string' ? v[0].trim() : ''
  return typeof v === 'string' ? v.trim() : ''
}

/** All string values of a repeated form field. */
export function fields(form: Record<string, unknown>, name: string): string[] {
  const v = form[name] ?? form[`${name}[]`]
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v]
  return list
    .filter((x): x is string => typeof x === 'string' && x.trim() !== '')
    .map((x) => x.trim())
}

/** The origin the browser used: in-process API calls use it, so short links match it. */
export function origin(c: Context): string {
  return new URL(c.req.url).origin
}

/** A readable message for an API failure. */
export function describe(err: unknown): string {
  if (err instanceof APIError)
    return `${plainErrmsg(err.errmsg)}（错误码 ${err.errcode ?? `HTTP ${err.status}`}）`
  return '服务器出错了，请稍后重试。'
}

export function createKit(app: RequestTarget, sessions: SessionStore, testClock: boolean): Kit {
  function guard<T>(
    kind: SessionKind,
    build: (c: Context, session: Session, form: PromoterCtx['form']) => T,
    handler: (c: Context, ctx: T) => Promise<Response>,
  ) {
    return async (c: Context): Promise<Response> => {
      const id = sessionId(c, kind)
      const session = await sessions.get(id, kind)
      const login = LOGIN[kind]
      if (!session) {
        if (id) clearSessionCookie(c, kind)
        const next = new URL(c.req.url)
        const to = c.req.method === 'GET' ? `${next.pathname}${next.search}` : undefined
        const q = new URLSearchParams()
        if (id) q.set('m', 'expired')
        if (to && to !== '/' && to !== '/ops/promoters' && to !== '/inst') q.set('next', to)
        return c.redirect(`${login}${q.size ? `?${q}` : ''}`, 303)
      }
      let form: PromoterCtx['form'] = {}
      if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
        const type = c.req.header('content-type') ?? ''
        if (type.includes('form')) form = await c.req.parseBody({ all: true })
        const token = c.req.header('x-csrf-token') ?? field(form, '_csrf')
        if (!sameSecret(token, session.csrf)) {
          return page(
            c,
            { title: '请求已失效', session },
            <ErrorBox
              text="表单已过期或来源不明（CSRF 校验失败），操作未执行。请返回页面后重试。"
              retry={new URL(c.req.url).pathname}
            />,
            403,
          )
        }
      }
      try {
        return await withTimeZone(timeZoneOf(c), () => handler(c, build(c, session, form)))
      } catch (err) {
        if (kind !== 'operator' && isSignedOut(err)) {
          if (id) await sessions.destroy(id)
          clearSessionCookie(c, kind)
          const disabled = err instanceof APIError && err.errcode === 48001
          return c.redirect(`${login}?m=${disabled ? 'disabled' : 'expired'}`, 303)
        }
        if (kind === 'operator' && isKeyRefused(err)) {
          if (id) await sessions.destroy(id)
          clearSessionCookie(c, kind)
          return c.redirect(`${login}?m=expired`, 303)
        }
        return page(
          c,
          { title: '出错了', session },
          <ErrorBox text={describe(err)} retry={c.req.method === 'GET' ? c.req.url : undefined} />,
          err instanceof APIError ? 502 : 500,
        )
      }
    }
  }
  const signedIn = (c: Context, session: Session, form: PromoterCtx['form']): PromoterCtx => ({
    session,
    form,
    api: inProcessClient(app, origin(c), { accessToken: session.credential }),
  })
  return {
    app,
    sessions,
    stash: new ResultStash(),
    testClock,
    promoter: (handler) => guard('promoter', signedIn, handler),
    institution: (handler) => guard('institution', signedIn, handler),
    operator: (handler) =>
      guard(
        'operator',
        (c, session, form) => ({
          session,
          form,
          admin: inProcessClient(app, origin(c), { adminKey: session.credential }).admin,
        }),
        handler,
      ),
  }
}

/** The 303 after a POST: `result` waits for the page at `path` (`?r=`), taken once. */
export function redirectWith(
  c: Context,
  kit: Kit,
  session: Session,
  path: string,
  result: Result,
): Response {
  const token = kit.stash.put(session.csrf, result)
  return c.redirect(`${path}${path.includes('?') ? '&' : '?'}r=${token}`, 303)
}

/** What the POST before this GET left for it (empty when reloaded or gone). */
export function resultOf<T>(c: Context, kit: Kit, session: Session): Result<T> {
  return kit.stash.take<T>(session.csrf, c.req.query('r')) ?? { flash: [] }
}

/** The `?done=` message of a page after a redirect, as a flash. */
export function doneFlash(c: Context, messages: Record<string, string>): Flash[] {
  const text = messages[c.req.query('done') ?? '']
  return text ? [{ kind: 'ok', text }] : []
}

type Guard<C> = (
  handler: (c: Context, ctx: C) => Promise<Response>,
) => (c: Context) => Promise<Response>

/** A page's sub-app with its GET at `path` behind `guard` (`kit.promoter`, `kit.operator`). */
function getPage<C>(
  guard: Guard<C>,
  path: string,
  handler: (c: Context, ctx: C) => Promise<Response>,
) {
  const web = new Hono()
  web.get(path, guard(handler))
  return web
}

/** A page whose GET shows the `?done=` message of `done` after a change redirected to it. */
export function donePage<C>(
  guard: Guard<C>,
  path: string,
  done: Record<string, string>,
  render: (c: Context, ctx: C, flash: Flash[]) => Promise<Response>,
): Hono {
  return getPage(guard, path, (c, ctx) => render(c, ctx, doneFlash(c, done)))
}

/** A page whose GET shows what the POST before it left (`resultOf`). */
export function resultPage<C extends { session: Session }, T>(
  kit: Kit,
  guard: Guard<C>,
  path: string,
  show: (c: Context, ctx: C, result: Result<T>) => Promise<Response>,
): Hono {
  return getPage(guard, path, (c, ctx) => show(c, ctx, resultOf<T>(c, kit, ctx.session)))
}

/** A sub-app of one promoter page at `path` (GET). */
export function promoterGetPage(
  kit: Kit,
  path: string,
  handler: (c: Context, ctx: PromoterCtx) => Promise<Response>,
): Hono {
  return getPage(kit.promoter, path, handler)
}
