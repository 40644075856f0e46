/**
 * The shape of one row of the endpoint table, and the mapping from a schema failure to a
 * WeChat-style `{errcode, errmsg}`.
 * @module
 */
import { z } from 'zod'
import { CONTROL_CHARACTERS_MESSAGE, controlCharacterPath } from './wire.ts'

/** Which errmsg a success response carries, following each endpoint's documented example. */
export type SuccessErrmsg = 'omit' | 'empty' | 'ok' | 'no-envelope'

export interface Endpoint<
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
  M extends 'GET' | 'POST' = 'GET' | 'POST',
> {
  /** Stable id, the path below the family prefix: `promotion/add`, `cgi-bin/token`. */
  id: string
  method: M
  path: string
  /** What it does, in English (the OpenAPI description). */
  summary: string
  /** The same in Chinese, as the console speaks it (the OpenAPI summary /docs lists). */
  zh: string
  /** `token`: `access_token` in the query is required. */
  auth: 'token' | 'credentials'
  /**
   * `store` is the successor API (store-promoter-api.md): snake_case JSON bodies parsed whatever
   * the content type, every field read leniently (§1.10), its own parameter errcodes.
   */
  family: 'token' | 'union' | 'tuike' | 'store'
  /** Query parameters other than access_token (GET endpoints). */
  query?: Q
  /** JSON body (POST endpoints). */
  body?: B
  /** The success response. */
  response: R
  successErrmsg: SuccessErrmsg
  /** Endpoint-specific errcodes it can answer (platform codes apply to all). */
  errcodes: readonly number[]
  /**
   * Errcode for a schema failure at a field, when it is not 200002. Keys are dot paths with `*`
   * for array indexes (`productList.*.customizeInfo`). A key may end in `:<kind>` to apply only
   * to one kind of failure, the zod issue code without its `invalid_` prefix: `:type` (a value of
   * the wrong type, `productList.*.customizeInfo:type`), `:too_big` (over a maximum,
   * `tagList:too_big`), `:too_small`, `:value`, `:format`, `:custom`. A suffixed key wins over
   * the bare key; a missing field only ever uses the bare key of its top-level name.
   */
  fieldErrcodes?: Readonly<Record<string, number>>
  /** Errcode of a schema failure not named in fieldErrcodes; 200002 when absent. */
  paramErrcode?: number
  /** Errcode of an empty body or one that is not a JSON object (store family). */
  bodyErrcode?: number
  /**
   * Response fields (dot paths, `*` for array items) that hold a decimal string on the server
   * side and go over the wire as a bare JSON number with exactly those digits: uint64 ids that
   * WeChat's examples show as numbers but that may exceed 2^53.
   */
  bareNumbers?: readonly string[]
  examples: {
    query?: Record<string, string>
    body?: unknown
    response: unknown
  }
}

/** Keep literal types of a table row while checking it is an Endpoint. */
export function endpoint<
  Q extends z.ZodType,
  B extends z.ZodType,
  R extends z.ZodType,
  M extends 'GET' | 'POST',
>(e: Endpoint<Q, B, R, M>): Endpoint<Q, B, R, M> {
  return e
}

/** What a family's rows share (its auth, envelope, errcodes), filled in under each row's own. */
export type EndpointDefaults = Partial<Omit<Endpoint, 'id' | 'path' | 'examples'>>

/** A row as its table writes it: the key is its id; what the family gives (D) is optional. */
export type EndpointSpec<D = EndpointDefaults> = Omit<Endpoint, 'id' | 'path' | keyof D> &
  Partial<Pick<Endpoint, keyof D & keyof Endpoint>>

/** What a row (or else its family) gives for `key`, or `fallback` when neither does. */
type Given<D, R, key extends string, fallback> = R extends { [k in key]: infer V extends fallback }
  ? V
  : D extends { [k in key]: infer V extends fallback }
    ? V
    : fallback

/** A row of `endpointTable`: an Endpoint of the row's own schemas and method, and its id. */
export type TableRow<D, R, K> = Endpoint<
  Given<D, R, 'query', z.ZodType>,
  Given<D, R, 'body', z.ZodType>,
  Given<D, R, 'response', z.ZodType>,
  Given<D, R, 'method', 'GET' | 'POST'>
> & { id: K }

/**
 * One family's table: each row keyed by its id, its path derived from the id, and what the
 * family shares (`defaults`) written once; a row must give whatever the family does not.
 */
export function endpointTable<
  const D extends EndpointDefaults,
  const T extends Record<string, EndpointSpec<D>>,
