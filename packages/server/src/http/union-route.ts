/**
 * Registers contract endpoints on the app. Each route: method check (43002/43001), access_token
 * check (41001/40001/42001, and 48001 for a disabled account or a token of the other account
 * kind: 推客 on the union and /tuike/v1, 机构 on the successor's /channels/ec/*), the account's
 * quotas (45011/45009), input read and validated by the contract schema (the endpoint's
 * parameter errcode or the field's), then the handler, whose result gets the endpoint's success
 * envelope. The successor family (`store`) reads its body as JSON whatever the content type and
 * sends its uint64 `bareNumbers` as exact JSON numbers.
 * @module
 */
import { randomBytes } from 'node:crypto'
import type {
  ENDPOINTS,
  Endpoint,
  EndpointId,
  EndpointInput,
  STORE_ENDPOINTS,
  StoreEndpointId,
} from '@tuike/contract'
import { errcodeInfo, FAULT_HEADER, parseInput } from '@tuike/contract'
import type { z } from 'zod'
import type { EpochRead } from '../services/auth-epoch.ts'
import { WechatError } from '../services/errors.ts'
import type { Caller } from '../services/tokens.ts'
import { incomingOf, type NodeIncoming } from './client-address.ts'
import type { AppContext, AppHono } from './env.ts'
import type { FaultInjector } from './fault-injection.ts'
import {
  type Body,
  jsonBody,
  missingTokenMessage,
  queryParams,
  storeBody,
} from './request-input.ts'

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

/** A response's JSON text, or its UTF-8 bytes. */
export type JsonText = string | Buffer

/**
 * A whole success response, envelope included, as the bytes sent: what HandlerContext.encode made
 * of a handler's fields. A handler that answers the same request again (a kept answer) returns
 * these bytes again, and they are written as they are: nothing is serialised or encoded twice.
 */
export class Encoded {
  constructor(readonly bytes: Buffer<ArrayBuffer>) {}
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
  /** The Node request underneath (the client address); none for `app.request`. */
  incoming?: NodeIncoming
  /** The success response of `fields` as bytes, for a handler that keeps its answers. */
  encode(fields: Output<E>): Encoded
}

export type Handler<E extends Endpoint> = (ctx: HandlerContext<E>) => Promise<Output<E> | Encoded>

/** A handler per endpoint id, each typed by its own contract row. */
export type UnionHandlers = { [K in EndpointId]: Handler<(typeof ENDPOINTS)[K]> }

/** A handler per successor endpoint id (STORE_ENDPOINTS). */
export type StoreHandlers = { [K in StoreEndpointId]: Handler<(typeof STORE_ENDPOINTS)[K]> }

export interface RouteDeps {
  /** A read of the auth epoch: a request makes at most one, shared by the two steps below. */
  epoch: EpochRead
  authenticate(token: string, epoch: EpochRead): Promise<Caller>
  /** Per-appid quotas of union endpoints: throws 45011 / 45009 when one is used up. */
  admit(caller: Caller, ep: Endpoint): Promise<void>
  /** The public base URL of this server (HandlerContext.base), given the request's origin. */
  publicUrl(origin: () => string): string
  /** Sandbox faults (docs/sandbox.md); none when absent. */
  faults?: FaultInjector
}

/**
 * What an endpoint call reads of its request, whichever layer it came through: Hono (every
 * method, `app.request`) or the node:http listener's direct dispatch (GET, see http/direct.ts).
 */
export interface CallRequest {
  method: string
  /** The query string's parameters. */
  query: URLSearchParams
  /** The origin of the request's URL (the public base when none is configured). */
  origin(): string
  /** A request header (name in lower case), as sent. */
  header(name: string): string | undefined
  /** The body as text (under the body limit). */
  text(): Promise<string>
  incoming?: NodeIncoming
}

/** An endpoint's whole call: the request in, the JSON text of its success out (errors thrown). */
export type EndpointCall = (req: CallRequest) => Promise<JsonText>

/**
 * The endpoints the node:http listener answers itself, by exact path (the same contract rows,
 * registered by registerEndpoint beside their Hono route: one route table).
 */
export type DirectRoutes = Map<string, { ep: Endpoint; call: EndpointCall }>

export function registerEndpoint<E extends Endpoint>(
  app: AppHono,
  ep: E,
  handler: Handler<E>,
  deps: RouteDeps,
  direct?: DirectRoutes,
): void {
  const call = endpointCall(ep, handler, deps)
  app.all(ep.path, async (c) => {
    // Parsed once: the token, the query and the public base all come from it.
    const url = new URL(c.req.url)
    const body = await call({
      method: c.req.method,
      query: url.searchParams,
      origin: () => url.origin,
      header: (name) => c.req.header(name),
      text: () => c.req.text(),
      incoming: incomingOf(c),
    })
    return finished(c, body)
  })
  // A GET takes no body: nothing of Hono's request reading is needed.
  if (ep.method === 'GET') direct?.set(ep.path, { ep, call })
}

/**
 * The pipeline of a contract endpoint: method check (43002/43001), fault header gate, token,
 * account kind and quotas, input read and validated, injected faults, the handler, and its
 * result in the endpoint's success envelope as JSON text.
 */
