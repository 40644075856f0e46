/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * Sign-in and sign-out of both consoles. A promoter signs in with appid and secret: the console
 * exchanges them for an access_token through `POST /cgi-bin/stable_token` (which does not
 * supersede the tokens the promoter's own integrations hold) and keeps only the token, in the
 * session row. The operator signs in with the admin key, checked with `GET /admin/v1/promoters`.
 * @module
 */

import { APIError, type StableTokenResponse } from '@tuike/sdk'
import { type Context, Hono } from 'hono'
import type { Child } from 'hono/jsx'
import { inProcessClient, plainErrmsg } from '../client.ts'
import { field, type Kit, origin, page } from '../kit.tsx'
import { type Flash, Submit } from '../layout.tsx'
import {
  checkLoginCsrf,
  clearSessionCookie,
  loginCsrf,
  type SessionKind,
  sessionId,
  setSessionCookie,
} from '../session.ts'

const NOTICES: Record<string, Flash> = {
  expired: { kind: 'info', text: '登录已过期，请重新登录。' },
  'signed-out': { kind: 'ok', text: '已退出登录。' },
  disabled: { kind: 'error', text: '该推客账号已被停用，请联系运营。' },
}

/** Only same-site paths: `next` never sends the browser elsewhere. */
/** Where sign-in may send the browser: a path of this site, as the browser will parse it. */
function safeNext(value: string | undefined, fallback: string): string {
  if (!value?.startsWith('/')) return fallback
  // URL parsing drops tabs and newlines and reads `\` as `/`, as browsers do, so `/<TAB>/evil`
  // and `/\evil` come out as other hosts, and what is left is a clean path for Location.
  const here = 'http://console.invalid'
  try {
    const url = new URL(value, here)
    return url.origin === here ? url.pathname + url.search + url.hash : fallback
  } catch {
    return fallback
  }
}

/** The promoter-facing reason of a failed token call. */
function signInError(err: unknown): string {
  if (err instanceof APIError) {
    switch (err.errcode) {
      case 40013:
        return 'AppID 不存在，请检查后重试。'
      case 40125:
      case 40001:
        return 'AppSecret 不正确，请检查后重试。'
      case 48001:
        return '该推客账号已被停用，请联系运营。'
      case 45009:
        return '获取 access_token 的次数已达上限，请稍后再试。'
      case 45011:
        return `尝试次数过多，请稍后再试：${plainErrmsg(err.errmsg)}`
      default:
        return `登录失败：${plainErrmsg(err.errmsg)}（错误码 ${err.errcode}）`
    }
  }
  return '登录失败：服务器出错了，请稍后重试。'
}

/** Why the operator's key was refused: wrong, or too many wrong keys (45011, HTTP 429). */
function adminKeyError(err: unknown): string {
  if (err instanceof APIError && err.errcode === 45011)
    return `尝试次数过多，请稍后再试：${plainErrmsg(err.errmsg)}`
  return 'Admin key 不正确。'
}

/** A sign-in card: the login CSRF token, where to go next, the fields and a hint. */
function LoginCard(props: {
  action: string
  csrf: string
  next: string
  children: Child
  hint: Child
}) {
  return (
    <div class="login card">
      <form method="post" action={props.action} autocomplete="off">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <input type="hidden" name="next" value={props.next} />
        {props.children}
        <Submit label="登录" />
        <p class="hint">{props.hint}</p>
      </form>
    </div>
  )
}

/** The two sign-ins with appid and secret: a promoter's (union) and a 机构's (推客带货). */
const APP_SIGN_IN = {
  promoter: { path: '/login', home: '/', title: '推客登录', other: ['/inst/login', '机构登录'] },
  institution: {
    path: '/inst/login',
    home: '/inst',
    title: '机构登录',
    other: ['/login', '推客登录'],
  },
} as const

function AppLogin(props: {
  kind: keyof typeof APP_SIGN_IN
  csrf: string
  appid: string
  next: string
}) {
  const { path, other } = APP_SIGN_IN[props.kind]
  const hint = (
    <>
      AppSecret 只用来向服务器换取 access_token，不会保存在浏览器里。没有账号？请运营在
      <a href="/ops/login">运营控制台</a>创建。也可以从 <a href={other[0]}>{other[1]}</a> 进入。
    </>
  )
  return (
    <LoginCard action={path} csrf={props.csrf} next={props.next} hint={hint}>
      <div class="field">
        <label for="appid">AppID</label>
        <input
          id="appid"
          name="appid"
          required
          autofocus
          value={props.appid}
          placeholder="wx…"
          spellcheck={false}
        />
      </div>
      <div class="field">
        <label for="secret">AppSecret</label>
        <input
          id="secret"
          name="secret"
          type="password"
          required
          autocomplete="current-password"
          spellcheck={false}
        />
      </div>
    </LoginCard>
  )
}

function OperatorLogin(props: { csrf: string; next: string }) {
  const hint = (
    <>
      Admin key 在 <code>tuike serve</code> 首次启动时打印。推客请从 <a href="/login">推客登录</a>{' '}
      进入。
    </>
  )
  return (
    <LoginCard action="/ops/login" csrf={props.csrf} next={props.next} hint={hint}>
      <div class="field">
        <label for="key">Admin key</label>
        <input
          id="key"
          name="key"
          type="password"
          required
          autofocus
          placeholder="tka_…"
          spellcheck={false}
        />
      </div>
    </LoginCard>
  )
}

/** Sign out of `kind` in this browser: the session row and the cookie go. */
async function endSession(sessions: Kit['sessions'], c: Context, kind: SessionKind): Promise<void> {
  const id = sessionId(c, kind)
  if (id) await sessions.destroy(id)
  clearSessionCookie(c, kind)
}
/**
 * Sign-in with appid and appsecret (a stable_token) as a promoter or a 机构, and sign-out: the
 * same token endpoints serve both; the session kind decides which pages the token opens.
 */
function appSignIn(kit: Kit, web: Hono, kind: keyof typeof APP_SIGN_IN): void {
  const { app, sessions } = kit
  const { path, home, title } = APP_SIGN_IN[kind]
  web.get(path, async (c) => {
    const m = c.req.query('m')
    return page(
      c,
      { title, flash: m && NOTICES[m] ? [NOTICES[m]] : [] },
      <AppLogin
        kind={kind}
        csrf={loginCsrf(c)}
        appid=""
        next={safeNext(c.req.query('next'), home)}
      />,
    )
  })

  web.post(path, async (c) => {
    const form = await c.req.parseBody()
    const appid = field(form, 'appid')
    const secret = field(form, 'secret')
    const next = safeNext(field(form, 'next'), home)
    const fail = (text: string, status: number) =>
      page(
        c,
        { title, flash: [{ kind: 'error', text }] },
        <AppLogin kind={kind} csrf={loginCsrf(c)} appid={appid} next={next} />,
        status,
      )
    if (!checkLoginCsrf(c, form._csrf)) return fail('表单已过期，请重新提交。', 403)
    if (!appid || !secret) return fail('请填写 AppID 和 AppSecret。', 400)
    const client = inProcessClient(app, origin(c), { appId: appid, appSecret: secret }, c.env)
    let body: StableTokenResponse
    try {
      body = await client.tokens.retrieveStable()
    } catch (err) {
      return fail(signInError(err), 401)
    }
    await endSession(sessions, c, kind)
    const { id } = await sessions.create(
      kind,
      appid,
      body.access_token,
      Math.floor(Date.now() / 1000) + (body.expires_in ?? 7200),
    )
    setSessionCookie(c, kind, id)
    return c.redirect(next, 303)
  })

  const logout = kind === 'promoter' ? '/logout' : '/inst/logout'
  web.post(
    logout,
    kit[kind](async (c) => {
      await endSession(sessions, c, kind)
      return c.redirect(`${path}?m=signed-out`, 303)
    }),
  )
}

/** Operator sign-in with the admin key, and sign-out. */
function operatorSignIn(kit: Kit, web: Hono): void {
  const { app, sessions } = kit
  web.get('/ops/login', async (c) => {
    const m = c.req.query('m')
    return page(
      c,
      { title: '运营登录', flash: m && NOTICES[m] ? [NOTICES[m]] : [] },
      <OperatorLogin csrf={loginCsrf(c)} next={safeNext(c.req.query('next'), '/ops/promoters')} />,
    )
  })

  web.post('/ops/login', async (c) => {
    const form = await c.req.parseBody()
    const key = field(form, 'key')
    const next = safeNext(field(form, 'next'), '/ops/promoters')
    const fail = (text: string, status: number) =>
      page(
        c,
        { title: '运营登录', flash: [{ kind: 'error', text }] },
        <OperatorLogin csrf={loginCsrf(c)} next={next} />,
        status,
      )
    if (!checkLoginCsrf(c, form._csrf)) return fail('表单已过期，请重新提交。', 403)
    if (!key) return fail('请填写 Admin key。', 400)
    const refused = await inProcessClient(app, origin(c), { adminKey: key }, c.env)
      .admin.promoters.list()
      .then(
        () => undefined,
        (err: unknown) => err,
      )
    if (refused)
      return fail(
        adminKeyError(refused),
        refused instanceof APIError && refused.status === 429 ? 429 : 401,
      )
    await endSession(sessions, c, 'operator')
    const { id } = await sessions.create('operator', 'operator', key)
    setSessionCookie(c, 'operator', id)
    return c.redirect(next, 303)
  })

  web.post(
    '/ops/logout',
    kit.operator(async (c) => {
      await endSession(sessions, c, 'operator')
      return c.redirect('/ops/login?m=signed-out', 303)
    }),
  )
}

export function authPage(kit: Kit): Hono {
  const web = new Hono()
  appSignIn(kit, web, 'promoter')
  appSignIn(kit, web, 'institution')
  operatorSignIn(kit, web)
  return web
}