>(defaults: D, pathOf: (id: string) => string, rows: T): { [K in keyof T]: TableRow<D, T[K], K> } {
  const table: Record<string, unknown> = {}
  for (const [id, row] of Object.entries(rows)) {
    table[id] = { ...defaults, id, path: pathOf(id), ...row }
  }
  // Object.entries forgets which row belongs to which key; the loop above keeps them paired.
  return table as { [K in keyof T]: TableRow<D, T[K], K> }
}

/** What every row of the union API and of Tuike's extensions shares. */
export const UNION_ROW = { auth: 'token', family: 'union', successErrmsg: 'ok' } as const
type UnionSpec = EndpointSpec<typeof UNION_ROW>

/** Where a union row is served. */
export const unionPath = (id: string) => `/union/promoter/${id}`

/** The union API (union-api.md): `/union/promoter/<id>`, the caller's access_token. */
export function unionTable<const T extends Record<string, UnionSpec>>(rows: T) {
  return endpointTable(UNION_ROW, unionPath, rows)
}

/** Every Tuike extension says so first, and answers 200002 unless its row says otherwise. */
const TUIKE_ROW = { ...UNION_ROW, family: 'tuike', errcodes: [200002] } as const

/** Tuike's extensions: `tuike/<name>` served at `/tuike/v1/<name>`. */
export function tuikeTable<const T extends Record<string, EndpointSpec<typeof TUIKE_ROW>>>(
  rows: T,
) {
  const table = endpointTable(TUIKE_ROW, (id) => `/tuike/v1/${id.slice('tuike/'.length)}`, rows)
  for (const ep of Object.values<Endpoint>(table)) {
    ep.zh = `Tuike 扩展。${ep.zh}`
    ep.summary = `Tuike extension. ${ep.summary}`
  }
  return table
}

/** The input schema of an endpoint: the query of a GET, the body of a POST. */
type InputSchema<E extends Endpoint> = E extends { method: 'GET'; query?: infer Q }
  ? Q
  : E extends { body?: infer B }
    ? B
    : never

/** What a handler receives: the parsed query of a GET endpoint or the parsed body of a POST. */
export type EndpointInput<E extends Endpoint> = [InputSchema<E>] extends [never]
  ? never
  : InputSchema<E> extends z.ZodType
    ? z.output<InputSchema<E>>
    : Record<string, never>

/** What a caller sends: the query of a GET endpoint or the body of a POST, before parsing. */
export type EndpointParams<E extends Endpoint> = [InputSchema<E>] extends [never]
  ? never
  : InputSchema<E> extends z.ZodType
    ? z.input<InputSchema<E>>
    : Record<string, never>

/** The success response of an endpoint. */
export type EndpointResponse<E extends Endpoint> = z.output<E['response']>

/**
 * Validate `input` against `schema`, answering the WeChat-style error for the first issue. A
 * control character anywhere in the input is refused first, whatever the field's schema.
 */
export function parseWire<T extends z.ZodType>(
  ep: Pick<Endpoint, 'fieldErrcodes' | 'paramErrcode'>,
  schema: T,
  input: unknown,
): { ok: true; value: z.output<T> } | { ok: false; errcode: number; errmsg: string } {
  const control = controlCharacterPath(input)
  if (control) {
    return {
      ok: false,
      errcode: ep.paramErrcode ?? 200002,
      errmsg: `${fieldName(control)} ${CONTROL_CHARACTERS_MESSAGE}`,
    }
  }
  const result = schema.safeParse(input)
  if (result.success) return { ok: true, value: result.data }
  const issue = result.error.issues[0]
  if (issue?.path.length === 0 && issue.code === 'invalid_type' && schema instanceof z.ZodObject) {
    // A bare array or scalar where an object belongs (EasyWeChat 5 posts order/info's id list
    // bare): teach the shape instead of only saying "object".
    return {
      ok: false,
      errcode: ep.paramErrcode ?? 200002,
      errmsg: `body must be ${objectTemplate(schema)}`,
    }
  }
  return { ok: false, ...wireErrorOf(ep, result.error, input) }
}

/** `{"key": <placeholder>, …}` for the required keys of `schema` (all keys when none is). */
export function objectTemplate(schema: z.ZodObject): string {
  const entries = Object.entries(schema.shape as Record<string, z.ZodType>)
  const required = entries.filter(([, s]) => !s.safeParse(undefined).success)
  const shown = required.length ? required : entries
  return `{${shown.map(([k, s]) => `${JSON.stringify(k)}: ${placeholder(s)}`).join(', ')}}`
}

