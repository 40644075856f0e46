/**
 * `tuike serve --workers N`: N node:cluster workers share the listen port; the primary does what
 * must happen once and holds what must be one. It applies migrations and seeds the demo before
 * any worker starts, counts in-process quotas (workers ask it over IPC), owns the test clock
 * (an advance on any worker reaches every worker before the request answers), serves the
 * workers' combined /metrics, and drains them all on SIGTERM. The first worker runs the
 * settlement sweep and the webhook deliverer (its replacement inherits them); everything else a
 * worker does goes through the shared database, as several `tuike serve` instances do.
 * @module
 */
import cluster, { type Worker } from 'node:cluster'
import type { Server } from 'node:http'
import { TestClock } from './clock.ts'
import { clusterMetrics } from './ops/metrics.ts'
import {
  listen,
  listenUrl,
  metricsHttpServer,
  prepareDatabase,
  type RunningServer,
  type ServeOptions,
  startServer,
} from './serve.ts'
import { memoryQuota, type QuotaCounter } from './services/quota.ts'

interface Call {
  tuike: 'call'
  id: number
  op: string
  args: unknown[]
}
interface Reply {
  tuike: 'reply'
  id: number
  result?: unknown
  error?: string
}
type Message =
  | Call
  | Reply
  | { tuike: 'ready'; url: string }
  | { tuike: 'failed'; name: string; message: string }

const isMessage = (m: unknown): m is Message => typeof m === 'object' && m !== null && 'tuike' in m

/** What the primary of `tuike serve --workers N` hands back (the banner's facts). */
export type ClusterServer = Pick<
  RunningServer,
  'url' | 'createdAdminKey' | 'demo' | 'demoAppid' | 'demoInstitutionAppid' | 'metricsUrl' | 'close'
> & { workers: number }

/* ------------------------------------------------------------------ worker side */

let nextId = 0
const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>()
const handlers = new Map<string, Handler>()

function listenToPrimary(): void {
  if (listenToPrimary.done) return
  listenToPrimary.done = true
  process.on('message', (m: unknown) => {
    if (!isMessage(m)) return
    if (m.tuike === 'reply') {
      const w = waiting.get(m.id)
      waiting.delete(m.id)
      if (m.error !== undefined) w?.reject(new Error(m.error))
      else w?.resolve(m.result)
    } else if (m.tuike === 'call') {
      void answer(m, (r) => process.send?.(r))
    }
  })
}
listenToPrimary.done = false

/** Ask the primary (a worker's side of the IPC). */
function callPrimary<T>(op: string, ...args: unknown[]): Promise<T> {
  listenToPrimary()
  const id = ++nextId
  return new Promise<T>((resolve, reject) => {
    waiting.set(id, { resolve: resolve as (v: unknown) => void, reject })
    process.send!({ tuike: 'call', id, op, args } satisfies Call)
  })
}

// biome-ignore lint/suspicious/noExplicitAny: IPC arguments are whatever the caller sent
type Handler = (...args: any[]) => unknown

async function answer(
  call: Call,
  send: (r: Reply) => void,
  table: ReadonlyMap<string, Handler> = handlers,
): Promise<void> {
  try {
    const fn = table.get(call.op)
    if (!fn) throw new Error(`no handler for ${call.op}`)
    send({ tuike: 'reply', id: call.id, result: await fn(...call.args) })
  } catch (err) {
    send({ tuike: 'reply', id: call.id, error: String((err as Error).message ?? err) })
  }
}

/** A worker's test clock: advancing asks the primary, which sets every worker's clock. */
class WorkerTestClock extends TestClock {
  override advance(seconds: number): Promise<void> {
    return callPrimary<void>('clock.advance', seconds)
  }
}

/** The quota counter of a worker when quotas are counted in process: the primary's. */
function primaryQuota(): QuotaCounter {
  return {
    take: (...args) => callPrimary<boolean>('quota.take', ...args),
    count: (...args) => callPrimary<number>('quota.count', ...args),
  }
}

/** Run one worker of `tuike serve --workers N` (called in the forked process). */
export async function startWorker(options: ServeOptions): Promise<RunningServer> {
  listenToPrimary()
  const clock =
    options.clock instanceof TestClock
      ? new WorkerTestClock(Number(process.env.TUIKE_CLUSTER_CLOCK_MS))
      : options.clock
  if (clock instanceof TestClock) handlers.set('clock.set', (ms: number) => clock.set(ms))
  const server = await startServer({
    ...options,
    clock,
    // The primary migrated, seeded and stored the admin key already.
    seed: 'none',
    migrations: 'require',
    metricsPort: undefined,
    jobs: process.env.TUIKE_CLUSTER_JOBS === '1',
    quota: options.redisUrl ? undefined : primaryQuota(),
    aggregateMetrics: () => callPrimary<string>('metrics'),
  }).catch((err: Error) => {
    // The primary reports why (a port in use is a StartupError: one line, exit 2), then stops
    // every worker; this one leaves now, since its IPC channel would keep it alive.
    const failed = { tuike: 'failed', name: err.name, message: err.message } satisfies Message
    process.send!(failed, () => process.exit(2))
    return new Promise<never>(() => {})
  })
  handlers.set('close', () => server.close())
  process.send!({ tuike: 'ready', url: server.url } satisfies Message)
  return server
}

