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
import { errorBody, newRid } from './http/errors.ts'
import { createLogger, type Logger } from './log.ts'
import { Metrics } from './ops/metrics.ts'
import { withRid } from './request-context.ts'
import { type DemoSeed, seedDemoOnce } from './seed/demo.ts'
import { type QuotaCounter, redisQuota } from './services/quota.ts'
import { StartupError } from './startup-error.ts'

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
  /**
   * Seconds between SIGTERM and closing the listener, during which /readyz answers 503 and
   * requests are still served, so load balancers stop sending traffic first (default 0).
   */
  drainDelay?: number
  /** Also serve /metrics, without the admin key, on this port (of `metricsHost`). */
  metricsPort?: number
  /** Address of the metrics listener (default 127.0.0.1). */
  metricsHost?: string
  /** `apply` pending migrations at start (default), or `require` them applied (--no-migrate). */
  migrations?: 'apply' | 'require'
  /**
   * Mount more routes on the app before it listens (`tuike serve` mounts the web console): the
   * server itself knows nothing of them.
   */
  mount?: (tuike: Tuike, database: OpenDatabase) => Promise<void>
  /** Run the settlement sweep and the webhook deliverer in this process (default true). */
  jobs?: boolean
  /** The quota counter (default: Redis with `redisUrl`, else counted in this process). */
  quota?: QuotaCounter
  /** Where /metrics reads its text instead of this process (a cluster worker: the primary). */
  aggregateMetrics?: () => Promise<string>
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
  /** The demo 机构 of the successor API (its secret is in `demo` when this start seeded it). */
  demoInstitutionAppid?: string
  /** The metrics listener's URL, with --metrics-port. */
  metricsUrl?: string
  /** Drain (readiness fails, then the listener closes) and release everything. */
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

/** Hosts already found usable: a server sees few, and a URL parse per request is not free. */
const usableHosts = new Set<string>()

/** Whether `host` can be the authority of this request's URL (the app builds one from it). */
function usableHost(host: string | undefined): boolean {
  if (!host) return false
  if (usableHosts.has(host)) return true
  if (!HOST.test(host)) return false
  try {
    new URL(`http://${host}`)
  } catch {
    return false
  }
  // Bounded: a client sending a new Host each time only costs the parse again.
  if (usableHosts.size >= 256) usableHosts.clear()
  usableHosts.add(host)
  return true
}

/** What a start does before it listens: the database migrated, the admin key, the demo data. */
export interface PreparedServer {
  database: OpenDatabase
  tuike: Tuike
  quota?: QuotaCounter
  createdAdminKey?: string
  demo?: DemoSeed
  demoAppid?: string
  demoInstitutionAppid?: string
}

/** Open (and migrate) the database, build the app, store the admin key, seed the demo, mount. */
export async function prepareDatabase(options: ServeOptions): Promise<PreparedServer> {
  const log = options.log ?? createLogger()
  const database = await openDatabase(options.db, {
    poolMax: options.pgPoolMax,
    statementTimeoutMs: options.pgStatementTimeoutMs,
    migrations: options.migrations,
  })
  const quota =
    options.quota ??
    (options.redisUrl
      ? await sharedQuota(options.redisUrl, log).catch(async (err) => {
          await database.close()
          throw err
        })
      : undefined)
  const metrics = new Metrics()
  const tuike = await createTuike({
    db: database.db,
    clock: options.clock ?? systemClock,
    config: options.config,
    log,
    serverKey: options.serverKey,
    quota,
    metrics,
  })
  metrics.watchDatabase(database.stats)
  metrics.collectProcessMetrics()
  metrics.exposeToClusterPrimary()
  if (options.aggregateMetrics) metrics.aggregateFrom(options.aggregateMetrics)
  const s = tuike.services
  const { created: createdAdminKey } = await s.settings.ensureAdminKey(options.adminKey)
  const demo =
    options.seed === 'none' ? undefined : await seedDemoOnce(s, database, options.seed ?? 'auto')
  const demoAppid = await s.settings.get('demo_appid')
  const demoInstitutionAppid = await s.settings.get('demo_institution_appid')
  await options.mount?.(tuike, database)
  return { database, tuike, quota, createdAdminKey, demo, demoAppid, demoInstitutionAppid }
}

