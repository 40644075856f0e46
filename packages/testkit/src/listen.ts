/**
 * An in-process app on a real socket (127.0.0.1, a free port), for tests of what only a
 * connection shows: timeouts, dropped connections.
 * @module
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'

export interface Listening {
  url: string
  close(): Promise<void>
}

export async function listen(app: {
  fetch: (req: Request, ...rest: never[]) => Response | Promise<Response>
}): Promise<Listening> {
  const server = createServer(getRequestListener(app.fetch as (req: Request) => Promise<Response>))
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections()
      await new Promise((r) => server.close(r))
    },
  }
}