/* ------------------------------------------------------------------ primary side */

/** Ask every live worker; resolves with their answers (a worker that exits answers nothing). */
function broadcast(op: string, ...args: unknown[]): Promise<unknown[]> {
  const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w)
  return Promise.all(
    workers.map(
      (w) =>
        new Promise<unknown>((resolve) => {
          const id = ++nextId
          const onMessage = (m: unknown) => {
            if (!isMessage(m) || m.tuike !== 'reply' || m.id !== id) return
            done(m.result)
          }
          const done = (v: unknown) => {
            w.off('message', onMessage)
            w.off('exit', onExit)
            resolve(v)
          }
          const onExit = () => done(undefined)
          w.on('message', onMessage)
          w.once('exit', onExit)
          w.send({ tuike: 'call', id, op, args } satisfies Call)
        }),
    ),
  )
}

/**
 * Start `workers` workers behind one port (in the primary). Resolves once every worker listens.
 */
export async function startCluster(options: ServeOptions, workers: number): Promise<ClusterServer> {
  const prepared = await prepareDatabase({ ...options, jobs: false })
  await prepared.database.close()
  const clock = options.clock instanceof TestClock ? options.clock : undefined
  const quota = memoryQuota()
  const primary = new Map<string, Handler>([
    ['quota.take', (...a: Parameters<QuotaCounter['take']>) => quota.take(...a)],
    ['quota.count', (...a: Parameters<QuotaCounter['count']>) => quota.count(...a)],
    [
      'clock.advance',
      async (seconds: number) => {
        clock?.advance(seconds)
        await broadcast('clock.set', clock?.now())
      },
    ],
    ['metrics', async () => (await clusterMetrics()).text],
  ])
  let closing = false
  let listening = false
  let jobsWorker: Worker | undefined
  const fork = (jobs: boolean): Worker => {
    const w = cluster.fork({
      TUIKE_CLUSTER_JOBS: jobs ? '1' : '0',
      TUIKE_CLUSTER_CLOCK_MS: String(clock?.now() ?? 0),
    })
    if (jobs) jobsWorker = w
    w.on('message', (m: unknown) => {
      if (isMessage(m) && m.tuike === 'call')
        void answer(m, (r) => w.isConnected() && w.send(r), primary)
    })
    // A worker that dies once all listen is replaced (with the jobs when it had them).
    w.once('exit', (code, signal) => {
      if (closing || !listening) return
      options.log?.error('worker exited; starting another', { code, signal })
      fork(w === jobsWorker)
    })
    return w
  }
  const started = Array.from({ length: workers }, (_, i) => fork(i === 0))
  const urls = await Promise.all(started.map(readyUrl)).catch((err) => {
    closing = true
    for (const w of started) w.process.kill('SIGKILL')
    throw err
  })
  listening = true
  const metricsHost = options.metricsHost ?? '127.0.0.1'
  let metricsServer: Server | undefined
  if (options.metricsPort !== undefined) {
    metricsServer = metricsHttpServer(clusterMetrics)
    await listen(metricsServer, options.metricsPort, metricsHost, 'metrics-port')
  }
  const close = async () => {
    closing = true
    const all = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w)
    await Promise.all(
      all.map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.isDead()) return resolve()
            w.once('exit', () => resolve())
            w.process.kill('SIGTERM')
          }),
      ),
    )
    await new Promise((r) => (metricsServer ? metricsServer.close(r) : r(undefined)))
  }
  return {
    url: urls[0]!,
    createdAdminKey: prepared.createdAdminKey,
    demo: prepared.demo,
    demoAppid: prepared.demoAppid,
    demoInstitutionAppid: prepared.demoInstitutionAppid,
    metricsUrl: metricsServer && listenUrl(metricsServer, metricsHost),
    close,
    workers,
  }
}

function readyUrl(w: Worker): Promise<string> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: unknown) => {
      if (isMessage(m) && m.tuike === 'ready') {
        w.off('message', onMessage)
        w.off('exit', onExit)
        resolve(m.url)
      } else if (isMessage(m) && m.tuike === 'failed') {
        w.off('message', onMessage)
        w.off('exit', onExit)
        reject(Object.assign(new Error(m.message), { name: m.name }))
      }
    }
    const onExit = (code: number) => reject(new Error(`a worker exited with ${code} at start`))
    w.on('message', onMessage)
    w.once('exit', onExit)
  })
}