export { type ClusterServer, startCluster, startWorker } from './cluster.ts'

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const log = options.log ?? createLogger()
  const prepared = await prepareDatabase({ ...options, log })
  const { database, tuike, quota } = prepared
  const metrics = tuike.metrics
  const server = unionHttpServer(tuike)
  let metricsServer: Server | undefined
  try {
    await listen(server, options.port, options.host, 'port')
    if (options.metricsPort !== undefined) {
      metricsServer = metricsHttpServer(async () => ({
        text: await metrics.text(),
        contentType: metrics.contentType,
      }))
      await listen(
        metricsServer,
        options.metricsPort,
        options.metricsHost ?? '127.0.0.1',
        'metrics-port',
      )
    }
  } catch (err) {
    server.close()
    await quota?.close?.()
    await database.close()
    throw err
  }
  const url = listenUrl(server, options.host)
  const metricsUrl = metricsServer && listenUrl(metricsServer, options.metricsHost ?? '127.0.0.1')
  // Short links point at the listen URL unless a public one was configured (--public-url).
  if (!tuike.config.publicUrl) tuike.config.publicUrl = url

  const jobs = options.jobs === false ? { stop: async () => {} } : startJobs(tuike, log)
  // Small catalogues are indexed on their first keyword query; SQL answers until this is ready.
  tuike.services.catalogue.warmLargeKeywordIndex(log)

  let closing: Promise<void> | undefined
  const close = () =>
    (closing ??= (async () => {
      // Readiness fails first; requests are still served for the drain delay.
      tuike.readiness.drain()
      metrics.draining(true)
      const delay = options.drainDelay ?? 0
      log.info('draining', { readyz: 503, closingInSeconds: delay })
      if (delay > 0) await new Promise((r) => setTimeout(r, delay * 1000))
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeIdleConnections()
        // Requests still running after the shutdown timeout are cut so shutdown always ends.
        setTimeout(
          () => server.closeAllConnections(),
          (options.shutdownTimeout ?? 10) * 1000,
        ).unref()
      })
      await jobs.stop()
      await quota?.close?.()
      await database.close()
      await new Promise((r) => (metricsServer ? metricsServer.close(r) : r(undefined)))
      log.info('stopped')
      log.flush()
    })())
  return { ...prepared, url, metricsUrl, close }
}

/** Listen, or fail with the option at fault (a port in use, an address not on this machine). */
export async function listen(
  server: Server,
  port: number,
  host: string,
  option: string,
): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, resolve)
  }).catch((err: NodeJS.ErrnoException) => {
    const where = `${host}:${port}`
    const why =
      err.code === 'EADDRINUSE'
        ? `${where} is already in use (another tuike serve?); choose another --${option} (0 picks a free one)`
        : err.code === 'EACCES'
          ? `not allowed to listen on ${where} (ports below 1024 need privileges)`
          : err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND'
            ? `${host} is not an address of this machine (--host)`
            : `cannot listen on ${where}: ${err.message}`
    throw new StartupError(`--${option} ${port}: ${why}`, option)
  })
}

export function listenUrl(server: Server, bound: string): string {
  const { port } = server.address() as AddressInfo
  const host = bound.includes(':') ? `[${bound}]` : bound
  return `http://${host}:${port}`
}

