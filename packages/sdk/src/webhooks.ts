/**
 * Verifying Tuike webhook deliveries: `Tuike-Webhook-Signature: v1=<hex>` is the HMAC-SHA256,
 * keyed with the webhook's secret, of `<Tuike-Webhook-Timestamp>.<raw body>`. Uses Web Crypto
 * (Node 20+, browsers, workers).
 * @module
 */
import { TuikeError } from './core/error.ts'
import type { OrderChange, OrderEvent } from './wire-types.ts'

/** A delivery's body. `id` equals the Tuike-Webhook-Id header and is stable across retries. */
export interface WebhookEvent {
  id: string
  type: OrderEvent | 'webhook.test'
  createdAt: number
  data: OrderChange
}

export class WebhookVerificationError extends TuikeError {
  override name = 'WebhookVerificationError'
}

type HeaderSource =
  | Headers
  | Record<string, string | string[] | undefined>
  | { get(name: string): string | null }

function header(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') {
    return (headers as Headers).get(name) ?? undefined
  }
  const rec = headers as Record<string, string | string[] | undefined>
  const key = Object.keys(rec).find((k) => k.toLowerCase() === name)
  const v = key === undefined ? undefined : rec[key]
  return Array.isArray(v) ? v[0] : v
}

function hex(buf: ArrayBuffer): string {
  return [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

function equal(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}

/**
 * Check a delivery's signature and age, and answer its parsed body. Pass the raw body exactly as
 * received (a string or bytes), not re-serialised JSON. Throws WebhookVerificationError.
 *
 * @example
 * const event = await verifyWebhook(req.headers, rawBody, process.env.TUIKE_WEBHOOK_SECRET!)
 */
export async function verifyWebhook(
  headers: HeaderSource,
  body: string | Uint8Array,
  secret: string,
  options: { toleranceSeconds?: number; now?: () => number } = {},
): Promise<WebhookEvent> {
  const text = typeof body === 'string' ? body : new TextDecoder().decode(body)
  const id = header(headers, 'tuike-webhook-id')
  const timestamp = header(headers, 'tuike-webhook-timestamp')
  const signature = header(headers, 'tuike-webhook-signature')
  if (!id || !timestamp || !signature)
    throw new WebhookVerificationError('missing Tuike-Webhook-Id, -Timestamp or -Signature header')
  if (!/^\d+$/.test(timestamp)) throw new WebhookVerificationError('bad webhook timestamp')
  const tolerance = options.toleranceSeconds ?? 300
  const now = Math.floor((options.now ?? Date.now)() / 1000)
  if (tolerance > 0 && Math.abs(now - Number(timestamp)) > tolerance)
    throw new WebhookVerificationError('webhook timestamp is outside the tolerance (replayed?)')
  const enc = new TextEncoder()
  const key = await crypto.subtle.importKey(
    'raw',
    enc.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  const expected = `v1=${hex(await crypto.subtle.sign('HMAC', key, enc.encode(`${timestamp}.${text}`)))}`
  const ok = signature.split(/\s*,\s*|\s+/).some((s) => equal(s, expected))
  if (!ok) throw new WebhookVerificationError('webhook signature does not match')
  let event: WebhookEvent
  try {
    event = JSON.parse(text) as WebhookEvent
  } catch {
    throw new WebhookVerificationError('webhook body is not JSON')
  }
  if (event.id !== id) throw new WebhookVerificationError('webhook id header and body disagree')
  return event
}
