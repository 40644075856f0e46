/**
 * The one error type of the domain: an errcode of the contract's catalogue, a detail, and what
 * kind of failure it is. The transport decides how it goes over the wire (`http/errors.ts`):
 * the union API answers HTTP 200 like WeChat; the operator API maps the fault to a status.
 * @module
 */
import { errcodeInfo } from '@tuike/contract'

/** What went wrong, for transports that answer with HTTP statuses. */
export type Fault =
  | 'invalid'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'too_many'

export class WechatError extends Error {
  readonly errcode: number
  /** Absent: a WeChat-style answer (HTTP 200 everywhere). */
  readonly fault: Fault | undefined
  constructor(errcode: number, detail?: string, fault?: Fault) {
    const base = errcodeInfo(errcode)?.errmsg ?? 'error'
    super(detail ?? base)
    this.name = 'WechatError'
    this.errcode = errcode
    this.fault = fault
  }
}
