/**
 * Receiving the 机构 callbacks of the successor API (store-promoter-api.md §9): URL verification
 * (GET, echo `echostr`), and event POSTs in plaintext, compatible or secure mode, checked with
 * `signature` / `msg_signature` and decrypted with the EncodingAESKey (AES-256-CBC, 32-byte
 * PKCS#7). Node only (node:crypto), hence its own entry point: `@tuike/sdk/store-callbacks`.
 *
 * @example
 * import { storeCallbackMiddleware } from '@tuike/sdk/store-callbacks'
 * http.createServer(storeCallbackMiddleware({ token, encodingAesKey, appid }, async (event) => {
 *   if (event.Event === 'head_supplier_commission_order_update') queue.push(event.order_info)
 * })).listen(8080)
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { TuikeError } from './core/error.ts'
import { wechatAesKey, wechatDecrypt, wechatSignature } from './generated/wechat-crypto.ts'
import type { StoreCallbackEvent } from './wire-types.ts'

export { StoreOrderVersions } from './resources/store.ts'
export type {
  CommissionOrderUpdateEvent,
  PromoterBindEvent,
  StoreCallbackEvent,
} from './wire-types.ts'

/** An event this SDK has no type for (e.g. the console's `debug_demo`). */
export interface OtherStoreEvent {
  Event: string
  [field: string]: unknown
}

export interface StoreCallbackConfig {
  /** The Token configured for the callback URL. */
  token: string
  /** The 43-character EncodingAESKey; needed for compatible and secure mode. */
  encodingAesKey?: string
  /** Your 机构 appid: when given, the appid inside each encrypted message must equal it. */
  appid?: string
  /** Reject timestamps further than this from now, in seconds. Default 0: no check. */
  toleranceSeconds?: number
  now?: () => number
}

/** What arrived: a URL check to answer with `echostr`, or a verified event. */
export type StoreCallback =
  | { kind: 'verify'; echostr: string }
  | {
      kind: 'event'
      mode: 'plaintext' | 'compatible' | 'secure'
      event: StoreCallbackEvent | OtherStoreEvent
      /** The appid found inside the encrypted message (encrypted modes). */
      appid?: string
    }

export class StoreCallbackError extends TuikeError {
  override name = 'StoreCallbackError'
}

type Query = URLSearchParams | Record<string, string | string[] | undefined>

function param(query: Query, name: string): string | undefined {
  if (query instanceof URLSearchParams) return query.get(name) ?? undefined
  const v = query[name]
  return Array.isArray(v) ? v[0] : v
}

function equal(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}

function parseObject(text: string, what: string): Record<string, unknown> {
  let v: unknown
  try {
    v = JSON.parse(text)
  } catch {
    throw new StoreCallbackError(`${what} is not JSON`)
  }
  if (!v || typeof v !== 'object' || Array.isArray(v))
    throw new StoreCallbackError(`${what} is not a JSON object`)
  return v as Record<string, unknown>
}

/**
 * Verify (and decrypt) one callback request. `query` is the URL's query (a URL, its search
 * params or a parsed record); `body` the raw body text, or the already parsed JSON object.
 * Throws StoreCallbackError when a signature, the padding, the length or the appid is wrong.
 */