/** The quota counter in Redis; a Redis that fails later lets calls through, said once a minute. */
async function sharedQuota(url: string, log: Logger): Promise<QuotaCounter> {
  let lastReport = 0
  return redisQuota({
    url,
    onError(err) {
      if (Date.now() - lastReport < 60_000) return
      lastReport = Date.now()
      log.error('redis quota counter failed; calls are not counted', { error: String(err) })
    },
  }).catch((err) => {
    throw new StartupError(`--redis: ${(err as Error).message}`, 'redis')
  })
}

/** The settlement sweep and the webhook delivery worker, until stop(). */
function startJobs(tuike: Tuike, log: Logger): { stop(): Promise<void> } {
  const s = tuike.services
  // The settlement sweep: settles orders whose after-sales delay ran out. Each run is one
  // conditional UPDATE, so several instances sweeping the same database settle each order once.
  // Each run is a job with its own rid: its log lines and the webhook deliveries of the orders
  // it settles carry it.
  const sweep = () =>
    withRid(newRid(), () =>
      s.orders.settleDue().then(
        (settled) => log[settled > 0 ? 'info' : 'debug']('settlement sweep', { settled }),
        (err) => log.error('settlement sweep failed', { error: String(err) }),
      ),
    )
  void sweep()
  const sweeper = setInterval(sweep, tuike.config.settlementSweepInterval * 1000)
  sweeper.unref()
  // The webhook delivery worker: sends what the outbox holds, including what a previous process
  // committed but never delivered (a crash between commit and delivery).
  const deliverer = s.webhooks.start(tuike.config.webhookPollInterval, (err) =>
    log.error('webhook delivery failed', { error: String(err) }),
  )
  return {
    async stop() {
      clearInterval(sweeper)
      await deliverer.stop()
    },
  }
}

/** The node:http server of the app, answering as WeChat what never reaches Hono. */
function unionHttpServer(tuike: Tuike): Server {
  const metrics = tuike.metrics
  const listener = getRequestListener(tuike.app.fetch)
  // Node's own Host check answers an empty 400; this one answers as WeChat.
  const server: Server = createServer({ requireHostHeader: false }, (req, res) => {
    // While draining, each response closes its connection: keep-alive clients reconnect elsewhere.
    if (tuike.readiness.draining) res.setHeader('connection', 'close')
    if (UNENCODED.test(req.url ?? '')) {
      metrics.request('invalid_url', 200, 40066, 0)
      return refuse(res, 200, 40066, 'invalid url')
    }
    // HTTP/1.0 has no Host (a load balancer's health check often sends none): this listener's.
    if (req.headers.host === undefined && req.httpVersion === '1.0') {
      const { localAddress = '127.0.0.1', localPort } = req.socket
      req.headers.host = `${localAddress.includes(':') ? `[${localAddress}]` : localAddress}:${localPort}`
    }
    if (!usableHost(req.headers.host)) {
      metrics.request('invalid_host', 400, 47001, 0)
      return refuse(res, 400, 47001, 'data format error: the Host header is missing or malformed')
    }
    if (!tuike.direct(req, res)) listener(req, res)
  })
  // Node's parser refuses raw non-ASCII in the target before any handler runs; answer as WeChat.
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return socket.destroy()
    const url = err.code === 'HPE_INVALID_URL'
    metrics.request('invalid_request', url ? 200 : 400, url ? 40066 : 47001, 0)
    const body = url
      ? JSON.stringify(errorBody(40066, 'invalid url', newRid()))
      : JSON.stringify(errorBody(47001, 'data format error: malformed HTTP request', newRid()))
    socket.end(
      `HTTP/1.1 ${url ? '200 OK' : '400 Bad Request'}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    )
  })
  return server
}

/** `GET /metrics` and nothing else, without the admin key (--metrics-port). */
export function metricsHttpServer(
  read: () => Promise<{ text: string; contentType: string }>,
): Server {
  return createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404).end()
      return
    }
    read().then(
      ({ text, contentType }) => res.writeHead(200, { 'content-type': contentType }).end(text),
      () => res.writeHead(500).end(),
    )
  })
}
