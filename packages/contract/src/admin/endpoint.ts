/**
 * The shape of one row of the operator API table (`/admin/v1`), and its error mapping. Unlike
 * the union API, the operator API answers real HTTP statuses with a JSON `{errcode, errmsg}`.
 * @module
 */
import { z } from 'zod'
import { CONTROL_CHARACTERS_MESSAGE, controlCharacterPath } from '../wire.ts'

export type AdminMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface AdminEndpoint<
  P extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  /** Stable id: `promoters/create`. */
  id: string
  method: AdminMethod
  /** Hono path with `:name` parameters: `/admin/v1/promoters/:appid`. */
  path: string
  /** What it does, in English (the OpenAPI description). */
  summary: string
  /** The same in Chinese (the OpenAPI summary /docs lists). */
  zh: string
  /** Path parameters (a value outside an enum answers 404 40066, as an unknown path would). */
  params?: P
  /** JSON body; with `bodyType: 'ndjson'`, NdjsonText (the raw text, read line by line). */
  body?: B
  bodyType?: 'json' | 'ndjson'
  /** The success response. */
  response: R
  /** HTTP status of a success. */
  status: 200 | 201
}

/**
 * An operator row as its table writes it: `route` is the method and the path below `/admin/v1`,
 * whose `:name` segments are the path parameters (non-empty strings, unless `params` gives one
 * its own schema); the status of a success is 200 unless given.
 */
export interface AdminSpec {
  route: `${AdminMethod} /${string}`
  summary: string
  zh: string
  params?: Record<string, z.ZodType>
  body?: z.ZodType
  bodyType?: 'json' | 'ndjson'
  response: z.ZodType
  status?: 201
}

/** The `:name` segments of a route, in order, each with its schema (`O` overrides the default). */
type ParamShape<Path, O> = Path extends `${string}:${infer N}/${infer Rest}`
  ? { [K in N]: K extends keyof O ? O[K] : z.ZodString } & ParamShape<Rest, O>
  : Path extends `${string}:${infer N}`
    ? { [K in N]: K extends keyof O ? O[K] : z.ZodString }
    : unknown

type PathOf<S> = S extends { route: `${string} ${infer P}` } ? P : never
type OwnParams<S> = S extends { params: infer O } ? O : Record<never, never>
type ParamsOf<S> =
  PathOf<S> extends `${string}:${string}`
    ? z.util.Flatten<ParamShape<PathOf<S>, OwnParams<S>>> extends infer Shape extends
        z.core.$ZodLooseShape
      ? z.ZodObject<Shape>
      : never
    : z.ZodUndefined
type Given<S, key extends string> = S extends { [k in key]: infer V extends z.ZodType }
  ? V
  : z.ZodUndefined

/** A row of `adminTable`: an AdminEndpoint of the row's own schemas, and its id. */
export type AdminRow<S extends AdminSpec, K> = AdminEndpoint<
  ParamsOf<S>,
  Given<S, 'body'>,
  S['response']
> & { id: K }

/** One operator resource's rows, keyed by id, with the paths, parameters and statuses filled in. */
export function adminTable<const T extends Record<string, AdminSpec>>(
  rows: T,
): { [K in keyof T]: AdminRow<T[K], K> } {
  const table: Record<string, AdminEndpoint> = {}
  for (const [id, { route, params: own, status, ...row }] of Object.entries(rows)) {
    const [method, path] = route.split(' ') as [AdminMethod, string]
    const names = [...path.matchAll(/:(\w+)/g)].map((m) => m[1]!)
    const stray = Object.keys(own ?? {}).filter((n) => !names.includes(n))
    if (stray.length) throw new Error(`${id}: ${stray.join(', ')} is not a parameter of ${path}`)
    const ep: AdminEndpoint = {
      id,
      method,
      path: `/admin/v1${path}`,
      ...row,
      status: status ?? 200,
    }
    if (names.length) {
      ep.params = z.object(Object.fromEntries(names.map((n) => [n, own?.[n] ?? z.string().min(1)])))
    }
    table[id] = ep
  }
  // The loop keeps each key with its row; Object.entries does not carry that to the types.
  return table as { [K in keyof T]: AdminRow<T[K], K> }
}

type Out<T> = [T] extends [z.ZodType] ? z.output<T> : undefined
type In<T> = [T] extends [z.ZodType] ? z.input<T> : undefined

/** What a handler receives: parsed path parameters and body (undefined where there is none). */
export interface AdminInput<E extends AdminEndpoint> {
  params: Out<Exclude<E['params'], undefined>>
  body: Out<Exclude<E['body'], undefined>>
}

/** What a caller sends: path parameters and body before parsing. */
export interface AdminParams<E extends AdminEndpoint> {
  params: In<Exclude<E['params'], undefined>>
  body: In<Exclude<E['body'], undefined>>
}

/** The body of an NDJSON endpoint (`bodyType: 'ndjson'`): its raw text. */
export const NdjsonText = z.string().describe('NDJSON: one JSON object a line')

/** The success response of an operator endpoint. */
export type AdminResponse<E extends AdminEndpoint> = z.input<E['response']>

export interface AdminInputError {
  ok: false
  errcode: number
  errmsg: string
  /** A path parameter outside its values is an unknown path (404); anything else is a 400. */
  fault: 'not_found' | 'invalid'
}

/**
 * Read an operator request: path parameters by their schema (a value outside an enum answers
 * 40066 `invalid url`), and the body: NDJSON as text, JSON parsed (47001 when it does not parse)
 * and validated (200002 naming the field), or ignored when the endpoint takes none.
 */
export function parseAdminInput<E extends AdminEndpoint>(
  ep: E,
  rawParams: Record<string, string>,
  bodyText: string,
): { ok: true; value: AdminInput<E> } | AdminInputError {
  let params: unknown
  if (ep.params) {
    const parsed = ep.params.safeParse(rawParams)
    if (!parsed.success) return paramError(ep.params, parsed.error)
    params = parsed.data
  }
  let body: unknown
  if (ep.bodyType === 'ndjson') body = bodyText
  else if (ep.body) {
    let raw: unknown
    try {
      raw = JSON.parse(bodyText)
    } catch {
      return {
        ok: false,
        errcode: 47001,
        errmsg: 'data format error: the body must be JSON',
        fault: 'invalid',
      }
    }
    const control = controlCharacterPath(raw)
    if (control) {
      const errmsg = `${control.join('.') || 'body'}: ${CONTROL_CHARACTERS_MESSAGE}`
      return { ok: false, errcode: 200002, errmsg, fault: 'invalid' }
    }
    const parsed = ep.body.safeParse(raw)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!
      const errmsg = `${issue.path.join('.') || 'body'}: ${issue.message}`
      return { ok: false, errcode: 200002, errmsg, fault: 'invalid' }
    }
    body = parsed.data
  }
  // TypeScript does not follow AdminInput<E>'s conditional types through the checks above.
  return { ok: true, value: { params, body } as AdminInput<E> }
}

function paramError(schema: z.ZodType, error: z.ZodError): AdminInputError {
  const issue = error.issues[0]!
  const name = String(issue.path[0] ?? 'path')
  const field =
    schema instanceof z.ZodObject ? (schema.shape[name] as z.ZodType | undefined) : undefined
  const label = field?.description ?? name
  const values = issue.code === 'invalid_value' ? issue.values.join(', ') : undefined
  const errmsg = values
    ? `invalid url: ${label} must be one of ${values}`
    : `invalid url: ${label}: ${issue.message}`
  return { ok: false, errcode: 40066, errmsg, fault: 'not_found' }
}
