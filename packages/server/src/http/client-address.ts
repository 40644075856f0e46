/**
 * The address a request came from, for the failed-credential limits. Read from the Node request
 * the app runs under (`c.env.incoming`), so the console's in-process API calls, which pass the
 * browser's request on, count the browser. Behind a reverse proxy (`--trust-proxy`) it is the
 * last `X-Forwarded-For` entry: the one the proxy itself appended, which a client cannot forge.
 * @module
 */
import type { Context } from 'hono'

/** What of a Node request the address is read from. */
export interface NodeIncoming {
  socket?: { remoteAddress?: string; destroy?(): void }
  headers?: Record<string, string | string[] | undefined>
}

/** The Node request a Hono context runs under (`c.env.incoming`), if any. */
export function incomingOf(c: Context): NodeIncoming | undefined {
  return (c.env as { incoming?: NodeIncoming } | undefined)?.incoming
}

/** The client address, or undefined for a request that did not come over the network. */
export function clientAddress(c: Context, trustProxy: boolean): string | undefined {
  return addressOf(incomingOf(c), trustProxy)
}

/** clientAddress of the Node request itself. */
export function addressOf(
  incoming: NodeIncoming | undefined,
  trustProxy: boolean,
): string | undefined {
  if (!incoming) return undefined
  if (trustProxy) {
    const header = incoming.headers?.['x-forwarded-for']
    const last = (Array.isArray(header) ? header.join(',') : header)?.split(',').pop()?.trim()
    if (last) return last
  }
  return incoming.socket?.remoteAddress
}