export function verifyStoreCallback(
  config: StoreCallbackConfig,
  request: { method: string; query: Query | URL; body?: string | Record<string, unknown> },
): StoreCallback {
  const query = request.query instanceof URL ? request.query.searchParams : request.query
  const timestamp = param(query, 'timestamp') ?? ''
  const nonce = param(query, 'nonce') ?? ''
  if (!/^\d+$/.test(timestamp) || !nonce)
    throw new StoreCallbackError('missing timestamp or nonce in the query')
  const tolerance = config.toleranceSeconds ?? 0
  const now = Math.floor((config.now ?? Date.now)() / 1000)
  if (tolerance > 0 && Math.abs(now - Number(timestamp)) > tolerance)
    throw new StoreCallbackError('callback timestamp is outside the tolerance (replayed?)')
  const encrypted = param(query, 'encrypt_type') === 'aes'
  if (request.method.toUpperCase() === 'GET' || !encrypted) {
    const signature = param(query, 'signature') ?? ''
    if (!equal(signature, wechatSignature(config.token, timestamp, nonce)))
      throw new StoreCallbackError('signature does not match')
    if (request.method.toUpperCase() === 'GET') {
      return { kind: 'verify', echostr: param(query, 'echostr') ?? '' }
    }
  }
  const body =
    typeof request.body === 'string' ? parseObject(request.body, 'body') : (request.body ?? {})
  if (!encrypted) return { kind: 'event', mode: 'plaintext', event: body as OtherStoreEvent }
  const encrypt = body.Encrypt
  if (typeof encrypt !== 'string' || encrypt === '')
    throw new StoreCallbackError('encrypt_type=aes but the body has no Encrypt')
  const msgSignature = param(query, 'msg_signature') ?? ''
  if (!equal(msgSignature, wechatSignature(config.token, timestamp, nonce, encrypt)))
    throw new StoreCallbackError('msg_signature does not match')
  if (!config.encodingAesKey)
    throw new StoreCallbackError('an encrypted callback needs encodingAesKey')
  let plain: { msg: string; appid: string }
  try {
    plain = wechatDecrypt(wechatAesKey(config.encodingAesKey), encrypt)
  } catch (err) {
    throw new StoreCallbackError(`cannot decrypt: ${(err as Error).message}`)
  }
  if (config.appid !== undefined && plain.appid !== config.appid)
    throw new StoreCallbackError(`message is for appid ${plain.appid}, not ${config.appid}`)
  const event = parseObject(plain.msg, 'decrypted message') as OtherStoreEvent
  const mode = Object.keys(body).some((k) => k !== 'Encrypt' && k !== 'ToUserName')
    ? 'compatible'
    : 'secure'
  return { kind: 'event', mode, event, appid: plain.appid }
}

type Handler = (
  event: StoreCallbackEvent | OtherStoreEvent,
  callback: Extract<StoreCallback, { kind: 'event' }>,
) => void | Promise<void>

async function rawBody(req: IncomingMessage & { body?: unknown }): Promise<string | object> {
  if (typeof req.body === 'string') return req.body
  if (req.body instanceof Uint8Array) return new TextDecoder().decode(req.body)
  if (req.body && typeof req.body === 'object') return req.body
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * A node:http handler, also usable as Express/Connect middleware `(req, res, next)`: answers a
 * URL check with its `echostr`, hands each verified event to `onEvent` and answers `success`
 * once it resolves (so WeChat retries when it throws); a failed check gets 401 and no call.
 * A body already read by a body parser (`req.body`, text, bytes or JSON) is used as is.
 */
export function storeCallbackMiddleware(config: StoreCallbackConfig, onEvent: Handler) {
  return async (
    req: IncomingMessage & { body?: unknown },
    res: ServerResponse,
    next?: (err?: unknown) => void,
  ): Promise<void> => {
    let result: StoreCallback
    try {
      const body = req.method === 'GET' ? undefined : await rawBody(req)
      result = verifyStoreCallback(config, {
        method: req.method ?? 'GET',
        query: new URL(req.url ?? '/', 'http://callback.invalid'),
        body: body as string | Record<string, unknown> | undefined,
      })
    } catch (err) {
      if (!(err instanceof StoreCallbackError)) return void (next ? next(err) : fail(res, 400))
      return void fail(res, 401, err.message)
    }
    if (result.kind === 'verify') return void reply(res, 200, result.echostr)
    try {
      await onEvent(result.event, result)
    } catch (err) {
      return void (next ? next(err) : fail(res, 500))
    }
    reply(res, 200, 'success')
  }
}

function reply(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' })
  res.end(text)
}

function fail(res: ServerResponse, status: number, message = 'callback failed'): void {
  reply(res, status, message)
}
