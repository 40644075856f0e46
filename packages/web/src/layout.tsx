/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * The page frame of both consoles: skip link, header with navigation and sign-out, messages.
 * @module
 */
import { zoneLabel, zoneTitle } from '@tuike/sdk'
import type { Child } from 'hono/jsx'
import { timeZone } from './format.ts'
import type { Session } from './session.ts'

export const ASSET_VERSION = '3'

export interface Flash {
  kind: 'ok' | 'error' | 'info'
  text: string
}

const PROMOTER_NAV = [
  ['/', '概览'],
  ['/products', '商品'],
  ['/materials', '推广素材'],
  ['/spots', '推广位'],
  ['/orders', '订单'],
] as const

const INSTITUTION_NAV = [
  ['/inst', '推客'],
  ['/inst/products', '商品'],
  ['/inst/orders', '佣金单'],
] as const

const OPERATOR_NAV = [
  ['/ops/promoters', '推客账号'],
  ['/ops/import', '商品导入'],
  ['/ops/selection', '精选池'],
  ['/ops/plans', '定向计划'],
  ['/ops/orders', '模拟下单与结算'],
  ['/ops/faults', '故障注入'],
] as const

/** Per kind of session: navigation, home, sign-out and the console's name. */
const FRAMES = {
  promoter: { nav: PROMOTER_NAV, home: '/', logout: '/logout', name: 'Tuike 推客控制台' },
  operator: {
    nav: OPERATOR_NAV,
    home: '/ops/promoters',
    logout: '/ops/logout',
    name: 'Tuike 推客运营控制台',
  },
  institution: {
    nav: INSTITUTION_NAV,
    home: '/inst',
    logout: '/inst/logout',
    name: 'Tuike 机构控制台',
  },
}

export interface LayoutProps {
  title: string
  /** Path of the current section, for aria-current. */
  active?: string
  session?: Session
  flash?: Flash[]
  children?: Child
}

