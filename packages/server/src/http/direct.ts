/**
 * The GET calls of the union and successor APIs answered straight from node:http: no web Request
 * (with its AbortSignal) built from the IncomingMessage, no Response turned back into a write, no
 * middleware chain. The routes are the ones registerEndpoint gives Hono (DirectRoutes, the same
 * contract rows and the same endpoint pipeline); what the chain does for them is done here in the
 * same order: the request id and request context (access.ts), the pipeline, errors answered as
 * app.onError answers them, then the metrics and the access-log line, then the response with the
 * same headers in the same order. Any request that is not a plain GET of an exact route path goes
 * to Hono, unchanged: HEAD, other methods, a path that needs decoding or normalising, a fragment.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Logger } from '../log.ts'
import type { Metrics } from '../ops/metrics.ts'
import { withRequest } from '../request-context.ts'
import { logAnswered, routeLabel } from './access.ts'
import { errorAnswer, newRid } from './errors.ts'
import {
  byteLength,
  type CallRequest,
  type DirectRoutes,
  type EndpointCall,
} from './union-route.ts'

/** Answers `req` and returns true when it is a direct route's; false: hand it to Hono. */
export type DirectListener = (req: IncomingMessage, res: ServerResponse) => boolean

export function directListener(
  routes: DirectRoutes,
  log: Logger,
  metrics: Metrics,
): DirectListener {
  // Each route's call with its metric label (every route is registered by now).
  const table = new Map(
    [...routes].map(([path, r]) => [path, { call: r.call, label: routeLabel(path) }]),
  )
  return (req, res) => {
    if (req.method !== 'GET') return false
    const url = req.url ?? ''
    const q = url.indexOf('?')
    const path = q < 0 ? url : url.slice(0, q)
    const route = table.get(path)
    // A fragment: Hono's URL drops it from the query.
    if (!route || url.includes('#')) return false
    answer(route.call, route.label, req, res, url, q < 0 ? '' : url.slice(q + 1), log, metrics)
    return true
  }
}

function answer(
  call: EndpointCall,
  endpoint: string,
  req: IncomingMessage,
  res: ServerResponse,
  url: string,
  query: string,
  log: Logger,
  metrics: Metrics,
): void {
  const rid = newRid()
  const request: CallRequest = {
    method: 'GET',
    query: new URLSearchParams(query),
    origin: () => new URL(`http://${req.headers.host}`).origin,
    header: (name) => {
      const v = req.headers[name]
      return Array.isArray(v) ? v.join(', ') : v
    },
    // A GET endpoint's pipeline reads its query, never a body.
    text: () => Promise.resolve(''),
    incoming: req,
  }
  withRequest(rid, async (done) => {
    const started = performance.now()
    let status = 200
    let errcode = 0
    let text: string | Buffer<ArrayBuffer> | undefined
    try {
      text = await call(request)
    } catch (err) {
      const a = errorAnswer(err, rid, log, false)
      status = a.status
      errcode = a.errcode
      text = a.body && JSON.stringify(a.body)
    } finally {
      done()
    }
    const seconds = (performance.now() - started) / 1000
    logAnswered(log, metrics, { method: 'GET', url, status, errcode, seconds, endpoint })
    if (text === undefined) {
      // A sandbox drop: the connection closes without an answer.
      req.socket.destroy()
      return
    }
    res.writeHead(status, {
      'content-type': 'application/json',
      'x-request-id': rid,
      'Content-Length': String(byteLength(text)),
    })
    res.end(text)
  }).catch((err) => {
    log.error('unhandled error', { error: String((err as Error)?.stack ?? err) })
    res.destroy()
  })
}
