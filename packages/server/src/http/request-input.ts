/**
 * Reads a request's parameters the way WeChat does: GET from the query string (empty values count
 * as absent; list forms read as arrays), POST from a JSON body only when the content type is JSON (union-api.md §1.2, §1.3).
 * @module
 */
import { parseExactJson } from '../exact-json.ts'
import { WechatError } from '../services/errors.ts'

/**
 * The query parameters without access_token. An empty value and the literal `null` (what SKIT
 * sends for an unset filter object) count as absent. The list forms `name[]=a&name[]=b` (axios)
 * and `name[0]=a&name[1]=b` (PHP's http_build_query) are read as the array `name`; any other
 * bracketed name (`name[key]=`) is 200002. Otherwise the first value of a repeated name is used.
 */
export function queryParams(query: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  const lists = new Map<string, { at: number; value: string }[]>()
  let at = 0
  for (const [key, value] of query) {
    at++
    if (key === 'access_token' || value === '' || value === 'null') continue
    const item = /^(.+)\[(\d*)\]$/.exec(key)
    const nested = !item && /^([^[\]]+)\[/.exec(key)
    if (nested) {
      // PHP and qs send an array-valued option as name[key]=…; reading nothing would answer
      // unfiltered results that look filtered.
      const name = nested[1]
      throw new WechatError(
        200002,
        `${key} is not read: send ${name} as JSON text (${name}={"…":…}) or as a comma list`,
      )
    }
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

/** A request's JSON body, and why it was not read when it was not. */
export interface Body {
  value: unknown
  /**
   * Set when a body was sent with another content type and so read as `{}` (as WeChat does):
   * the hint a validation error then carries.
   */
  ignored?: string
}

/**
 * The JSON body of `text`, sent with content type `type`: 44002 when empty, `{}` when the
 * content type is not JSON (the body is ignored, as WeChat does), 47001 when it does not parse.
 * Integers beyond 2^53 keep their digits (BigInt).
 */
export function jsonBody(text: string, type: string | undefined): Body {
  if (text.trim() === '') throw new WechatError(44002)
  if (!isJsonContentType(type)) {
    const sent = type ? `Content-Type was ${type}` : 'no Content-Type was sent'
    return { value: {}, ignored: `the body is read only as JSON: ${sent}, not application/json` }
  }
  try {
    return { value: parseExactJson(text) }
  } catch {
    throw new WechatError(47001)
  }
}

/** The 41001 errmsg; it points at a token glued to the name (`?access_token<token>`). */
export function missingTokenMessage(query: URLSearchParams): string {
  const glued = [...query.keys()].some((k) => k.startsWith('access_token') && k !== 'access_token')
  return glued
    ? 'access_token missing (a query parameter name begins with access_token: is the = missing?)'
    : 'access_token missing'
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Drop null values (a PHP or Go client's "not set") at every depth. */
function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls)
  if (!isObject(v)) return v
  const out: Record<string, unknown> = {}
  for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = withoutNulls(x)
  return out
}

/**
 * The JSON object body of a successor endpoint, read whatever the content type
 * (store-promoter-api.md §1.2), with integers beyond 2^53 kept exact (BigInt, which the id
 * schemas read as digits) and nulls dropped. An empty
 * body, malformed JSON or anything but an object answers `errcode` (10071003 or 10024000).
 */
export function storeBody(text: string, errcode: number): Record<string, unknown> {
  const fail = (why: string) => new WechatError(errcode, `参数错误: ${why}`)
  if (text.trim() === '') throw fail('the request body is empty (send a JSON object)')
  let value: unknown
  try {
    value = parseExactJson(text)
  } catch {
    throw fail('the request body is not valid JSON')
  }
  if (!isObject(value)) throw fail('the request body must be a JSON object')
  return withoutNulls(value) as Record<string, unknown>
}
