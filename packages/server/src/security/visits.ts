/**
 * What counts as a click on a landing page, as a tracker counts it (docs/security.md, "Click
 * counting"): a GET by a browser that a person opened. HEAD, prefetches and prerenders, link
 * previews and known robots and HTTP libraries are not clicks; a visitor (a keyed hash of client
 * address and User-Agent, so a cookie-less flood from one address is still one visitor) counts
 * once per material per 30-minute window.
 * @module
 */
import { createHmac } from 'node:crypto'

/** The window a visitor's clicks on one material count once in, seconds (fixed, UTC-aligned). */
export const CLICK_WINDOW_SECONDS = 1800

/** Robots, link previewers and HTTP libraries, by User-Agent. */
const ROBOT =
  /bot\b|bot\/|crawl|spider|slurp|mediapartners|facebookexternalhit|embedly|preview|lighthouse|pingdom|phantomjs|\bcurl\/|\bwget\/|python-requests|python-urllib|aiohttp|go-http-client|okhttp|java\/|libwww|httpclient|axios\/|node-fetch|scrapy|autocannon/i

/**
 * Why a request for a landing page is not a click, or undefined when it is one. `header` reads a
 * request header (case-insensitively).
 */
export function notAClick(
  method: string,
  header: (name: string) => string | undefined,
): string | undefined {
  if (method !== 'GET') return `a ${method} request`
  const purpose = [header('purpose'), header('sec-purpose'), header('x-purpose'), header('x-moz')]
  if (purpose.some((p) => p && /prefetch|prerender|preview/i.test(p))) return 'a prefetch'
  if (ROBOT.test(header('user-agent') ?? '')) return 'a robot'
  return undefined
}

/** The visitor of a request: a keyed hash of its client address and User-Agent. */
export function visitorOf(key: string, address: string, userAgent: string): string {
  return createHmac('sha256', key)
    .update(`visitor\n${address}\n${userAgent}`)
    .digest('base64url')
    .slice(0, 22)
}
