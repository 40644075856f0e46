/**
 * Registers contract endpoints on the app. Each route: method check (43002/43001), access_token
 * check (41001/40001/42001/48001), the account's union quotas (45011/45009), input read and
 * validated by the contract schema (200002 or the field's errcode), then the handler, whose
 * result gets the endpoint's success envelope.
 * @module
 */
import type { ENDPOINTS, Endpoint, EndpointId, EndpointInput } from '@tuike/contract'
import { parseInput } from '@tuike/contract'
import type { z } from 'zod'
import { WechatError } from '../services/errors.ts'
import type { Caller } from '../services/tokens.ts'
import type { AppContext, AppHono } from './env.ts'
import { type Body, jsonBody, missingTokenMessage, queryParams } from './request-input.ts'

export type Input<E extends Endpoint> = EndpointInput<E>

/**
 * A field value that is already JSON text of a `T` (a pre-serialised part of a response, such as
 * product/list's productList): written into the response as is. Only a serialiser that writes a
 * `T` should make one.
 */
export class RawJson<T> {
  declare readonly __type: T
  constructor(readonly text: string) {}
}

type Fields<E extends Endpoint> = Omit<z.input<E['response']>, 'errcode' | 'errmsg'>

/**
 * The success fields a handler returns: the response minus the envelope, typed by the
 * contract's response schema (a field may come pre-serialised as RawJson of its own type).
 */
export type Output<E extends Endpoint> = {
  [K in keyof Fields<E>]: Fields<E>[K] | RawJson<Fields<E>[K]>
}

export interface HandlerContext<E extends Endpoint> {
  input: Input<E>
  /** The caller's appid (token endpoints: empty). */
  appid: string
  /** The public base URL: short links and this server's own images are emitted on it. */
  base: string
  c: AppContext
}

export type Handler<E extends Endpoint> = (ctx: HandlerContext<E>) => Promise<Output<E>>

/** A handler per endpoint id, each typed by its own contract row. */
export type UnionHandlers = { [K in EndpointId]: Handler<(typeof ENDPOINTS)[K]> }

export interface RouteDeps {
  authenticate(token: string): Promise<Caller>
  /** Per-appid quotas of union endpoints: throws 45011 / 45009 when one is used up. */
  admit(caller: Caller, ep: Endpoint): Promise<void>
  /** The public base URL of this server (HandlerContext.base). */
  publicUrl(c: AppContext): string
}

export function registerEndpoint<E extends Endpoint>(
  app: AppHono,
  ep: E,
  handler: Handler<E>,
  deps: RouteDeps,
): void {
  app.all(ep.path, async (c) => {
    const method = c.req.method
    if (ep.method === 'POST' && method !== 'POST') throw new WechatError(43002)
    if (ep.method === 'GET' && method !== 'GET' && method !== 'HEAD') throw new WechatError(43001)

    let appid = ''
    if (ep.auth === 'token') {
      const url = new URL(c.req.url)
      const token = url.searchParams.get('access_token')
      if (!token) throw new WechatError(41001, missingTokenMessage(url))
      const caller = await deps.authenticate(token)
      await deps.admit(caller, ep)
      appid = caller.appid
    }

    const body: Body = ep.method === 'GET' ? { value: queryParams(c) } : await jsonBody(c)
    const parsed = parseInput(ep, body.value)
    if (!parsed.ok) {
      const hint = body.ignored ? ` (${body.ignored})` : ''
      throw new WechatError(parsed.errcode, parsed.errmsg + hint)
    }
    const result: Record<string, unknown> = await handler({
      input: parsed.value,
      appid,
      base: deps.publicUrl(c),
      c,
    })
    return sendJson(c, envelope(ep, result))
  })
}

/**
 * The JSON response, with top-level RawJson values spliced in unparsed.
 */
function sendJson(c: AppContext, body: Record<string, unknown>): Response {
  const parts: string[] = []
  for (const [k, v] of Object.entries(body)) {
    if (v === undefined) continue
    parts.push(`${JSON.stringify(k)}:${v instanceof RawJson ? v.text : JSON.stringify(v)}`)
  }
  return c.body(`{${parts.join(',')}}`, 200, { 'content-type': 'application/json' })
}

function envelope(ep: Endpoint, fields: Record<string, unknown>): Record<string, unknown> {
  switch (ep.successErrmsg) {
    case 'no-envelope':
      return fields
    case 'omit':
      return { errcode: 0, ...fields }
    case 'empty':
      return { errcode: 0, errmsg: '', ...fields }
    case 'ok':
      return { errcode: 0, errmsg: 'ok', ...fields }
  }
}
