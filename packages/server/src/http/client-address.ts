/**
 * The client address of a request: the TCP peer as node:http saw it (`tuike serve` passes the
 * IncomingMessage as Hono's env). Requests made in-process (app.request in tests) have none
 * unless the caller passes one. Behind a reverse proxy every client has the proxy's address.
 * @module
 */
import type { Context } from 'hono'

export function clientAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined
  return env?.incoming?.socket?.remoteAddress ?? ''
}
