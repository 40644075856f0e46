/**
 * Webhooks of the /tuike/v1 extension API: subscriptions, the transactional outbox (one
 * `webhook_deliveries` row per subscribed webhook, written by recordChanges in the transaction of
 * the order change), and the delivery worker `tuike serve` runs. Delivery is at least once: each
 * POST carries `Tuike-Webhook-Id` (stable across retries, for deduplication),
 * `Tuike-Webhook-Timestamp` (Unix seconds) and `Tuike-Webhook-Signature: v1=<hex>`, the
 * HMAC-SHA256 with the webhook's secret of `<timestamp>.<body>`. Failures retry with exponential
 * backoff for 24 hours; a later change of an order waits until the earlier ones of the same
 * webhook are delivered or given up, so each order's events arrive in order.
 * @module
 */
import { createHmac } from 'node:crypto'
import type { OrderChange, OrderEvent, StoreEvent } from '@tuike/contract'
import { isCallbackSuccess, ORDER_EVENTS } from '@tuike/contract'
import { type Insertable, type Kysely, type Selectable, sql } from 'kysely'
import { type Clock, nowSeconds, systemClock } from '../clock.ts'
import type { Database, Db, WebhookDeliveriesTable, WebhooksTable } from '../db/schema.ts'
import { currentRid } from '../request-context.ts'
import {
  checkedAddresses,
  type EgressPolicy,
  EgressRefused,
  pinnedRequest,
  type Resolver,
  systemResolver,
} from '../security/egress.ts'
import { randomHex } from '../security/hash.ts'
import { DEFAULT_SLOT_LIMITS, DeliverySlots, type SlotLimits } from './delivery-slots.ts'
import { WechatError } from './errors.ts'
import { type Faults, unit } from './faults.ts'
import { imageUrl } from './images.ts'
import { NO_OBSERVER, type Observer } from './observer.ts'
import {
  CALLBACK_RETRY_DELAYS_MS,
  CALLBACK_TIMEOUT_MS,
  callbackRequest,
  isCallbackMode,
  newNonce,
} from './store-callbacks.ts'

export interface WebhookOptions {
  /** Accept private, loopback and link-local destinations (tests, development). */
  allowPrivate: boolean
  /** First retry delay, ms; doubles per attempt up to an hour. */
  retryBaseMs: number
  /** How long a delivery keeps being retried, ms (24 h). */
  retryWindowMs: number
  /** Per-attempt timeout, ms. */
  timeoutMs: number
  /** Webhooks per promoter. */
  maxPerPromoter: number
  /** Resolves webhook hosts at every check and delivery (tests inject names). */
  resolve: Resolver
  /** The clock of attempts, retries and back-off (tests inject one). */
  schedule: Clock
  /** Attempts in flight per endpoint, account and instance (delivery-slots.ts). */
  slots?: Partial<SlotLimits>
  /** The public base URL that this server's image paths are sent on (read at each attempt). */
  publicUrl?: () => string
}

export const DEFAULT_WEBHOOK_OPTIONS: WebhookOptions = {
  allowPrivate: false,
  retryBaseMs: 10_000,
  retryWindowMs: 24 * 3600 * 1000,
  timeoutMs: 10_000,
  maxPerPromoter: 10,
  resolve: systemResolver,
  schedule: systemClock,
}

/** The largest delay between two attempts. */
const MAX_DELAY_MS = 3600 * 1000

/** The headers of a delivery (lowercase, as Node presents them). */
export const WEBHOOK_HEADERS = {
  id: 'tuike-webhook-id',
  timestamp: 'tuike-webhook-timestamp',
  signature: 'tuike-webhook-signature',
} as const

