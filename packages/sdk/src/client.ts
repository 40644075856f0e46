/**
 * TuikeClient: options, the request loop, tokens and retries.
 * @module
 */
import { APIPromise, type APIResponse } from './core/api-promise.ts'
import {
  AccessTokenError,
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  type ErrorBody,
  TuikeError,
} from './core/error.ts'
import { MemoryTokenStore, type TokenStore } from './core/token-store.ts'
import { Admin } from './generated/admin.ts'
import { clear, watch } from './internal/deadlines.ts'
import { encodeQuery } from './internal/encode.ts'
import { readEnv } from './internal/env.ts'
import { REFRESHABLE_TOKEN_CODES } from './internal/errcodes.ts'
import { quoteLongIntegers } from './internal/long-ints.ts'
import { Redactor, redactURL } from './internal/redact.ts'
import type { FinalRequest, RequestOptions } from './internal/request-options.ts'
import { retryDelayMs, shouldRetry } from './internal/retry.ts'
import { sleep as defaultSleep } from './internal/sleep.ts'
import { TokenManager } from './internal/token-manager.ts'
import { OpenAccount } from './resources/open-account.ts'
import { OpenProducts } from './resources/open-products.ts'
import { Orders } from './resources/orders.ts'
import { Products } from './resources/products.ts'
import { Promotions } from './resources/promotions.ts'
import { Store } from './resources/store.ts'
import { Target } from './resources/target.ts'
import { Tokens } from './resources/tokens.ts'
import { Tuike } from './resources/tuike.ts'

/** A `fetch`-compatible function. */
export type Fetch = (input: string, init: RequestInit) => Promise<Response> | Response

/** Receives debug lines; URLs in them are redacted. */
export interface Logger {
  debug?(message: string, meta?: Record<string, unknown>): void
  info?(message: string, meta?: Record<string, unknown>): void
  warn?(message: string, meta?: Record<string, unknown>): void
  error?(message: string, meta?: Record<string, unknown>): void
}

/** A caller-supplied token: a fixed string, or a function asked again after a token error. */
export type AccessTokenSource = string | ((ctx: { failed?: string }) => string | Promise<string>)

export interface ClientOptions {
  /** The 推客 account's appid. Default: `TUIKE_APPID`. */
  appId?: string
  /** Its appsecret. Default: `TUIKE_APPSECRET`. Never appears in errors or logs. */
  appSecret?: string
  /** Default: `TUIKE_BASE_URL`, else `https://api.weixin.qq.com`. */
  baseURL?: string
  /** Default: `globalThis.fetch`. Inject for tests, proxies or a custom agent. */
  fetch?: Fetch
  /** Where tokens are cached. Default: in memory. Share one (Redis) across processes. */
  tokenStore?: TokenStore
  /** `stable` (default): `/cgi-bin/stable_token`. `classic`: `/cgi-bin/token`. */
  tokenMode?: 'stable' | 'classic'
  /** Bring your own token instead of appId/appSecret. */
  accessToken?: AccessTokenSource
  /** The operator key of a Tuike server, for `client.admin`. Default: `TUIKE_ADMIN_KEY`. */
  adminKey?: string
  /** Milliseconds per attempt. Default 30 000; 0 disables the timeout. */
  timeout?: number
  /** Retries of retryable failures. Default 2. A token replay does not count. */
  maxRetries?: number
  logger?: Logger
  /** Refresh tokens this long before they expire. Default 5 minutes. */
  refreshMarginMs?: number
  /** Injectable for tests: the backoff sleep, jitter source and clock. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  random?: () => number
  now?: () => number
}

const DEFAULT_BASE_URL = 'https://api.weixin.qq.com'

/** How one attempt ended. */
type Outcome =
  | { kind: 'response'; response: Response; text: string }
  | { kind: 'timeout' }
  | { kind: 'connection'; error: unknown }
const TIMED_OUT: Outcome = { kind: 'timeout' }

/** An envelope's errcode as a number: absent is 0; a numeric string counts as its number. */
function wireErrcode(v: unknown): number {
  if (typeof v === 'number') return v
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v)
  return 0
}

/**
 * A client for the WeChat union promoter API, or a Tuike server that speaks it.
 *
 * @example
 * const client = new TuikeClient({ appId: 'wx…', appSecret: '…' })
 * const { pid } = await client.promotions.create({ promotionSourceName: '首页' })
 */
