/**
 * A `tuike serve` in this process on a free loopback port, over an in-memory SQLite database, and
 * raw HTTP to it (the bytes as a client sends them, the answer as the server writes it).
 * @module
 */
import { connect } from 'node:net'
import { silentLogger } from '../src/log.ts'
import { type RunningServer, type ServeOptions, startServer } from '../src/serve.ts'

export async function localServer(
  options: Partial<ServeOptions> = {},
): Promise<{ server: RunningServer; port: number }> {
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    db: 'sqlite::memory:',
    seed: 'none',
    log: silentLogger,
    ...options,
  })
  return { server, port: Number(new URL(server.url).port) }
}

/** Send raw bytes to the server and read the whole answer ('' when it hangs up unanswered). */
export function raw(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request))
    let data = ''
    socket.on('data', (d) => {
      data += d
    })
    socket.on('end', () => resolve(data))
    socket.on('error', reject)
  })
}