/** `v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`. */
export function webhookSignature(secret: string, timestamp: number | string, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`
}

/**
 * A stored payload with the order's image paths on `base`, as the change feed serves the same
 * change: the outbox keeps paths (it is written inside the order's transaction, which knows no
 * public URL), every attempt sends URLs.
 */
function withImageUrls(payload: string, base: string): string {
  const p = JSON.parse(payload) as WebhookPayload
  const order = 'order' in p.data ? p.data.order : undefined
  if (!base || !order) return payload
  const productList = order.productList.map((l) => ({ ...l, thumbImg: imageUrl(l.thumbImg, base) }))
  return JSON.stringify({ ...p, data: { ...p.data, order: { ...order, productList } } })
}

/** The body of one delivery: `data` is the feed's change. */
export interface WebhookPayload {
  id: string
  type: OrderEvent | 'webhook.test'
  createdAt: number
  data: OrderChange | { message: string }
}

/**
 * Check a webhook URL: http or https, no credentials, and unless `policy.allowPrivate` a host
 * whose addresses are all public (security/egress.ts; checked again at every delivery). Throws
 * 200002 with the reason. Returns the URL normalised.
 */
export async function validateWebhookUrl(raw: string, policy: EgressPolicy): Promise<string> {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new WechatError(200002, 'url is not a valid absolute URL')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new WechatError(200002, 'url must be http or https')
  if (url.username || url.password) throw new WechatError(200002, 'url must not carry credentials')
  if (policy.allowPrivate) return url.toString()
  try {
    await checkedAddresses(url, policy)
  } catch (err) {
    if (!(err instanceof EgressRefused)) throw err
    throw new WechatError(
      200002,
      `url must not point at a loopback, private or special-purpose address: ${err.message}`,
    )
  }
  return url.toString()
}

/**
 * The outbox write, inside the transaction of the order change: one pending delivery per
 * webhook of the promoter subscribed to the change's event.
 */
export async function enqueueWebhooks(
  db: Db,
  appid: string,
  changes: readonly OrderChange[],
): Promise<void> {
  const hooks = await db
    .selectFrom('webhooks')
    .select(['webhook_id', 'events'])
    .where('appid', '=', appid)
    .where('format', '=', 'tuike')
    .execute()
  if (hooks.length === 0) return
  const nowMs = Date.now()
  const rows: Insertable<WebhookDeliveriesTable>[] = []
  for (const hook of hooks) {
    const events = new Set(JSON.parse(hook.events) as string[])
    for (const change of changes) {
      if (!events.has(change.type)) continue
      const id = `dlv_${randomHex(12)}`
      const payload: WebhookPayload = {
        id,
        type: change.type,
        createdAt: change.changedAt,
        data: change,
      }
      rows.push({
        delivery_id: id,
        webhook_id: hook.webhook_id,
        appid,
        event: change.type,
        order_id: change.orderId,
        seq: change.seq,
        payload: JSON.stringify(payload),
        status: 'pending',
        attempt_count: 0,
        next_attempt_at: nowMs,
        first_queued_at: nowMs,
        created_at: change.changedAt,
        rid: currentRid() ?? '',
      })
    }
  }
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('webhook_deliveries')
      .values(rows.slice(i, i + 200))
      .execute()
}

type DeliveryRow = Selectable<WebhookDeliveriesTable>
/** Where and how an attempt is sent: a Tuike webhook, or a 机构 callback in a WeChat mode. */
type HookTarget = Pick<Selectable<WebhooksTable>, 'url' | 'secret' | 'format' | 'aes_key' | 'appid'>

/** A delivery with its attempts; `E` is the event kind of its webhook (Tuike's or a 机构's). */
export interface DeliveryView<E extends string = OrderEvent | 'webhook.test'> {
  deliveryId: string
  webhookId: string
  event: E
  orderId: string
  seq: number
  status: 'pending' | 'delivered' | 'failed'
  createdAt: number
  nextAttemptAt: number
  attempts: { at: number; responseStatus: number; error: string; durationMs: number }[]
}

export class Webhooks {
  readonly #db: Kysely<Database>
  readonly #clock: Clock
  readonly options: WebhookOptions
  readonly #observer: Observer
  readonly #limits: SlotLimits
  readonly #slots: DeliverySlots
  /** The attempts in flight, for stop() to wait for. */
  readonly #tasks = new Set<Promise<void>>()
  /** Wakes the running worker when an attempt ends (set by start()). */
  #wake: (() => void) | undefined
  readonly #faults: Faults | undefined
  constructor(
    db: Kysely<Database>,
    clock: Clock,
    options: WebhookOptions,
    observer: Observer = NO_OBSERVER,
    faults?: Faults,
  ) {
    this.#db = db
    this.#clock = clock
    this.options = options
    this.#observer = observer
    this.#limits = { ...DEFAULT_SLOT_LIMITS, backoffBaseMs: options.retryBaseMs, ...options.slots }
    this.#slots = new DeliverySlots(this.#limits, options.schedule)
    this.#faults = faults
  }

  /** Now on the scheduling clock (not the platform's clock, which a test may freeze). */
  #now(): number {
    return this.options.schedule.now()
  }

  async add(
    appid: string,
    url: string,
    events?: readonly OrderEvent[],
  ): Promise<{ webhookId: string; secret: string }> {
    const checked = await validateWebhookUrl(url, this.options)
    const count = await this.#db
      .selectFrom('webhooks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('appid', '=', appid)
      .executeTakeFirstOrThrow()
    if (Number(count.n) >= this.options.maxPerPromoter)
      throw new WechatError(200002, `at most ${this.options.maxPerPromoter} webhooks per account`)
    const webhookId = `wh_${randomHex(8)}`
    const secret = `whsec_${randomHex(16)}`
    await this.#db
      .insertInto('webhooks')
      .values({
        webhook_id: webhookId,
        appid,
        url: checked,
        events: JSON.stringify(events && events.length > 0 ? [...new Set(events)] : ORDER_EVENTS),
        secret,
        created_at: nowSeconds(this.#clock),
      })
      .execute()
    return { webhookId, secret }
  }

  async list(appid: string) {
    const rows = await this.#db
      .selectFrom('webhooks')
      .selectAll()
      .where('appid', '=', appid)
      .where('format', '=', 'tuike')
      .orderBy('created_at')
      .orderBy('webhook_id')
      .execute()
    return {
      webhookList: rows.map((r) => ({
        webhookId: r.webhook_id,
        url: r.url,
        events: JSON.parse(r.events) as OrderEvent[],
        createdAt: Number(r.created_at),
      })),
    }
  }

  async #own(appid: string, webhookId: string) {
    const row = await this.#db
      .selectFrom('webhooks')
      .selectAll()
      .where('webhook_id', '=', webhookId)
      .executeTakeFirst()
    if (!row || row.appid !== appid) throw new WechatError(200002, `no webhook ${webhookId}`)
    return row
  }

  /** Remove a webhook; its pending deliveries become failed (nothing more is sent). */
  async del(appid: string, webhookId: string): Promise<Record<string, never>> {
    await this.#own(appid, webhookId)
    await this.#db.transaction().execute(async (trx) => {
      await trx.deleteFrom('webhooks').where('webhook_id', '=', webhookId).execute()
      await trx
        .updateTable('webhook_deliveries')
        .set({ status: 'failed' })
        .where('webhook_id', '=', webhookId)
        .where('status', '=', 'pending')
        .execute()
    })
    return {}
  }

  /** Send a signed webhook.test event now, once, and log it like any delivery. */
  async test(appid: string, webhookId: string): Promise<{ delivery: DeliveryView }> {
    const hook = await this.#own(appid, webhookId)
    const id = `dlv_${randomHex(12)}`
    const created = nowSeconds(this.#clock)
    const payload: WebhookPayload = {
      id,
      type: 'webhook.test',
      createdAt: created,
      data: { message: 'Tuike webhook test' },
    }
    const nowMs = this.#now()
    await this.#db
      .insertInto('webhook_deliveries')
      .values({
        delivery_id: id,
        webhook_id: webhookId,
        appid,
        event: 'webhook.test',
        order_id: '',
        seq: 0,
        payload: JSON.stringify(payload),
        status: 'pending',
        attempt_count: 0,
        // Claimed by this call: the worker leaves it alone for the lease.
        next_attempt_at: nowMs + this.options.timeoutMs * 6,
        first_queued_at: nowMs,
        created_at: created,
        rid: currentRid() ?? '',
      })
      .execute()
    const row = await this.#db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('delivery_id', '=', id)
      .executeTakeFirstOrThrow()
    await this.#attempt(row, hook, { final: true })
    return { delivery: (await this.#views([id]))[0]! }
  }

  /** Queue a delivery again, now, with a fresh 24-hour retry window; it keeps its id. */
  async redeliver(appid: string, deliveryId: string): Promise<Record<string, never>> {
    const row = await this.#db
      .selectFrom('webhook_deliveries')
      .select(['appid', 'webhook_id'])
      .where('delivery_id', '=', deliveryId)
      .executeTakeFirst()
    if (!row || row.appid !== appid) throw new WechatError(200002, `no delivery ${deliveryId}`)
    await this.#own(appid, row.webhook_id)
    const nowMs = this.#now()
    await this.#db
      .updateTable('webhook_deliveries')
      .set({ status: 'pending', next_attempt_at: nowMs, first_queued_at: nowMs })
      .where('delivery_id', '=', deliveryId)
      .execute()
    return {}
  }

  async deliveries(
    appid: string,
    q: { webhookId: string; status?: 'pending' | 'delivered' | 'failed'; limit?: number },
  ): Promise<{ deliveryList: DeliveryView[] }> {
    await this.#own(appid, q.webhookId)
    return {
      deliveryList: await this.#views(await this.#latest(q.webhookId, q.limit ?? 50, q.status)),
    }
  }

  /** The latest `limit` deliveries of a 机构's callback webhook (services/institutions.ts). */
  async callbackLog(
    appid: string,
    webhookId: string,
    limit: number,
  ): Promise<DeliveryView<StoreEvent>[]> {
    await this.#own(appid, webhookId)
    return this.#views(await this.#latest(webhookId, limit))
  }

  async #latest(
    webhookId: string,
    limit: number,
    status?: DeliveryRow['status'],
  ): Promise<string[]> {
    let base = this.#db
      .selectFrom('webhook_deliveries')
      .select('delivery_id')
      .where('webhook_id', '=', webhookId)
    if (status) base = base.where('status', '=', status)
    const ids = await base
      .orderBy('created_at', 'desc')
      .orderBy('seq', 'desc')
      .orderBy('delivery_id', 'desc')
      .limit(limit)
      .execute()
    return ids.map((r) => r.delivery_id)
  }

  /** Deliveries by id; their event is of the webhook's kind `E` (what it was queued with). */
  async #views<E extends string = OrderEvent | 'webhook.test'>(
    ids: string[],
  ): Promise<DeliveryView<E>[]> {
    if (ids.length === 0) return []
    const [rows, attempts] = await Promise.all([
      this.#db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('delivery_id', 'in', ids)
        .execute(),
      this.#db
        .selectFrom('webhook_attempts')
        .selectAll()
        .where('delivery_id', 'in', ids)
        .orderBy('at')
        .execute(),
    ])
    const byId = new Map(rows.map((r) => [r.delivery_id, r]))
    return ids.flatMap((id) => {
      const r = byId.get(id)
      if (!r) return []
      return [
        {
          deliveryId: r.delivery_id,
          webhookId: r.webhook_id,
          event: r.event as E,
          orderId: r.order_id,
          seq: Number(r.seq),
          status: r.status,
          createdAt: Number(r.created_at),
          nextAttemptAt: r.status === 'pending' ? Number(r.next_attempt_at) : 0,
          attempts: attempts
            .filter((a) => a.delivery_id === id)
            .map((a) => ({
              at: Number(a.at),
              responseStatus: a.response_status,
              error: a.error,
              durationMs: a.duration_ms,
            })),
        },
      ]
    })
  }

  /**
   * One pass of the delivery worker, waiting for the attempts it starts (tests, one-shot runs):
   * see #claim. Returns how many attempts were made.
   */
  async deliverDue(limit = 100): Promise<number> {
    const started = await this.#claim(limit)
    await Promise.all(started)
    return started.length
  }

  /**
   * Claim due deliveries fairly and start their attempts without waiting for them. A delivery is
   * due when its order has no earlier pending delivery to the same webhook; the query ranks each
   * webhook's due deliveries and takes the first few of every webhook before the next of any, and
   * skips the webhooks and accounts without a free slot (delivery-slots.ts), so one account's
   * backlog or stalled endpoints never hold another's deliveries. Claims are conditional UPDATEs
   * of the lease, so several instances never send one attempt twice.
   */
  async #claim(limit: number): Promise<Promise<void>[]> {
    if (this.#slots.full()) return []
    const nowMs = this.#now()
    const blocked = this.#slots.blocked()
    let ranked = this.#db
      .selectFrom('webhook_deliveries as d')
      .select([
        'd.delivery_id',
        sql<number>`row_number() over (partition by d.webhook_id order by d.seq, d.delivery_id)`.as(
          'rn',
        ),
      ])
      .where('d.status', '=', 'pending')
      .where('d.next_attempt_at', '<=', nowMs)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('webhook_deliveries as e')
              .select('e.delivery_id')
              .whereRef('e.webhook_id', '=', 'd.webhook_id')
              .whereRef('e.order_id', '=', 'd.order_id')
              .where('e.status', '=', 'pending')
              .whereRef('e.seq', '<', 'd.seq'),
          ),
        ),
      )
    if (blocked.webhooks.length) ranked = ranked.where('d.webhook_id', 'not in', blocked.webhooks)
    if (blocked.accounts.length) ranked = ranked.where('d.appid', 'not in', blocked.accounts)
    const due = await this.#db
      .selectFrom(ranked.as('r'))
      .innerJoin('webhook_deliveries as d', 'd.delivery_id', 'r.delivery_id')
      .innerJoin('webhooks as w', 'w.webhook_id', 'd.webhook_id')
      .selectAll('d')
      .select(['w.url', 'w.secret', 'w.format', 'w.aes_key'])
      .where('r.rn', '<=', this.#limits.perEndpoint)
      .orderBy('r.rn')
      .orderBy('d.seq')
      .orderBy('d.delivery_id')
      .limit(limit)
      .execute()
    // One per (webhook, order): a later change of the same order waits for this one.
    const seen = new Set<string>()
    const started: Promise<void>[] = []
    for (const d of due) {
      const k = `${d.webhook_id}\n${d.order_id}`
      if (seen.has(k) || !this.#slots.free(d.webhook_id, d.appid)) continue
      seen.add(k)
      this.#slots.take(d.webhook_id, d.appid)
      const claimed = await this.#db
        .updateTable('webhook_deliveries')
        .set({ next_attempt_at: nowMs + this.options.timeoutMs * 6 })
        .where('delivery_id', '=', d.delivery_id)
        .where('status', '=', 'pending')
        .where('next_attempt_at', '=', d.next_attempt_at)
        .executeTakeFirst()
        .catch((err: unknown) => {
          this.#slots.release(d.webhook_id, d.appid, true)
          throw err
        })
      if (Number(claimed.numUpdatedRows) === 0) {
        this.#slots.release(d.webhook_id, d.appid, true)
        continue
      }
      started.push(this.#run(d))
    }
    return started
  }

  /** One claimed attempt in its slot; its end frees the slot and wakes the worker. */
  #run(d: DeliveryRow & HookTarget): Promise<void> {
    let answered = true
    const task = this.#duplicateFault(d, d)
      .then(() => this.#attempt(d, d, { final: false }))
      .then((r) => {
        answered = r.answered
      })
      .finally(() => {
        this.#slots.release(d.webhook_id, d.appid, answered)
        this.#tasks.delete(task)
        this.#wake?.()
      })
    this.#tasks.add(task)
    return task
  }

  /**
   * The request of one attempt: Tuike's signed headers, or for a 机构 callback WeChat's query
   * signature and (compatible, secure) encrypted body, drawn afresh per push.
   */
  #request(
    d: DeliveryRow,
    hook: HookTarget,
    timestamp: number,
  ): { url: string; body: string; headers: Record<string, string>; timeoutMs: number } {
    if (!isCallbackMode(hook.format)) {
      const body = withImageUrls(d.payload, this.options.publicUrl?.() ?? '')
      return {
        url: hook.url,
        body,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Tuike-Webhooks/1',
          [WEBHOOK_HEADERS.id]: d.delivery_id,
          [WEBHOOK_HEADERS.timestamp]: String(timestamp),
          [WEBHOOK_HEADERS.signature]: webhookSignature(hook.secret, timestamp, body),
        },
        timeoutMs: this.options.timeoutMs,
      }
    }
    const push = callbackRequest(
      { ...hook, token: hook.secret, aesKey: hook.aes_key, mode: hook.format },
      d.payload,
      { timestamp, nonce: newNonce() },
    )
    return {
      ...push,
      headers: { 'content-type': 'application/json', 'user-agent': 'Mozilla/4.0' },
      timeoutMs: Math.min(this.options.timeoutMs, CALLBACK_TIMEOUT_MS),
    }
  }

  /**
   * When to try again after failed attempt number `attempt` (0-based), or undefined to give up:
   * Tuike webhooks back off exponentially for the retry window; 机构 callbacks follow the 小店
   * schedule (10 pushes), scaled like the webhooks by retryBaseMs / 10 s.
   */
  #retryAt(d: DeliveryRow, hook: HookTarget, attempt: number, end: number): number | undefined {
    if (isCallbackMode(hook.format)) {
      const delay = CALLBACK_RETRY_DELAYS_MS[attempt]
      return delay === undefined ? undefined : end + (delay * this.options.retryBaseMs) / 10_000
    }
    if (end - Number(d.first_queued_at) >= this.options.retryWindowMs) return undefined
    return end + Math.min(this.options.retryBaseMs * 2 ** attempt, MAX_DELAY_MS)
  }

  /**
   * The duplicate-deliveries fault (docs/sandbox.md): when a rule fires for the account, this
   * attempt waits a seeded delay within the rule's window and an identical copy (same id and
   * payload) is sent after another, so copies and later deliveries arrive out of order.
   */
  async #duplicateFault(d: DeliveryRow, hook: HookTarget): Promise<void> {
    const hit = await this.#faults?.draw(d.appid, 'webhook', ['duplicate-deliveries'])
    if (!hit) return
    const { rule, n } = hit
    const hold = Math.floor(unit(rule.seed, n, 4) * rule.windowMs)
    const copy = Math.floor(unit(rule.seed, n, 5) * rule.windowMs)
    await this.#faults!.record({
      appid: d.appid,
      endpoint: 'webhook',
      faultId: rule.faultId,
      kind: 'duplicate-deliveries',
      detail: `${d.delivery_id} held ${hold}ms, copy after ${copy}ms`,
    })
    setTimeout(() => void this.#post(d, hook, Math.floor(Date.now() / 1000)), copy).unref()
    await new Promise((r) => setTimeout(r, hold))
  }

  /** One POST of `d` on the pinned egress path: its status, answer and network error ('' when it answered). */
  async #post(d: DeliveryRow, hook: HookTarget, timestamp: number) {
    try {
      const req = this.#request(d, hook, timestamp)
      const res = await pinnedRequest(
        req.url,
        { method: 'POST', headers: req.headers, body: req.body, timeoutMs: req.timeoutMs },
        this.options,
      )
      return { status: res.status, answer: res.text, error: '' }
    } catch (err) {
      return { status: 0, answer: '', error: String((err as Error)?.message ?? err).slice(0, 300) }
    }
  }

  /** One HTTP attempt of `d`, logged; then delivered, rescheduled, or given up. */
  async #attempt(
    d: DeliveryRow,
    hook: HookTarget,
    opts: { final: boolean },
  ): Promise<{ ok: boolean; answered: boolean }> {
    const started = this.#now()
    const timestamp = Math.floor(started / 1000)
    const { status, answer, error: failure } = await this.#post(d, hook, timestamp)
    let error = failure
    const ok = isCallbackMode(hook.format)
      ? isCallbackSuccess(status, answer)
      : status >= 200 && status < 300
    if (!ok && !error)
      error =
        status >= 200 && status < 300
          ? `answered ${JSON.stringify(answer.slice(0, 60))}, not "success"`
          : `HTTP ${status}`
    const end = this.#now()
    const attempt = Number(d.attempt_count)
    const retryAt = opts.final ? undefined : this.#retryAt(d, hook, attempt, end)
    let next: Partial<DeliveryRow>
    let outcome: 'delivered' | 'retry' | 'failed'
    if (ok) [next, outcome] = [{ status: 'delivered' }, 'delivered']
    else if (retryAt === undefined) [next, outcome] = [{ status: 'failed' }, 'failed']
    else [next, outcome] = [{ next_attempt_at: Math.round(retryAt) }, 'retry']
    await this.#db.transaction().execute(async (trx) => {
      await trx
        .insertInto('webhook_attempts')
        .values({
          delivery_id: d.delivery_id,
          at: started,
          response_status: status,
          error,
          duration_ms: end - started,
        })
        .execute()
      await trx
        .updateTable('webhook_deliveries')
        .set((eb) => ({ ...next, attempt_count: eb('attempt_count', '+', 1) }))
        .where('delivery_id', '=', d.delivery_id)
        .where('status', '=', 'pending')
        .execute()
    })
    this.#observer.webhookAttempt({
      deliveryId: d.delivery_id,
      webhookId: d.webhook_id,
      event: d.event,
      orderId: d.order_id,
      rid: d.rid,
      attempt: attempt + 1,
      status,
      error,
      ms: end - started,
      outcome,
    })
    return { ok, answered: status !== 0 }
  }

  /** The outbox as metrics see it: pending deliveries and when the oldest was queued. */
  async queueStats(): Promise<{ depth: number; oldestQueuedAtMs: number | null }> {
    const r = await this.#db
      .selectFrom('webhook_deliveries')
      .select((eb) => [
        eb.fn.countAll<number>().as('depth'),
        eb.fn.min<number | null>('first_queued_at').as('oldest'),
      ])
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow()
    return {
      depth: Number(r.depth),
      oldestQueuedAtMs: r.oldest === null ? null : Number(r.oldest),
    }
  }

  /**
   * Run the worker every `intervalMs` and whenever an attempt ends, until stopped; passes never
   * overlap, attempts run beside them. The returned stop() waits for the pass and the attempts.
   */
  start(intervalMs: number, onError: (err: unknown) => void): { stop(): Promise<void> } {
    let running: Promise<void> | undefined
    let again = false
    let stopped = false
    const tick = () => {
      if (stopped) return
      if (running) {
        again = true
        return
      }
      running = (async () => {
        try {
          do {
            again = false
            while (!stopped && (await this.#claim(100)).length > 0) {}
          } while (again && !stopped)
        } catch (err) {
          onError(err)
        } finally {
          running = undefined
        }
      })()
    }
    this.#wake = tick
    const timer = setInterval(tick, intervalMs)
    timer.unref()
    tick()
    return {
      stop: async () => {
        stopped = true
        clearInterval(timer)
        await running
        await Promise.all(this.#tasks)
      },
    }
  }
}
