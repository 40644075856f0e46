/**
 * How errors go over the wire: `{errcode, errmsg}` with WeChat's ` rid: ` suffix, and the HTTP
 * status a domain fault maps to (the union API's errors carry no fault and answer 200).
 * @module
 */
import type { Fault } from '../services/errors.ts'

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
  if (ridAt + 3 > ridPool.length) {
    crypto.getRandomValues(ridPool)
    ridAt = 0
  }
  const hex = (n: number) => n.toString(16).padStart(8, '0')
  const rid = `${hex(ridPool[ridAt]!)}-${hex(ridPool[ridAt + 1]!)}-${hex(ridPool[ridAt + 2]!)}`
  ridAt += 3
  return rid
}
/** Random words drawn 1,536 at a time: one call to the system's generator per 512 requests. */
const ridPool = new Uint32Array(1536)
let ridAt = ridPool.length

/** The error envelope for `err`, with the rid suffix WeChat appends. */
export function errorBody(errcode: number, errmsg: string, rid: string) {
  return { errcode, errmsg: `${errmsg} rid: ${rid}` }
}
