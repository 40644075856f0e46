/**
 * Runs Tuike as a network server: opens the database, prepares the admin key and demo data,
 * listens, and drains in-flight requests on SIGTERM/SIGINT before closing the database.
 * @module
 */
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import { createTuike, type Tuike } from './app.ts'
import { type Clock, systemClock } from './clock.ts'
import type { ServerConfig } from './config.ts'
import { type OpenDatabase, openDatabase } from './db/open.ts'
import { errorBody, newRid } from './http/wechat-error.ts'
import { createLogger, type Logger } from './log.ts'
import { type DemoSeed, seedDemoOnce } from './seed/demo.ts'
import { type QuotaCounter, redisQuota } from './services/quota.ts'

export interface ServeOptions {
  port: number
  host: string
  db: string
  adminKey?: string
  seed?: 'demo' | 'none'
  clock?: Clock
  config?: Partial<ServerConfig>
  log?: Logger
  serverKey?: string
  /** PostgreSQL connection pool size of this instance (default 10). */
  pgPoolMax?: number
  /** PostgreSQL statement timeout, ms (default none). */
  pgStatementTimeoutMs?: number
  /** Redis URL of the shared quota counter (default: counted in this process). */
  redisUrl?: string
  /** Seconds a shutdown waits for running requests before cutting them (default 10). */
  shutdownTimeout?: number
}

export interface RunningServer {
  url: string
  tuike: Tuike
  database: OpenDatabase
  /** Set when this start generated the admin key (print it once). */
  createdAdminKey?: string
  /** Set when this start seeded the demo promoter (print its secret once). */
  demo?: DemoSeed
  demoAppid?: string
  close(): Promise<void>
}

/** Raw bytes outside printable ASCII in the request target: WeChat answers 40066 invalid url. */
const UNENCODED = /[^\x21-\x7e]/

/** Answer a request the app cannot take with a WeChat-style error. */
function refuse(res: ServerResponse, status: number, errcode: number, errmsg: string): void {
  const body = JSON.stringify(errorBody(errcode, errmsg, newRid()))
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    ...(status === 400 ? { connection: 'close' } : {}),
  })
  res.end(body)
}

/** A Host header as a URL authority without user info: a name or an address, maybe a port. */
const HOST = /^(?:\[[0-9a-f:.]+\]|[a-z0-9._~-]+)(?::[0-9]{1,5})?$/i

/** Whether `host` can be the authority of this request's URL (the app builds one from it). */
function usableHost(host: string | undefined): boolean {
  if (!host || !HOST.test(host)) return false
  try {
    new URL(`http://${host}`)
    return true
  } catch {
    return false
  }
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const log = options.log ?? createLogger()
  const database = await openDatabase(options.db, {
    poolMax: options.pgPoolMax,
    statementTimeoutMs: options.pgStatementTimeoutMs,
  })
  let quota: QuotaCounter | undefined
  if (options.redisUrl) {
    let lastReport = 0
    quota = await redisQuota({
      url: options.redisUrl,
      // Calls are let through while Redis is down; say so at most once a minute.
      onError(err) {
        if (Date.now() - lastReport < 60_000) return
        lastReport = Date.now()
        log.error('redis quota counter failed; calls are not counted', { error: String(err) })
      },
    }).catch(async (err) => {
      await database.close()
      throw err
    })
  }
  const tuike = await createTuike({
    db: database.db,
    clock: options.clock ?? systemClock,
    config: options.config,
    log,
    serverKey: options.serverKey,
    quota,
  })
  const s = tuike.services
  const { created: createdAdminKey } = await s.settings.ensureAdminKey(options.adminKey)
  const demo =
    options.seed === 'none' ? undefined : await seedDemoOnce(s, database, options.seed ?? 'auto')
  const demoAppid = await s.settings.get('demo_appid')

  const listener = getRequestListener(tuike.app.fetch)
  // Node's own Host check answers an empty 400; this one answers as WeChat.
  const server: Server = createServer({ requireHostHeader: false }, (req, res) => {
    if (UNENCODED.test(req.url ?? '')) return refuse(res, 200, 40066, 'invalid url')
    if (!usableHost(req.headers.host)) {
      return refuse(res, 400, 47001, 'data format error: the Host header is missing or malformed')
    }
    listener(req, res)
  })
  // Node's parser refuses raw non-ASCII in the target before any handler runs; answer as WeChat.
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return socket.destroy()
    const body =
      err.code === 'HPE_INVALID_URL'
        ? JSON.stringify(errorBody(40066, 'invalid url', newRid()))
        : JSON.stringify(errorBody(47001, 'data format error: malformed HTTP request', newRid()))
    socket.end(
      `HTTP/1.1 ${err.code === 'HPE_INVALID_URL' ? 200 : 400} ${err.code === 'HPE_INVALID_URL' ? 'OK' : 'Bad Request'}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, resolve)
  })
  const { port } = server.address() as AddressInfo
  const host = options.host.includes(':') ? `[${options.host}]` : options.host
  const url = `http://${host}:${port}`
  // Short links point at the listen URL unless a public one was configured (--public-url).
  if (!tuike.config.publicUrl) tuike.config.publicUrl = url

  // The settlement sweep: settles orders whose after-sales delay ran out. Each run is one
  // conditional UPDATE, so several instances sweeping the same database settle each order once.
  const sweep = () =>
    s.orders
      .settleDue()
      .catch((err) => log.error('settlement sweep failed', { error: String(err) }))
  void sweep()
  const sweeper = setInterval(sweep, tuike.config.settlementSweepInterval * 1000)
  sweeper.unref()

  // The webhook delivery worker: sends what the outbox holds, including what a previous process
  // committed but never delivered (a crash between commit and delivery).
  const deliverer = s.webhooks.start(tuike.config.webhookPollInterval, (err) =>
    log.error('webhook delivery failed', { error: String(err) }),
  )

  let closing: Promise<void> | undefined
  const close = () =>
    (closing ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeIdleConnections()
        // Requests still running after the shutdown timeout are cut so shutdown always ends.
        setTimeout(
          () => server.closeAllConnections(),
          (options.shutdownTimeout ?? 10) * 1000,
        ).unref()
      })
      clearInterval(sweeper)
      await deliverer.stop()
      await quota?.close?.()
      await database.close()
    })())
  return { url, tuike, database, createdAdminKey, demo, demoAppid, close }
}
