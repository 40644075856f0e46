/**
 * The first middleware of every request: assigns the request id (`rid`), runs the request with
 * it as the current one (every log line it causes carries it), and when the response is ready
 * counts it in the metrics and writes its access-log line (static files at debug level, so a
 * terminal running `npm start` is not filled with them).
 * @module
 */
import { ENDPOINT_LIST } from '@tuike/contract'
import type { Context, MiddlewareHandler } from 'hono'
import { routePath } from 'hono/route'
import type { Logger, RequestLine } from '../log.ts'
import type { Metrics } from '../ops/metrics.ts'
import { withRid } from '../request-context.ts'
import { newRid } from './errors.ts'

export interface AccessVariables {
  rid: string
  /** The errcode of the response when it is an error (set by onError and notFound). */
  errcode?: number
  /** No route matched (set by notFound). */
  unmatched?: boolean
  /** The response already carries x-request-id (a union route's success). */
  ridSent?: boolean
}

const ENDPOINT_BY_PATH = new Map(ENDPOINT_LIST.map((ep) => [ep.path, ep.id]))
/** Routes that serve files: logged at debug level. */
const STATIC = new Set([
  '/console-assets/:file',
  '/docs/assets/:file',
  '/docs/init.js',
  '/img/:kind/:file',
])

/**
 * The metric label of a request: the contract endpoint id of a union or /tuike/v1 call, else the
 * route pattern (never the raw path, so the label set stays bounded), or `unmatched`.
 */
export function endpointLabel(c: Context<{ Variables: AccessVariables }>): string {
  if (c.get('unmatched')) return 'unmatched'
  return routeLabel(routePath(c, -1))
}

/** The metric label of a matched route pattern. */
export function routeLabel(route: string): string {
  return ENDPOINT_BY_PATH.get(route) ?? route
}

/** A finished request, as counted and logged. */
export interface Answered {
  method: string
  /** Path and query, as sent. */
  url: string
  status: number
  errcode: number
  seconds: number
  endpoint: string
}

/** Count `a` in the metrics and write its access-log line. */
export function logAnswered(log: Logger, metrics: Metrics, a: Answered): void {
  metrics.request(a.endpoint, a.status, a.errcode, a.seconds)
  const level = STATIC.has(a.endpoint) ? 'debug' : 'info'
  const line: RequestLine = {
    method: a.method,
    url: a.url,
    status: a.status,
    ms: Math.round(a.seconds * 10_000) / 10,
    endpoint: a.endpoint,
  }
  if (a.errcode) line.errcode = a.errcode
  if (log.request) log.request(level, line)
  else log[level]('request', { ...line })
}

/**
 * Set a header on the finished response in place. Hono's `c.header` would rebuild the response
 * around its body stream, which costs @hono/node-server its fast path (a third of a small
 * response's CPU); a response whose headers are immutable (a fetched one) is still rebuilt.
 */
function setHeader(c: Context, name: string, value: string): void {
  try {
    c.res.headers.set(name, value)
  } catch {
    c.header(name, value)
  }
}

export function accessMiddleware(
  log: Logger,
  metrics: Metrics,
): MiddlewareHandler<{ Variables: AccessVariables }> {
  return (c, next) => {
    const rid = newRid()
    c.set('rid', rid)
    return withRid(rid, async () => {
      const started = performance.now()
      await next()
      if (!c.get('ridSent')) setHeader(c, 'x-request-id', rid)
      const query = c.req.url.indexOf('?')
      logAnswered(log, metrics, {
        method: c.req.method,
        url: c.req.path + (query >= 0 ? c.req.url.slice(query) : ''),
        status: c.res.status,
        errcode: c.get('errcode') ?? 0,
        seconds: (performance.now() - started) / 1000,
        endpoint: endpointLabel(c),
      })
    })
  }
}