export class TuikeClient {
  readonly appId: string | undefined
  readonly baseURL: string
  readonly timeout: number
  readonly maxRetries: number
  readonly tokenMode: 'stable' | 'classic'

  readonly tokens: Tokens
  readonly products: Products
  readonly promotions: Promotions
  readonly orders: Orders
  readonly target: Target
  readonly openAccount: OpenAccount
  readonly openProducts: OpenProducts
  /** The successor API (微信小店 推客带货) for a 联盟带货机构: sharers, products, materials, orders. */
  readonly store: Store
  /** Tuike's extension API (`/tuike/v1`): order feed, webhooks, reports; Tuike servers only. */
  readonly tuike: Tuike
  /** Tuike's operator API (`/admin/v1`); needs `adminKey`. */
  readonly admin: Admin

  readonly #options: ClientOptions
  readonly #appSecret: string | undefined
  readonly #adminKey: string | undefined
  readonly #fetch: Fetch
  readonly #store: TokenStore
  readonly #logger: Logger | undefined
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>
  readonly #random: () => number
  readonly #now: () => number
  readonly #redactor: Redactor
  #tokens: TokenManager | undefined

  constructor(options: ClientOptions = {}) {
    this.#options = { ...options }
    this.appId = options.appId ?? readEnv('TUIKE_APPID')
    this.#appSecret = options.appSecret ?? readEnv('TUIKE_APPSECRET')
    this.#adminKey = options.adminKey ?? readEnv('TUIKE_ADMIN_KEY')
    this.baseURL = (options.baseURL ?? readEnv('TUIKE_BASE_URL') ?? DEFAULT_BASE_URL).replace(
      /\/+$/,
      '',
    )
    this.timeout = options.timeout ?? 30_000
    this.maxRetries = options.maxRetries ?? 2
    this.tokenMode = options.tokenMode ?? 'stable'
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
    this.#store = options.tokenStore ?? new MemoryTokenStore()
    this.#logger = options.logger
    this.#sleep = options.sleep ?? defaultSleep
    this.#random = options.random ?? Math.random
    this.#now = options.now ?? Date.now
    this.#redactor = new Redactor()
    this.#redactor.add(this.#appSecret)
    this.#redactor.add(this.#adminKey)
    if (typeof options.accessToken === 'string') this.#redactor.add(options.accessToken)

    this.tokens = new Tokens(this)
    this.products = new Products(this)
    this.promotions = new Promotions(this)
    this.orders = new Orders(this)
    this.target = new Target(this)
    this.openAccount = new OpenAccount(this)
    this.openProducts = new OpenProducts(this)
    this.store = new Store(this)
    this.tuike = new Tuike(this)
    this.admin = new Admin(this)
  }

  /**
   * A copy of this client with some options changed. It shares the token cache (and its
   * single-flight refresh) when the credentials, base URL and token mode are unchanged.
   */
  withOptions(options: Partial<ClientOptions>): TuikeClient {
    const next = new TuikeClient({ ...this.#options, tokenStore: this.#store, ...options })
    const same =
      next.appId === this.appId &&
      next.#appSecret === this.#appSecret &&
      next.baseURL === this.baseURL &&
      next.tokenMode === this.tokenMode &&
      next.#store === this.#store &&
      next.#options.accessToken === this.#options.accessToken
    if (same) next.#tokens = this.#tokenManager()
    return next
  }

  /** The credentials the token endpoints need; throws if they were not configured. */
  credentials(): { appid: string; secret: string } {
    if (!this.appId || !this.#appSecret) {
      throw new TuikeError(
        'appId and appSecret are required (options or TUIKE_APPID / TUIKE_APPSECRET), or pass accessToken',
      )
    }
    return { appid: this.appId, secret: this.#appSecret }
  }

  #tokenManager(): TokenManager {
    this.#tokens ??= new TokenManager({
      key: `tuike:token:${this.tokenMode}:${this.appId ?? ''}@${this.baseURL}`,
      store: this.#store,
      canForce: this.tokenMode === 'stable',
      marginMs: this.#options.refreshMarginMs ?? 5 * 60_000,
      now: this.#now,
      onToken: (t) => this.#redactor.add(t),
      fetchToken: (force) =>
        this.tokenMode === 'stable'
          ? this.tokens.retrieveStable(force ? { force_refresh: true } : {})
          : this.tokens.retrieve(),
    })
    return this.#tokens
  }

