/**
 * Prometheus metrics (prom-client), one registry per Tuike instance. Counters count what this
 * process did; gauges read shared state (the webhook queue, the SQLite WAL) at scrape time.
 * Every metric names how a node:cluster primary combines the workers' values (prom-client's
 * AggregatorRegistry): counters, histograms and per-process gauges add up, gauges of shared state
 * take the largest, so a queue of 7 reads 7 however many workers report it. Several `tuike serve`
 * instances each expose their own /metrics; Prometheus sums them the same way (`sum by (…)`).
 * @module
 */
import cluster from 'node:cluster'
import {
  AggregatorRegistry,
  Counter,
  collectDefaultMetrics,
  Gauge,
  Histogram,
  Registry,
} from 'prom-client'

/** What the database can tell about itself (db/open.ts). */
export interface DatabaseStats {
  /** PostgreSQL pool: connections open, idle, and requests waiting for one. */
  pool?: { total: number; idle: number; waiting: number; max: number }
  /** SQLite: bytes in the write-ahead log. */
  walBytes?: number
}

export type WebhookOutcome = 'delivered' | 'retry' | 'failed'

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

export class Metrics {
  readonly registry = new Registry()
  readonly #requests = this.#counter(
    'tuike_http_requests_total',
    'HTTP requests by endpoint (contract id or route), HTTP status and WeChat errcode',
    ['endpoint', 'status', 'errcode'],
  )
  readonly #latency = new Histogram({
    name: 'tuike_http_request_duration_seconds',
    help: 'Time from a request reaching the app to its response, by endpoint',
    labelNames: ['endpoint'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  })
  readonly #tokens = this.#counter(
    'tuike_tokens_issued_total',
    'access_tokens handed out, by endpoint (cgi-bin/token, cgi-bin/stable_token)',
    ['endpoint'],
  )
  readonly #tokenFailures = this.#counter(
    'tuike_token_failures_total',
    'Refused token requests, by endpoint and errcode (wrong secret, quota, …)',
    ['endpoint', 'errcode'],
  )
  readonly #quota = this.#counter(
    'tuike_quota_rejections_total',
    'Calls refused by a quota: window minute (45011) or day (45009), by endpoint',
    ['endpoint', 'window'],
  )
  readonly #webhookAttempts = this.#counter(
    'tuike_webhook_attempts_total',
    'Webhook delivery attempts by outcome: delivered, retry (will try again), failed (given up)',
    ['outcome'],
  )
  readonly #purchases = this.#counter(
    'tuike_purchases_total',
    'Purchases through short links (orders created)',
  )
  readonly #settlements = this.#counter(
    'tuike_settlements_total',
    'Orders settled, by how: sweep (delay ran out) or manual (operator)',
    ['how'],
  )
  readonly #draining = new Gauge({
    name: 'tuike_draining',
    help: '1 while this process drains before shutdown (its /readyz answers 503)',
    registers: [this.registry],
  })

  /** A counter in this instance's registry (counters add up across workers). */
  #counter<L extends string = string>(name: string, help: string, labelNames: readonly L[] = []) {
    return new Counter<L>({ name, help, labelNames, registers: [this.registry] })
  }

  constructor() {
    new Gauge({
      name: 'tuike_workers',
      help: 'Serving processes: 1 per process, so the cluster sum is the worker count',
      registers: [this.registry],
    }).set(1)
    this.#draining.set(0)
  }

  /** One finished request. `errcode` is 0 for a success. */
  request(endpoint: string, status: number, errcode: number, seconds: number): void {
    this.#requests.inc({ endpoint, status, errcode })
    this.#latency.observe({ endpoint }, seconds)
    if (endpoint === 'cgi-bin/token' || endpoint === 'cgi-bin/stable_token') {
      if (errcode === 0 && status === 200) this.#tokens.inc({ endpoint })
      else this.#tokenFailures.inc({ endpoint, errcode })
    }
    if (errcode === 45011 || errcode === 45009)
      this.#quota.inc({ endpoint, window: errcode === 45011 ? 'minute' : 'day' })
  }

  webhookAttempt(outcome: WebhookOutcome): void {
    this.#webhookAttempts.inc({ outcome })
  }

  purchase(): void {
    this.#purchases.inc()
  }

  settled(count: number, how: 'sweep' | 'manual'): void {
    if (count > 0) this.#settlements.inc({ how }, count)
  }

  draining(on: boolean): void {
    this.#draining.set(on ? 1 : 0)
  }

  /** The webhook outbox, read at each scrape (shared by every instance: aggregated by max). */
  watchWebhookQueue(read: () => Promise<{ depth: number; oldestQueuedAtMs: number | null }>) {
    let last: Promise<{ depth: number; oldestQueuedAtMs: number | null }> | undefined
    // Both gauges come from one query per scrape; NaN when the database does not answer (the
    // scrape itself still succeeds, and /readyz says what is wrong).
    const once = () =>
      (last ??= read()
        .catch(() => ({ depth: Number.NaN, oldestQueuedAtMs: Number.NaN }))
        .finally(() => setTimeout(() => (last = undefined), 0)))
    new Gauge({
      name: 'tuike_webhook_queue_depth',
      help: 'Webhook deliveries waiting to be sent (pending)',
      aggregator: 'max',
      registers: [this.registry],
      async collect() {
        this.set((await once()).depth)
      },
    })
    new Gauge({
      name: 'tuike_webhook_oldest_pending_seconds',
      help: 'Age of the oldest pending webhook delivery (0 when none)',
      aggregator: 'max',
      registers: [this.registry],
      async collect() {
        const { oldestQueuedAtMs } = await once()
        this.set(
          oldestQueuedAtMs === null ? 0 : Math.max(0, (Date.now() - oldestQueuedAtMs) / 1000),
        )
      },
    })
  }

  /** Connection pool use (summed over processes) and the SQLite WAL (one file: max). */
  watchDatabase(stats: () => DatabaseStats): void {
    const initial = stats()
    if (initial.pool) {
      new Gauge({
        name: 'tuike_db_pool_connections',
        help: 'PostgreSQL pool connections by state: open, idle, waiting (requests queued), max',
        labelNames: ['state'] as const,
        registers: [this.registry],
        collect() {
          const pool = stats().pool
          if (!pool) return
          for (const state of ['total', 'idle', 'waiting', 'max'] as const)
            this.set({ state }, pool[state])
        },
      })
    }
    if (initial.walBytes !== undefined) {
      new Gauge({
        name: 'tuike_sqlite_wal_bytes',
        help: 'Size of the SQLite write-ahead log file',
        aggregator: 'max',
        registers: [this.registry],
        collect() {
          this.set(stats().walBytes ?? 0)
        },
      })
    }
  }

  /** Process metrics (CPU, memory, event loop lag, GC): once per serving process. */
  collectProcessMetrics(): void {
    collectDefaultMetrics({ register: this.registry })
  }

  /**
   * In a node:cluster worker, answer the primary's metric requests with this registry (a
   * primary serves `clusterMetrics()`). Nothing happens outside a worker.
   */
  exposeToClusterPrimary(): void {
    if (!cluster.isWorker) return
    new AggregatorRegistry()
    AggregatorRegistry.setRegistries([this.registry])
  }

  #aggregate?: () => Promise<string>

  /** Serve another source's text on /metrics (a cluster worker: every worker's, combined). */
  aggregateFrom(read: () => Promise<string>): void {
    this.#aggregate = read
  }

  async text(): Promise<string> {
    return this.#aggregate ? this.#aggregate() : this.registry.metrics()
  }

  get contentType(): string {
    return this.registry.contentType
  }
}

/** In a cluster primary: every worker's metrics, combined (see the module comment). */
export async function clusterMetrics(): Promise<{ text: string; contentType: string }> {
  const registry = new AggregatorRegistry()
  return { text: await registry.clusterMetrics(), contentType: registry.contentType }
}
