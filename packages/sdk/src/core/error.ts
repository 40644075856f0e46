/**
 * The SDK's errors: one hierarchy under TuikeError, one factory (`APIError.generate`) keyed on
 * errcode first and HTTP status second, and transport errors of their own. No message, stack or
 * JSON form of an error carries the access_token or the appsecret.
 * @module
 */
import { type ErrorKind, kindOf } from '../internal/errcodes.ts'
import { redactURL } from '../internal/redact.ts'

/** The base of every error the SDK throws. */
export class TuikeError extends Error {}

/** A WeChat-style error body. `errcode` is absent on token-endpoint successes. */
export interface ErrorBody {
  errcode?: number
  errmsg?: string
  [key: string]: unknown
}

const RID = / rid: ([0-9A-Za-z-]+)/

/**
 * The server answered, and the answer is an error: `errcode ≠ 0` (WeChat answers errors with
 * HTTP 200) or an HTTP error status.
 */
export class APIError extends TuikeError {
  /** HTTP status (200 for almost every WeChat error). */
  readonly status: number
  /** WeChat errcode; undefined when the body had none (HTTP errors without a JSON body). */
  readonly errcode: number | undefined
  /** WeChat errmsg, including its ` rid: …` suffix. */
  readonly errmsg: string
  /** The request id from the ` rid: …` suffix of errmsg, else the `x-request-id` header. */
  readonly requestId: string | undefined
  readonly method: string
  /** The request path and query with credentials redacted. */
  readonly path: string
  readonly headers: Headers
  /** The parsed body (credentials redacted). */
  readonly raw: unknown

  constructor(
    status: number,
    body: ErrorBody | undefined,
    headers: Headers,
    method: string,
    path: string,
    message?: string,
  ) {
    const errcode = typeof body?.errcode === 'number' ? body.errcode : undefined
    const errmsg = typeof body?.errmsg === 'string' ? body.errmsg : ''
    const safePath = redactURL(path)
    const what =
      errcode !== undefined
        ? `errcode ${errcode}: ${errmsg}`
        : `HTTP ${status}${errmsg ? `: ${errmsg}` : ''}`
    super(message ?? `[${method} ${safePath}] ${what}`)
    this.status = status
    this.errcode = errcode
    this.errmsg = errmsg
    this.requestId = RID.exec(errmsg)?.[1] ?? headers.get('x-request-id') ?? undefined
    this.method = method
    this.path = safePath
    this.headers = headers
    this.raw = body
  }

  /**
   * Build the error for a response: by errcode (through the contract's kind) when the body has
   * one, else by HTTP status.
   */
  static generate(
    status: number,
    body: ErrorBody | undefined,
    headers: Headers,
    method: string,
    path: string,
  ): APIError {
    const errcode = typeof body?.errcode === 'number' ? body.errcode : undefined
    if (errcode !== undefined && errcode !== 0) {
      const kind = kindOf(errcode)
      const Ctor = (kind && CLASS_BY_KIND[kind]) || APIError
      return new Ctor(status, body, headers, method, path)
    }
    const Ctor = status === 429 ? RateLimitError : status >= 500 ? InternalServerError : APIError
    return new Ctor(status, body, headers, method, path)
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      status: this.status,
      errcode: this.errcode,
      errmsg: this.errmsg,
      requestId: this.requestId,
      method: this.method,
      path: this.path,
      raw: this.raw,
    }
  }
}

/** 40001, 40014, 42001 (a refresh may fix them) and 41001 (no token sent). */
export class AccessTokenError extends APIError {}
/** 40013, 40125, 40243: the appid or appsecret is wrong or frozen. */
export class CredentialError extends APIError {}
/** 45009 (daily quota) and 45011 (per-minute quota, retried), or HTTP 429. */
export class RateLimitError extends APIError {}
/** -1: system busy, retried. */
export class SystemBusyError extends APIError {}
/** 40097, 47001, 200002 and the other malformed-request codes. */
export class InvalidParamsError extends APIError {}
/** 14005 (spot limit reached) and 14007 (duplicate spot name). */
export class PromotionConflictError extends APIError {}
/** 48001 (this account may not call the API; refreshing does not help) and 40164. */
export class PermissionDeniedError extends APIError {}
/** 25503–25510 from open_account/*. */
export class OpenAccountError extends APIError {}
/** 37027 and 201001 from product/parse_tag. */
export class TagError extends APIError {}
/** HTTP 5xx without an errcode. */
export class InternalServerError extends APIError {}

// Each class's `name` is set once on its prototype, from the keys here (keys survive minifiers;
// class names do not). An instance field on a base class would hide a subclass's.
for (const [name, C] of Object.entries({
  TuikeError,
  APIError,
  AccessTokenError,
  CredentialError,
  RateLimitError,
  SystemBusyError,
  InvalidParamsError,
  PromotionConflictError,
  PermissionDeniedError,
  OpenAccountError,
  TagError,
  InternalServerError,
})) {
  Object.defineProperty(C.prototype, 'name', { value: name, writable: true, configurable: true })
}

type APIErrorClass = new (
  status: number,
  body: ErrorBody | undefined,
  headers: Headers,
  method: string,
  path: string,
) => APIError

/** Error class per contract kind; `not_found` and `other` stay plain APIError. */
export const CLASS_BY_KIND: Record<ErrorKind, APIErrorClass | undefined> = {
  busy: SystemBusyError,
  token: AccessTokenError,
  credential: CredentialError,
  quota: RateLimitError,
  params: InvalidParamsError,
  promotion: PromotionConflictError,
  unauthorized: PermissionDeniedError,
  not_found: undefined,
  open_account: OpenAccountError,
  tag: TagError,
  other: undefined,
}

/** No response arrived: DNS, connection refused or reset, TLS. */
export class APIConnectionError extends TuikeError {
  override name = 'APIConnectionError'
  readonly method: string
  readonly path: string
  constructor(method: string, path: string, message = 'Connection error.', cause?: unknown) {
    super(`[${method} ${redactURL(path)}] ${message}`, cause === undefined ? {} : { cause })
    this.method = method
    this.path = redactURL(path)
  }
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, method: this.method, path: this.path }
  }
}

/** The request timed out (the `timeout` option). */
export class APIConnectionTimeoutError extends APIConnectionError {
  override name = 'APIConnectionTimeoutError'
  constructor(method: string, path: string, timeoutMs: number) {
    super(method, path, `Request timed out after ${timeoutMs} ms.`)
  }
}

/** The caller aborted the request through its `signal`. */
export class APIUserAbortError extends TuikeError {
  override name = 'APIUserAbortError'
  constructor(message = 'Request was aborted.') {
    super(message)
  }
}