  /** Number of token fetches this client (and its clones) made. */
  get tokenFetches(): number {
    return this.#tokens?.fetches ?? 0
  }

  /** The caller's fixed token or a fresh cached one, when there is one to hand now. */
  #tokenNow(): string | undefined {
    const own = this.#options.accessToken
    if (typeof own === 'string') return own
    return own === undefined ? this.#tokenManager().peek() : undefined
  }

  /** A valid access_token: cached, refreshed, or the caller's own. */
  async accessToken(failed?: string): Promise<string> {
    const own = this.#options.accessToken
    if (own !== undefined) {
      const t = typeof own === 'string' ? own : await own(failed === undefined ? {} : { failed })
      this.#redactor.add(t)
      return t
    }
    const m = this.#tokenManager()
    return failed === undefined ? m.get() : m.refresh(failed)
  }

  get<T>(path: string, opts: Omit<FinalRequest, 'method' | 'path'> & RequestOptions = {}) {
    return this.request<T>({ method: 'GET', path, ...opts }, opts)
  }

  post<T>(path: string, opts: Omit<FinalRequest, 'method' | 'path'> & RequestOptions = {}) {
    return this.request<T>({ method: 'POST', path, ...opts }, opts)
  }

  /** An operator API call: the admin key as a bearer token; writes are never retried. */
  adminRequest<T>(
    method: FinalRequest['method'],
    path: string,
    opts: { body?: unknown; ndjson?: string } & RequestOptions = {},
  ): APIPromise<T> {
    const { body, ndjson, ...options } = opts
    const req: FinalRequest = { method, path, auth: 'admin', mutation: method !== 'GET', body }
    if (ndjson !== undefined) req.rawBody = { contentType: 'application/x-ndjson', text: ndjson }
    return this.request<T>(req, options)
  }

  /** Send a request: the only place that builds URLs, adds the token, retries and maps errors. */
  request<T>(req: FinalRequest, options: RequestOptions = {}): APIPromise<T> {
    return new APIPromise(this.#send<T>(req, options))
  }

  async #send<T>(req: FinalRequest, options: RequestOptions): Promise<APIResponse<T>> {
    const maxRetries = options.maxRetries ?? this.maxRetries
    const timeout = options.timeout ?? this.timeout
    const qs = encodeQuery(req.query)
    // Serialised once, before the first send, so a replay after a token error resends it as is.
    const auth = req.auth ?? 'token'
    const body =
      req.rawBody?.text ??
      (req.method === 'POST' || req.body !== undefined ? JSON.stringify(req.body ?? {}) : undefined)
    if (auth === 'admin' && !this.#adminKey) {
      throw new TuikeError('adminKey is required for the admin API (option or TUIKE_ADMIN_KEY)')
    }
    const canReplay =
      auth === 'token' &&
      (this.#options.accessToken === undefined || typeof this.#options.accessToken === 'function')
    let retries = 0
    let replayed = false
    let failedToken: string | undefined

    for (;;) {
      if (options.signal?.aborted) throw new APIUserAbortError()
      let token: string | undefined
      if (auth === 'token') {
        // A cached token is read without an await: each promise costs, more so under async hooks.
        token =
          (failedToken === undefined && this.#tokenNow()) || (await this.accessToken(failedToken))
        failedToken = undefined
      }
      const query =
        token === undefined ? qs : `${qs ? `${qs}&` : ''}access_token=${encodeURIComponent(token)}`
      const pathWithQuery = `${req.path}${query ? `?${query}` : ''}`
      const headers: Record<string, string> = {
        accept: 'application/json',
        ...options.headers,
        'x-tuike-retry-count': String(retries),
      }
      if (body !== undefined)
        headers['content-type'] = req.rawBody?.contentType ?? 'application/json'
      if (auth === 'admin') headers.authorization = `Bearer ${this.#adminKey}`
      this.#logger?.debug?.('request', {
        method: req.method,
        url: redactURL(pathWithQuery),
        retries,
      })

      const outcome = await this.#attempt(
        req.method,
        this.baseURL + pathWithQuery,
        headers,
        body,
        timeout,
        options.signal,
      )
      // Only error paths need the redacted form.
      const safe = () => this.#redactor.text(pathWithQuery)

      if (outcome.kind !== 'response') {
        const attempt = {
          isMutation: !!req.mutation,
          connectionError: outcome.kind === 'connection',
          timedOut: outcome.kind === 'timeout',
          retries,
        }
        if (retries < maxRetries && shouldRetry(attempt)) {
          await this.#backoff(retries++, undefined, options.signal, req, outcome.kind)
          continue
        }
        if (outcome.kind === 'timeout')
          throw new APIConnectionTimeoutError(req.method, safe(), timeout)
        throw new APIConnectionError(
          req.method,
          safe(),
          `Connection error: ${this.#redactor.text(String((outcome.error as Error)?.message ?? outcome.error))}`,
        )
      }

      const { response, text } = outcome
      let parsed: unknown
      let parseFailed = false
      try {
        parsed = text === '' ? undefined : JSON.parse(req.longIds ? quoteLongIntegers(text) : text)
      } catch {
        parseFailed = true
      }
      const envelope =
        parsed && typeof parsed === 'object' && !Array.isArray(parsed)
          ? (parsed as ErrorBody)
          : undefined
      // A number, or a numeric string as the successor's doc examples show it (`"errcode": "0"`).
      const errcode = wireErrcode(envelope?.errcode)
      if (envelope && typeof envelope.errcode === 'string') envelope.errcode = errcode
      if (errcode === 0 && response.status < 400 && !parseFailed && envelope) {
        return { data: parsed as T, response }
      }

      const safeBody = this.#redactor.value(
        envelope ?? { errmsg: parseFailed ? `invalid JSON response: ${text.slice(0, 200)}` : '' },
      )
      const error = APIError.generate(
        response.status,
        safeBody,
        response.headers,
        req.method,
        safe(),
      )

      if (
        error instanceof AccessTokenError &&
        errcode !== undefined &&
        REFRESHABLE_TOKEN_CODES.has(errcode) &&
        canReplay &&
        !replayed &&
        token !== undefined
      ) {
        // One compare-and-swap refresh and one replay; the replay is not a retry.
        replayed = true
        failedToken = token
        this.#logger?.info?.('token rejected; refreshing and replaying once', {
          errcode,
          path: redactURL(req.path),
        })
        continue
      }

      const attempt = {
        isMutation: !!req.mutation,
        connectionError: false,
        timedOut: false,
        status: response.status,
        errcode: typeof envelope?.errcode === 'number' ? errcode : undefined,
        retries,
      }
      if (retries < maxRetries && shouldRetry(attempt)) {
        await this.#backoff(retries++, response.headers, options.signal, req, error.message)
        continue
      }
      throw error
    }
  }

  async #backoff(
    retries: number,
    headers: Headers | undefined,
    signal: AbortSignal | undefined,
    req: FinalRequest,
    reason: string,
  ): Promise<void> {
    const ms = retryDelayMs(retries, this.#random, headers)
    this.#logger?.warn?.('retrying', { method: req.method, path: redactURL(req.path), ms, reason })
    try {
      await this.#sleep(ms, signal)
    } catch {
      throw new APIUserAbortError()
    }
  }

  /**
   * One attempt, raced against its timeout. A signal costs ~35 µs per request inside fetch's
   * Request (a quarter of a loopback call), so the timeout is a deadline on a shared timer
   * (internal/deadlines.ts) and a signal is passed only when the caller gives one. A call that
   * times out is answered at once; its fetch is left to end on its own (the socket's own
   * timeouts) and whatever it brings back is discarded.
   */
  #attempt(
    method: string,
    url: string,
    headers: Record<string, string>,
    body: string | undefined,
    timeout: number,
    signal: AbortSignal | undefined,
  ): Promise<Outcome> {
    const init: RequestInit = { method, headers }
    if (signal) init.signal = signal
    if (body !== undefined) init.body = body
    const call = this.#exchange(url, init, signal)
    if (timeout <= 0) return call
    return new Promise((resolve, reject) => {
      const deadline = watch(timeout, () => resolve(TIMED_OUT))
      call.then(
        (outcome) => {
          clear(deadline)
          resolve(outcome)
        },
        (error) => {
          clear(deadline)
          reject(error)
        },
      )
    })
  }

  /** The fetch and its body; a failure is a connection error unless the caller aborted. */
  async #exchange(
    url: string,
    init: RequestInit,
    signal: AbortSignal | undefined,
  ): Promise<Outcome> {
    try {
      const response = await this.#fetch(url, init)
      return { kind: 'response', response, text: await response.text() }
    } catch (error) {
      if (signal?.aborted) throw new APIUserAbortError()
      return { kind: 'connection', error }
    }
  }
}