function Nav(props: { items: readonly (readonly [string, string])[]; active?: string }) {
  return (
    <nav aria-label="主导航">
      <ul>
        {props.items.map(([href, label]) => (
          <li>
            <a href={href} aria-current={props.active === href ? 'page' : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  )
}

export function Messages(props: { flash?: Flash[] }) {
  if (!props.flash?.length) return null
  return (
    <div class="messages">
      {props.flash.map((f) => (
        <p class={`msg msg-${f.kind}`} role={f.kind === 'error' ? 'alert' : 'status'}>
          {f.text}
        </p>
      ))}
    </div>
  )
}

/** Which zone the page's times are in, and where to change it. */
function ZoneNote(props: { settings: string }) {
  const tz = timeZone()
  return (
    <span class="zone">
      {' · '}时间：{zoneTitle(tz)}（{zoneLabel(Date.now() / 1000, tz)}）{' '}
      <a href={props.settings}>更改时区</a>
    </span>
  )
}

export function Layout(props: LayoutProps) {
  const s = props.session
  const operator = s?.kind === 'operator'
  const frame = FRAMES[s?.kind ?? 'promoter']
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>{`${props.title} · ${frame.name}`}</title>
        <link rel="stylesheet" href={`/console-assets/console.css?v=${ASSET_VERSION}`} />
        <script src={`/console-assets/console.js?v=${ASSET_VERSION}`} defer></script>
      </head>
      <body class={operator ? 'ops' : undefined}>
        <a class="skip" href="#main">
          跳到正文
        </a>
        <header class="top">
          <div class="brand">
            <a href={frame.home}>{frame.name}</a>
          </div>
          {s ? <Nav items={frame.nav} active={props.active} /> : null}
          {s ? (
            <form method="post" action={frame.logout} class="signout">
              <input type="hidden" name="_csrf" value={s.csrf} />
              <span class="who" title={operator ? '运营' : `AppID ${s.subject}`}>
                {operator ? '运营' : s.subject}
              </span>
              <button type="submit" class="link">
                退出登录
              </button>
            </form>
          ) : null}
        </header>
        <main id="main" tabindex={-1}>
          <h1>{props.title}</h1>
          <Messages flash={props.flash} />
          {props.children}
        </main>
        <footer class="foot">
          Tuike · 微信小程序联盟推客 API 的自托管实现 · <a href="/docs">API 文档</a>
          {s ? <ZoneNote settings={operator ? '/ops/settings' : '/settings'} /> : null}
        </footer>
      </body>
    </html>
  )
}

/** A hidden CSRF field for a form of the signed-in session. */
export function Csrf(props: { session: Session }) {
  return <input type="hidden" name="_csrf" value={props.session.csrf} />
}

/** An empty state: what is missing and what to do. */
export function Empty(props: { children?: Child }) {
  return (
    <div class="empty" role="status">
      {props.children}
    </div>
  )
}

/** An error state with the API's message and a retry link. */
export function ErrorBox(props: { text: string; retry?: string }) {
  return (
    <div class="msg msg-error" role="alert">
      <p>{props.text}</p>
      {props.retry ? (
        <p>
          <a href={props.retry}>重试</a>
        </p>
      ) : null}
    </div>
  )
}

/** Prev/next links that keep every other query parameter. */
export function Pager(props: { base: URLSearchParams; page: number; pages: number; path: string }) {
  if (props.pages <= 1) return null
  const href = (p: number) => {
    const q = new URLSearchParams(props.base)
    q.set('page', String(p))
    return `${props.path}?${q}`
  }
  return (
    <nav class="pager" aria-label="分页">
      {props.page > 1 ? <a href={href(props.page - 1)}>‹ 上一页</a> : <span>‹ 上一页</span>}
      <span aria-current="page">
        第 {props.page} / {props.pages} 页
      </span>
      {props.page < props.pages ? (
        <a href={href(props.page + 1)}>下一页 ›</a>
      ) : (
        <span>下一页 ›</span>
      )}
    </nav>
  )
}

/** A scrollable table whose first column is text and the others numbers. */
export function NumberTable(props: { head: string[]; rows: Child[][] }) {
  const [first, ...rest] = props.head
  return (
    <div class="table-wrap" tabindex={0}>
      <table>
        <thead>
          <tr>
            <th scope="col">{first}</th>
            {rest.map((h) => (
              <th scope="col" class="num">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map(([cell, ...nums]) => (
            <tr>
              <td>{cell}</td>
              {nums.map((n) => (
                <td class="num">{n}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** A GET form of one field (its input is `children`, with the id `id`) and its button. */
export function QueryForm(props: {
  action: string
  id: string
  label: string
  button: string
  children: Child
}) {
  return (
    <form method="get" action={props.action} class="inline">
      <div class="field">
        <label for={props.id}>{props.label}</label>
        {props.children}
      </div>
      <div class="actions">
        <button type="submit">{props.button}</button>
      </div>
    </form>
  )
}

/** A card with its heading (`id` labels the section). */
export function Card(props: { id: string; title: Child; children: Child }) {
  return (
    <section class="card" aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      {props.children}
    </section>
  )
}

/** A read-only value with a 复制 button (console.js copies it and reports to `<id>-status`). */
export function CopyField(props: { id: string; label: string; value: string; class?: string }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <div class="copyrow">
        <input id={props.id} readonly value={props.value} class={props.class} />
        <button type="button" class="secondary" data-copy={props.id}>
          复制
        </button>
      </div>
      <div class="copied" id={`${props.id}-status`} role="status"></div>
    </div>
  )
}

/** A form's submit row. */
export function Submit(props: { label: string; secondary?: boolean }) {
  return (
    <div class="actions">
      <button type="submit" class={props.secondary ? 'secondary' : undefined}>
        {props.label}
      </button>
    </div>
  )
}

/** The session's CSRF token and hidden `fields` of a POST form. */
function Hidden(props: { session: Session; fields: Record<string, string> }) {
  return (
    <>
      <Csrf session={props.session} />
      {Object.entries(props.fields).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
    </>
  )
}

/** A one-button POST form carrying hidden `fields` (and the session's CSRF token). */
export function PostButton(props: {
  action: string
  session: Session
  fields: Record<string, string>
  class?: string
  children: Child
}) {
  return (
    <form method="post" action={props.action}>
      <Hidden session={props.session} fields={props.fields} />
      <button type="submit" class={props.class}>
        {props.children}
      </button>
    </form>
  )
}

/**
 * A table row's one-field edit: its input (`children`, with the id `id`) labelled for screen
 * readers, hidden `fields`, and a 保存 button.
 */
export function RowEdit(props: {
  action: string
  session: Session
  fields: Record<string, string>
  id: string
  label: string
  children: Child
}) {
  return (
    <form method="post" action={props.action} class="copyrow">
      <Hidden session={props.session} fields={props.fields} />
      <label for={props.id} class="visually-hidden">
        {props.label}
      </label>
      {props.children}
      <button type="submit" class="secondary">
        保存
      </button>
    </form>
  )
}

/** A select of the promoter's spots (with an "all" option when `all` names it). */
export function SpotSelect(props: {
  id: string
  spots: { promotionSourcePid: string; promotionSourceName: string }[]
  selected: string | undefined
  all?: string
}) {
  return (
    <select id={props.id} name="pid" required={!props.all}>
      {props.all ? <option value="">{props.all}</option> : null}
      {props.spots.map((s) => (
        <option value={s.promotionSourcePid} selected={props.selected === s.promotionSourcePid}>
          {s.promotionSourceName}
        </option>
      ))}
    </select>
  )
}
