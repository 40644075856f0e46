/**
 * The one error type services throw; the app renders it as WeChat's `{errcode, errmsg}` with a
 * ` rid: ` suffix (HTTP 200 on the union API, like WeChat).
 * @module
 */
import { errcodeInfo } from '@tuike/contract'

export class WechatError extends Error {
  readonly errcode: number
  /** HTTP status for Tuike's own admin API; the union API always answers 200. */
  readonly status: number
  constructor(errcode: number, detail?: string, status = 200) {
    const base = errcodeInfo(errcode)?.errmsg ?? 'error'
    super(detail ?? base)
    this.name = 'WechatError'
    this.errcode = errcode
    this.status = status
  }
}

/** A WeChat request id: three groups of hex, like `5f3a1c2b-0e4d6a7f-12ab34cd`. */
export function newRid(): string {
  const hex = crypto.getRandomValues(new Uint32Array(3))
  return Array.from(hex, (n) => n.toString(16).padStart(8, '0')).join('-')
}

/** The error envelope for `err`, with the rid suffix WeChat appends. */
export function errorBody(errcode: number, errmsg: string, rid: string) {
  return { errcode, errmsg: `${errmsg} rid: ${rid}` }
}
