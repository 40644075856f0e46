/**
 * Checks a response body against the contract exactly: a success body must parse with the
 * endpoint's response schema, carry no field the schema lacks and use the endpoint's errmsg
 * convention; an error body is `{errcode, errmsg}` with a non-zero errcode and a ` rid: ` suffix.
 * Used by the contract's own example tests and by the server's test support, so every response
 * a test provokes is a conformance check.
 * @module
 */
import type { Endpoint } from './endpoint.ts'

const RID = / rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/

/** What is wrong with `body` as an answer of `ep`; empty when it conforms. */
export function responseProblems(ep: Endpoint, body: unknown): string[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return ['the response is not a JSON object']
  }
  const res = body as Record<string, unknown>
  const isError = typeof res.errcode === 'number' && res.errcode !== 0
  return isError ? errorProblems(res) : successProblems(ep, res)
}

function errorProblems(res: Record<string, unknown>): string[] {
  const problems: string[] = []
  if (!Number.isInteger(res.errcode)) problems.push('errcode is not an integer')
  if (typeof res.errmsg !== 'string' || !RID.test(res.errmsg)) {
    problems.push(`errmsg ${JSON.stringify(res.errmsg)} does not end with " rid: <rid>"`)
  }
  const extra = Object.keys(res).filter((k) => k !== 'errcode' && k !== 'errmsg')
  if (extra.length) problems.push(`an error carries other fields: ${extra.join(', ')}`)
  return problems
}

function successProblems(ep: Endpoint, res: Record<string, unknown>): string[] {
  const parsed = ep.response.safeParse(res)
  if (!parsed.success) {
    return parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`)
  }
  // Response schemas have no transforms, so the parsed value differs only by dropped keys.
  const problems = unknownFields(parsed.data, res, '').map((p) => `undocumented field ${p}`)
  const expected = { omit: undefined, empty: '', ok: 'ok', 'no-envelope': undefined }[
    ep.successErrmsg
  ]
  if (res.errmsg !== expected) {
    problems.push(
      `errmsg is ${JSON.stringify(res.errmsg)}, the endpoint's convention is ${ep.successErrmsg}`,
    )
  }
  return problems
}

/** Paths present in `raw` but absent from the schema's output `parsed`. */
function unknownFields(parsed: unknown, raw: unknown, at: string): string[] {
  if (Array.isArray(raw) && Array.isArray(parsed)) {
    return raw.flatMap((v, i) => unknownFields(parsed[i], v, `${at}[${i}]`))
  }
  if (raw === null || typeof raw !== 'object' || parsed === null || typeof parsed !== 'object') {
    return []
  }
  const out: string[] = []
  for (const [k, v] of Object.entries(raw)) {
    const path = at ? `${at}.${k}` : k
    if (!(k in parsed)) out.push(path)
    else out.push(...unknownFields((parsed as Record<string, unknown>)[k], v, path))
  }
  return out
}