function endpointCall<E extends Endpoint>(
  ep: E,
  handler: Handler<E>,
  deps: RouteDeps,
): EndpointCall {
  const store = ep.family === 'store'
  const encode = (fields: Output<E>) =>
    new Encoded(Buffer.from(jsonText(envelope(ep, fields), ep.bareNumbers)))
  return async (req) => {
    const method = req.method
    if (ep.method === 'POST' && method !== 'POST') throw new WechatError(43002)
    if (ep.method === 'GET' && method !== 'GET' && method !== 'HEAD') throw new WechatError(43001)
    const header = deps.faults?.gate(req.header(FAULT_HEADER))
    let read: Promise<number> | undefined
    const epoch = () => (read ??= deps.epoch())

    let appid = ''
    if (ep.auth === 'token') {
      const token = req.query.get('access_token')
      if (!token) throw new WechatError(41001, missingTokenMessage(req.query))
      const caller = await deps.authenticate(token, epoch)
      checkKind(caller, ep)
      await deps.admit(caller, ep)
      appid = caller.appid
    }

    const body: Body =
      ep.method === 'GET'
        ? { value: queryParams(req.query) }
        : store
          ? { value: storeBody(await req.text(), ep.bodyErrcode ?? 10024000) }
          : jsonBody(await req.text(), req.header('content-type'))
    const parsed = parseInput(ep, body.value)
    if (!parsed.ok) {
      const hint = body.ignored ? ` (${body.ignored})` : ''
      // The successor's errmsg leads with the code's own text: "参数错误: page_size must be <= 20".
      const lead = store ? `${errcodeInfo(parsed.errcode)?.errmsg}: ` : ''
      throw new WechatError(parsed.errcode, lead + parsed.errmsg + hint)
    }
    if (deps.faults) {
      // The token endpoints name their account in the input.
      const account = appid || ((parsed.value as { appid?: string }).appid ?? '')
      await deps.faults.inject({ ep, appid: account, input: parsed.value, header, epoch })
    }
    const result = await handler({
      input: parsed.value,
      appid,
      base: deps.publicUrl(req.origin),
      incoming: req.incoming,
      encode,
    })
    if (result instanceof Encoded) return result.bytes
    return jsonText(envelope(ep, result), ep.bareNumbers)
  }
}

/** 48001 for a token of the other account kind (the real platform answers so, §1.1 of the spec). */
function checkKind(caller: Caller, ep: Endpoint): void {
  const wanted = ep.family === 'store' ? 'institution' : 'promoter'
  if (caller.kind === wanted) return
  throw new WechatError(
    48001,
    wanted === 'institution'
      ? `api unauthorized: ${ep.path} takes a 机构 (institution) access_token`
      : `api unauthorized: ${ep.path} takes a 推客 (promoter) access_token, not a 机构 one`,
  )
}

/**
 * The JSON response, with top-level RawJson values spliced in unparsed and the digit strings at
 * `bare` paths written as bare JSON numbers (through markers no value can hold: random per
 * response).
 */
function jsonText(body: Record<string, unknown>, bare?: readonly string[]): string {
  const marks = new Map<string, string>()
  const value = bare ? markBare(body, bare, marks) : body
  const parts: string[] = []
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue
    parts.push(`${JSON.stringify(k)}:${v instanceof RawJson ? v.text : JSON.stringify(v)}`)
  }
  let text = `{${parts.join(',')}}`
  for (const [mark, digits] of marks) text = text.replace(JSON.stringify(mark), digits)
  return text
}

/** The Content-Length of `text`: a Buffer is counted, not encoded again. */
export function byteLength(text: JsonText): number {
  return typeof text === 'string' ? Buffer.byteLength(text) : text.length
}

/**
 * The 200 response with every header it goes out with, in the order (and spelling) the generic
 * path writes them. Plain headers let @hono/node-server write them as they are; a `Headers`
 * object (what `c.body` makes of two headers, or `c.res.headers` of one) costs building and
 * iterating, a tenth of a small call's CPU.
 */
function finished(c: AppContext, text: JsonText): Response {
  // HEAD: Hono rebuilds the answer without its body, and so without Content-Length.
  if (c.req.method === 'HEAD')
    return c.body(text as string | Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/json',
    })
  c.set('ridSent', true)
  return new Response(text as string | Uint8Array<ArrayBuffer>, {
    status: 200,
    headers: {
      'content-type': 'application/json',
      'x-request-id': c.get('rid'),
      'Content-Length': String(byteLength(text)),
    },
  })
}

/**
 * A copy of `body` with the digit string at each `paths` entry (`a.*.b`) replaced by a random
 * marker, recorded in `marks` with its digits, for sendJson to write unquoted.
 */
function markBare(
  body: Record<string, unknown>,
  paths: readonly string[],
  marks: Map<string, string>,
): Record<string, unknown> {
  const nonce = randomBytes(8).toString('hex')
  const visit = (v: unknown, path: readonly string[]): unknown => {
    if (path.length === 0) {
      if (typeof v !== 'string' || !/^\d{1,20}$/.test(v)) return v
      const mark = `bare:${nonce}:${marks.size}`
      marks.set(mark, v)
      return mark
    }
    const [head, ...rest] = path
    if (head === '*') return Array.isArray(v) ? v.map((x) => visit(x, rest)) : v
    if (typeof v !== 'object' || v === null || Array.isArray(v) || !(head! in v)) return v
    return { ...v, [head!]: visit((v as Record<string, unknown>)[head!], rest) }
  }
  let out: unknown = body
  for (const p of paths) out = visit(out, p.split('.'))
  return out as Record<string, unknown>
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
