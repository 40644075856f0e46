/**
 * The address a request came from, for the failed-credential limits. Read from the Node request
 * the app runs under (`c.env.incoming`), so the console's in-process API calls, which pass the
 * browser's request on, count the browser. Behind a reverse proxy (`--trust-proxy`) it is the
 * last `X-Forwarded-For` entry: the one the proxy itself appended, which a client cannot forge.
 * @module
 */
import type { Context } from 'hono'

interface NodeBindings {
  incoming?: {
    socket?: { remoteAddress?: string }
    headers?: Record<string, string | string[] | undefined>
  }
}

/** The client address, or undefined for a request that did not come over the network. */
export function clientAddress(c: Context, trustProxy: boolean): string | undefined {
  const incoming = (c.env as NodeBindings | undefined)?.incoming
  if (!incoming) return undefined
  if (trustProxy) {
    const header = incoming.headers?.['x-forwarded-for']
    const last = (Array.isArray(header) ? header.join(',') : header)?.split(',').pop()?.trim()
    if (last) return last
  }
  return incoming.socket?.remoteAddress
}
