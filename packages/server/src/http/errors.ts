/**
 * How errors go over the wire: `{errcode, errmsg}` with WeChat's ` rid: ` suffix, and the HTTP
 * status a domain fault maps to (the union API's errors carry no fault and answer 200).
 * @module
 */
import type { Logger } from '../log.ts'
import { type Fault, WechatError } from '../services/errors.ts'
import { DropConnection } from './fault-injection.ts'

const STATUS: Record<Fault, 400 | 401 | 403 | 404 | 409 | 413 | 429> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  too_many: 429,
}

/** The HTTP status of an error with `fault`: 200 for WeChat-style errors. */
export function statusOf(fault: Fault | undefined): 200 | 400 | 401 | 403 | 404 | 409 | 413 | 429 {
  return fault ? STATUS[fault] : 200
}

/** A WeChat request id: three groups of hex, like `5f3a1c2b-0e4d6a7f-12ab34cd`. */
export function newRid(): string {
  if (ridAt + 24 > ridHex.length) {
    ridHex = Buffer.from(crypto.getRandomValues(new Uint8Array(RID_BYTES))).toString('hex')
    ridAt = 0
  }
  const at = ridAt
  ridAt += 24
  return `${ridHex.slice(at, at + 8)}-${ridHex.slice(at + 8, at + 16)}-${ridHex.slice(at + 16, at + 24)}`
}
/**
 * Random bytes drawn 6,144 at a time, as hex: one call to the system's generator and one hex
 * encoding per 512 requests, and a request id is three slices of it.
 */
const RID_BYTES = 6144
let ridHex = ''
let ridAt = 0

/** The error envelope for `err`, with the rid suffix WeChat appends. */
export function errorBody(errcode: number, errmsg: string, rid: string) {
  return { errcode, errmsg: `${errmsg} rid: ${rid}` }
}

/** How a request that threw `err` is answered: no body means the connection is dropped. */
export interface ErrorAnswer {
  status: number
  errcode: number
  body?: { errcode: number; errmsg: string }
}

/**
 * The answer to a request that threw `err`: a WechatError as itself, a sandbox drop as no answer
 * (the caller destroys the socket), anything else logged and answered -1 (HTTP 500 under
 * /admin/).
 */
export function errorAnswer(err: unknown, rid: string, log: Logger, admin: boolean): ErrorAnswer {
  if (err instanceof DropConnection) return { status: 502, errcode: -1 }
  if (err instanceof WechatError) {
    const body = errorBody(err.errcode, err.message, rid)
    return { status: statusOf(err.fault), errcode: err.errcode, body }
  }
  log.error('unhandled error', { error: String((err as Error)?.stack ?? err) })
  return { status: admin ? 500 : 200, errcode: -1, body: errorBody(-1, 'system error', rid) }
}
