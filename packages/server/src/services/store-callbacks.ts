/**
 * 机构 callbacks (store-promoter-api.md §9): a 机构's callback settings are a webhook row of a
 * WeChat format (`plaintext`, `compatible`, `secure`) whose secret is the Token and whose
 * `aes_key` is the EncodingAESKey, so the webhook outbox and its worker (services/webhooks.ts)
 * queue, send, retry and log them with the same fairness and egress rules. This module builds
 * the events, queues them in the caller's transaction, signs and encrypts each attempt exactly
 * as WeChat does, and checks a URL with WeChat's GET echostr handshake when it is saved.
 * @module
 */
import { randomInt } from 'node:crypto'
import {
  type CallbackMode,
  type StoreCallbackEvent,
  wechatAesKey,
  wechatEncrypt,
  wechatSignature,
} from '@tuike/contract'
import type { Insertable } from 'kysely'
import type { Db, WebhookDeliveriesTable } from '../db/schema.ts'
import { currentRid } from '../request-context.ts'
import { type EgressPolicy, pinnedRequest } from '../security/egress.ts'
import { randomHex } from '../security/hash.ts'
import { WechatError } from './errors.ts'
import { validateWebhookUrl } from './webhooks.ts'

/** The fixed "WeChat team" openid every event carries as FromUserName (§9.8). */
export const WECHAT_TEAM_OPENID = 'oTuikeWeChatTeam000000000000'

/** The 小店 push schedule (§9.1): the delay before each retry, ms; at most 10 pushes. */
export const CALLBACK_RETRY_DELAYS_MS = [
  0, 0, 10_000, 60_000, 300_000, 1_800_000, 3_600_000, 3_600_000, 3_600_000,
] as const
/** "No answer within 5 s is a failure." */
export const CALLBACK_TIMEOUT_MS = 5000

/** A webhook format that is one of WeChat's callback modes. */
export function isCallbackMode(format: string): format is CallbackMode {
  return format === 'plaintext' || format === 'compatible' || format === 'secure'
}

/** One event to queue: its ordering key (deliveries of one key go out in `seq` order). */
export interface QueuedEvent {
  key: string
  seq: number
  event: StoreCallbackEvent
}

/**
 * The outbox write, in the transaction of the change: one pending delivery per event when the
 * 机构 has a callback URL, none otherwise (events are not kept for a URL set later).
 */
export async function enqueueStoreEvents(
  db: Db,
  appid: string,
  events: readonly QueuedEvent[],
): Promise<void> {
  if (events.length === 0) return
  const hook = await db
    .selectFrom('webhooks')
    .select('webhook_id')
    .where('appid', '=', appid)
    .where('format', '!=', 'tuike')
    .executeTakeFirst()
  if (!hook) return
  const nowMs = Date.now()
  const rows: Insertable<WebhookDeliveriesTable>[] = events.map((e) => ({
    delivery_id: `dlv_${randomHex(12)}`,
    webhook_id: hook.webhook_id,
    appid,
    event: e.event.Event,
    order_id: e.key,
    seq: e.seq,
    payload: JSON.stringify(e.event),
    status: 'pending',
    attempt_count: 0,
    next_attempt_at: nowMs,
    first_queued_at: nowMs,
    created_at: e.event.CreateTime,
    rid: currentRid() ?? '',
  }))
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('webhook_deliveries')
      .values(rows.slice(i, i + 200))
      .execute()
  }
}

/** What one attempt sends. */
export interface CallbackRequest {
  url: string
  body: string
}

/** The inputs WeChat draws per push; tests pass the worked example's. */
export interface PushDraw {
  timestamp: number
  nonce: string
  random?: Buffer
}

/** 9–10 random digits, as in WeChat's examples. */
export function newNonce(): string {
  return String(randomInt(100_000_000, 2_147_483_647))
}

/**
 * The request of one push of `payload` (the event's plaintext JSON) in `mode`, signed with
 * `token` and (compatible, secure) encrypted with `aesKey` for `appid` (§9.3, §9.4).
 */
export function callbackRequest(
  target: { url: string; token: string; aesKey: string | null; appid: string; mode: CallbackMode },
  payload: string,
  draw: PushDraw,
): CallbackRequest {
  const timestamp = String(draw.timestamp)
  const url = new URL(target.url)
  url.searchParams.set('signature', wechatSignature(target.token, timestamp, draw.nonce))
  url.searchParams.set('timestamp', timestamp)
  url.searchParams.set('nonce', draw.nonce)
  if (target.mode === 'plaintext') return { url: url.toString(), body: payload }

  const event = JSON.parse(payload) as Record<string, unknown>
  if (!target.aesKey) throw new Error(`the ${target.mode} mode needs an EncodingAESKey`)
  const encrypt = wechatEncrypt(wechatAesKey(target.aesKey), payload, target.appid, draw.random)
  url.searchParams.set('openid', String(event.FromUserName))
  url.searchParams.set('encrypt_type', 'aes')
  url.searchParams.set(
    'msg_signature',
    wechatSignature(target.token, timestamp, draw.nonce, encrypt),
  )
  const body =
    target.mode === 'secure'
      ? { ToUserName: event.ToUserName, Encrypt: encrypt }
      : { ...event, Encrypt: encrypt }
  return { url: url.toString(), body: JSON.stringify(body) }
}

/** The GET of WeChat's URL check (§9.2): signature, timestamp, nonce and echostr in the query. */
export function verificationUrl(
  url: string,
  token: string,
  draw: { timestamp: number; nonce: string; echostr: string },
): URL {
  const out = new URL(url)
  out.searchParams.set('signature', wechatSignature(token, String(draw.timestamp), draw.nonce))
  out.searchParams.set('timestamp', String(draw.timestamp))
  out.searchParams.set('nonce', draw.nonce)
  out.searchParams.set('echostr', draw.echostr)
  return out
}

/**
 * WeChat's check when a URL is saved (§9.2): `GET <url>?signature&timestamp&nonce&echostr`
 * must answer the echostr. Throws 200002 (HTTP 400) saying what the receiver did instead.
 */
export async function verifyCallbackUrl(
  rawUrl: string,
  token: string,
  policy: EgressPolicy,
  nowSeconds: number,
): Promise<void> {
  const checked = await validateWebhookUrl(rawUrl, policy)
  const echostr = String(randomInt(1, 2 ** 47)) + String(randomInt(0, 10_000))
  const url = verificationUrl(checked, token, { timestamp: nowSeconds, nonce: newNonce(), echostr })
  let answer: string
  try {
    const res = await pinnedRequest(
      url.toString(),
      { method: 'GET', headers: { 'user-agent': 'Mozilla/4.0' }, timeoutMs: CALLBACK_TIMEOUT_MS },
      policy,
    )
    answer = res.text.trim()
    if (res.status < 200 || res.status >= 300) answer = `HTTP ${res.status}`
  } catch (err) {
    answer = String((err as Error)?.message ?? err).slice(0, 200)
  }
  if (answer !== echostr) {
    throw new WechatError(
      200002,
      `callbackUrl did not pass WeChat's URL check: GET ${checked}?signature=…&echostr=${echostr} must answer the echostr; it answered ${JSON.stringify(answer.slice(0, 80))} (send "verifyUrl": false to skip the check)`,
      'invalid',
    )
  }
}