/** A short sample of what `schema` takes: `"..."`, `[...]`, `{...}`, a literal's value. */
function placeholder(schema: z.ZodType): string {
  const def = schema._zod.def as { type: string } & Record<string, unknown>
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
      return placeholder(def.innerType as z.ZodType)
    case 'pipe':
      return placeholder(def.in as z.ZodType)
    case 'union':
      return placeholder((def.options as z.ZodType[])[0]!)
    case 'literal':
      return JSON.stringify((def.values as unknown[])[0])
    case 'string':
      return '"..."'
    case 'array':
      return '[...]'
    case 'object':
      return '{...}'
    case 'boolean':
      return 'true'
    default:
      return '0'
  }
}

/**
 * Read a request's input: the query of a GET endpoint or the body of a POST, validated by its
 * schema (no schema: `{}`).
 */
export function parseInput<E extends Endpoint>(
  ep: E,
  raw: unknown,
): { ok: true; value: EndpointInput<E> } | { ok: false; errcode: number; errmsg: string } {
  const schema = ep.method === 'GET' ? ep.query : ep.body
  const parsed = schema ? parseWire(ep, schema, raw) : { ok: true as const, value: {} }
  // TypeScript does not narrow EndpointInput<E> through the runtime method check above.
  return parsed as
    | { ok: true; value: EndpointInput<E> }
    | { ok: false; errcode: number; errmsg: string }
}

/** The WeChat-style error for the first schema issue of `input`, without the rid suffix. */
export function wireErrorOf(
  ep: Pick<Endpoint, 'fieldErrcodes' | 'paramErrcode'>,
  error: z.ZodError,
  input: unknown,
): { errcode: number; errmsg: string } {
  const fallback = ep.paramErrcode ?? 200002
  const issue = error.issues[0]
  if (!issue) return { errcode: fallback, errmsg: 'invalid parameter' }
  const field = fieldName(issue.path)
  const missing = valueAt(input, issue.path) === undefined || valueAt(input, issue.path) === null
  // A refinement names its own rule ("is required with product_id"), even on an absent field.
  if (missing && issue.code !== 'custom') {
    const errcode = ep.fieldErrcodes?.[String(issue.path[0])] ?? fallback
    return { errcode, errmsg: `${field} cannot be empty` }
  }
  const pattern = issue.path.map((p) => (typeof p === 'number' ? '*' : String(p))).join('.')
  const kind = issue.code.replace(/^invalid_/, '')
  let errcode = fallback
  for (const key of [pattern, String(issue.path[0])]) {
    const code = ep.fieldErrcodes?.[`${key}:${kind}`] ?? ep.fieldErrcodes?.[key]
    if (code !== undefined) {
      errcode = code
      break
    }
  }
  return { errcode, errmsg: describeIssue(field, issue) }
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input
  for (const p of path) {
    // JSON-text query parameters (shippingMethods, addressList) hold the rest of the path.
    if (typeof v === 'string' && /^\s*[[{]/.test(v)) {
      try {
        v = JSON.parse(v)
      } catch {
        return undefined
      }
    }
    if (v === null || typeof v !== 'object') return undefined
    v = (v as Record<PropertyKey, unknown>)[p]
  }
  return v
}

function fieldName(path: readonly PropertyKey[]): string {
  let out = ''
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p)
  return out || 'body'
}

function describeIssue(field: string, issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `${field} must be ${article(issue.expected)}`
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) <= 1) return `${field} cannot be empty`
      if (issue.origin === 'array')
        return `${field} needs at least ${issue.minimum} item${Number(issue.minimum) === 1 ? '' : 's'}`
      return `${field} must be >= ${issue.minimum}`
    case 'too_big':
      // A schema's own message ("must …") says more than the bound (WireId beyond 2^53).
      if (issue.message.startsWith('must ')) return `${field} ${issue.message}`
      if (issue.origin === 'string') return `${field} is too long (max ${issue.maximum} characters)`
      if (issue.origin === 'array') return `${field} has too many items (max ${issue.maximum})`
      return `${field} must be <= ${issue.maximum}`
    case 'invalid_value':
      return `${field} must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`
    case 'invalid_format':
      return `${field} is not in a valid format`
    case 'invalid_union': {
      // A value of the right form but out of range says so (`start` of 2^64 is too big, not
      // "not an integer"), whichever branch of the union read it.
      const inner = issue.errors.flat().find((e) => e.code === 'too_big' || e.code === 'too_small')
      if (inner) return describeIssue(field, inner)
      return issue.message && issue.message !== 'Invalid input'
        ? `${field} ${issue.message}`
        : `${field} has an invalid value`
    }
    case 'unrecognized_keys':
      return `${field} has unknown key${issue.keys.length === 1 ? '' : 's'} ${issue.keys.join(', ')}`
    default:
      return `${field} ${issue.message}`
  }
}

function article(expected: string): string {
  const word = expected === 'int' ? 'integer' : expected
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`
}
