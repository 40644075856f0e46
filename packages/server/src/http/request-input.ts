/**
 * Reads a request's parameters the way WeChat does: GET from the query string (empty values count
 * as absent), POST from a JSON body only when the content type is JSON (union-api.md §1.2, §1.3).
 * @module
 */
import type { Context } from 'hono'
import { parseExactJson } from './exact-json.ts'
import { WechatError } from './wechat-error.ts'

/** First value of each query parameter, without access_token and without empty values. */
export function queryParams(c: Context): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of new URL(c.req.url).searchParams) {
    if (key === 'access_token' || value === '' || key in out) continue
    out[key] = value
  }
  return out
}

function isJsonContentType(header: string | undefined): boolean {
  return (header ?? '').split(';', 1)[0]!.trim().toLowerCase() === 'application/json'
}

/**
 * The JSON body: 44002 when empty, `{}` when the content type is not JSON (the body is ignored,
 * as WeChat does), 47001 when it does not parse. Integers beyond 2^53 keep their digits (BigInt).
 */
export async function jsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text()
  if (text.trim() === '') throw new WechatError(44002)
  if (!isJsonContentType(c.req.header('content-type'))) return {}
  try {
    return parseExactJson(text)
  } catch {
    throw new WechatError(47001)
  }
}
