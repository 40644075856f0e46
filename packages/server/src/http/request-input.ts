/**
 * Reads a request's parameters the way WeChat does: GET from the query string (empty values count
 * as absent; list forms read as arrays), POST from a JSON body only when the content type is JSON (union-api.md §1.2, §1.3).
 * @module
 */
import type { Context } from 'hono'
import { parseExactJson } from './exact-json.ts'
import { WechatError } from './wechat-error.ts'

/**
 * The query parameters without access_token. An empty value and the literal `null` (what SKIT
 * sends for an unset filter object) count as absent. The list forms `name[]=a&name[]=b` (axios)
 * and `name[0]=a&name[1]=b` (PHP's http_build_query) are read as the array `name`; otherwise the
 * first value of a repeated name is used.
 */
export function queryParams(c: Context): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  const lists = new Map<string, { at: number; value: string }[]>()
  let at = 0
  for (const [key, value] of new URL(c.req.url).searchParams) {
    at++
    if (key === 'access_token' || value === '' || value === 'null') continue
    const item = /^(.+)\[(\d*)\]$/.exec(key)
    if (item) {
      const list = lists.get(item[1]!) ?? []
      list.push({ at: item[2] === '' ? at : Number(item[2]), value })
      lists.set(item[1]!, list)
    } else if (!(key in out)) out[key] = value
  }
  for (const [name, items] of lists) {
    const values = items.sort((a, b) => a.at - b.at).map((i) => i.value)
    const plain = out[name]
    out[name] = typeof plain === 'string' ? [plain, ...values] : values
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
