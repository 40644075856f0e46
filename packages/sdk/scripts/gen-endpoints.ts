/**
 * `src/generated/endpoints.ts`: one method per row of the contract's ENDPOINTS and
 * STORE_ENDPOINTS, on a base class per resource (`GeneratedPromotions`, `GeneratedStoreSharers`,
 * …) that the hand-written resource (`Promotions`, `StoreSharers`, …) extends with what is more
 * than one request: auto-pagers, chunking, token handling.
 *
 * Where each piece comes from: the method's name from `src/endpoint-methods.ts` (the SDK's map,
 * `resource.verb` or `resource.sub.verb`); its JSDoc from the row's summary, method, path and
 * errcodes; its argument and return types from the wire types of the row; how it sends from the
 * row's method and family (GET: the query; union and tuike POST: a write never retried once
 * answered; store: a POST that parses uint64 ids exactly). What the contract cannot say is in
 * SHAPES below.
 * @module
 */
import type { Endpoint } from '@tuike/contract'
import { HEADER } from './gen-sources.ts'

/** What a method does beyond what its row says. */
interface Shape {
  /** Written by hand in its resource (no generated method). */
  hand?: true
  /** The input may be left out (`= {}`). */
  optional?: true
  /** A POST the client may retry (it changes nothing). */
  retry?: true
  /** The method takes this one field of the body as its argument (of `argType`, if given). */
  arg?: string
  argType?: string
  /** Takes this SDK type (exported by `resources/<from>.ts`) and wire-encodes it with `encode`. */
  params?: { type: string; from: string; encode: string }
}

const productFilters = (type: string, from: string) => ({
  params: { type, from, encode: 'encodeProductFilters' },
})

/** Per endpoint id, when the method is not the plain call of its row. */
export const SHAPES: Record<string, Shape> = {
  'cgi-bin/token': { hand: true },
  'cgi-bin/stable_token': { hand: true },
  'promotion/list': { optional: true },
  'product/list': productFilters('ProductListParams', 'products'),
  'product/select': productFilters('ProductSelectParams', 'products'),
  'product/generate': { retry: true },
  'product/parse_tag': { retry: true },
  // The wire also takes numbers; the SDK's callers give strings (ids can exceed 2^53).
  'order/info': { retry: true, arg: 'orderIdList', argType: 'readonly string[]' },
  'order/search_normal_order': {
    params: { type: 'NormalOrderSearchParams', from: 'orders', encode: 'encodeNormalOrderQuery' },
  },
  'open_product/list': productFilters('OpenProductListParams', 'open-products'),
  'open_product/generate': { retry: true },
  'tuike/order/changes': { optional: true },
  'tuike/webhook/del': { arg: 'webhookId' },
  'tuike/webhook/test': { arg: 'webhookId' },
  'tuike/webhook/redeliver': { arg: 'deliveryId' },
  'tuike/report': { optional: true },
  'promoter/get_bind_sharer_list': { optional: true },
}

const pascal = (s: string) => s[0]!.toUpperCase() + s.slice(1)
/** `tuike.webhooks` → `TuikeWebhooks`: the hand-written resource's class name. */
export const className = (group: string) => group.split('.').map(pascal).join('')

/** The row has no input: no schema, or an object schema without keys. */
function noInput(schema: unknown): boolean {
  if (!schema) return true
  const shape = (schema as { shape?: Record<string, unknown> }).shape
  return shape !== undefined && Object.keys(shape).length === 0
}

interface Row {
  ep: Endpoint
  /** Wire type prefix (`PromotionCreate`). */
  prefix: string
  verb: string
  /** The input is named `<prefix>Params` (gen-wire-types.ts PARAMS). */
  params: boolean
}

function method({ ep, prefix, verb, params }: Row, types: Set<string>): string {
  const shape = SHAPES[ep.id] ?? {}
  const get = ep.method === 'GET'
  const input = `${prefix}${params ? 'Params' : get ? 'Query' : 'Body'}`
  const response = `${prefix}Response`
  types.add(response)
  const args: string[] = []
  let value = get ? 'query' : 'body'
  if (!noInput(get ? ep.query : ep.body)) {
    if (!shape.params && !shape.argType) types.add(input)
    if (shape.arg) {
      args.push(`${shape.arg}: ${shape.argType ?? `${input}['${shape.arg}']`}`)
      value = `{ ${shape.arg} }`
    } else if (shape.params) {
      args.push(`params: ${shape.params.type}`)
      value = `${shape.params.encode}(params)`
    } else args.push(`${value}: ${input}${shape.optional ? ' = {}' : ''}`)
  } else value = ''
  args.push('options?: RequestOptions')
  const path = `'${ep.path}'`
  const send =
    ep.family === 'store'
      ? `this._store(${path}, ${value}, options)`
      : get
        ? value
          ? `this._query(${path}, ${value}, options)`
          : `this._client.get(${path}, { ...options })`
        : shape.retry
          ? `this._client.post(${path}, { ${value === 'body' ? value : `body: ${value}`}, ...options })`
          : `this._write(${path}, ${value}, options)`
  const errors = ep.errcodes.length ? ` Errors: ${ep.errcodes.join(', ')}.` : ''
  return `  /**
   * ${ep.summary}
   *
   * \`${ep.method} ${ep.path}\`.${errors}
   */
  ${verb}(${args.join(', ')}): APIPromise<${response}> {
    return ${send}
  }
`
}

/**
 * The file's text. `methods`: endpoint id → `group.verb` (endpoint-methods.ts); `prefixes`:
 * endpoint id → wire type prefix, `params`: the ids whose input has a `<prefix>Params` name
 * (both from gen-wire-types.ts).
 */
export function endpointsSource(
  endpoints: readonly Endpoint[],
  methods: Record<string, string>,
  prefixes: Record<string, string>,
  params: ReadonlySet<string>,
): string {
  const ids = new Set(endpoints.map((ep) => ep.id))
  for (const id of Object.keys(SHAPES)) {
    if (!ids.has(id)) throw new Error(`gen-endpoints: SHAPES names ${id}, which is no endpoint`)
  }
  const groups = new Map<string, Row[]>()
  for (const ep of endpoints) {
    if (SHAPES[ep.id]?.hand) continue
    const name = methods[ep.id]
    const prefix = prefixes[ep.id]
    if (!name || !prefix) throw new Error(`gen-endpoints: no SDK method or type name for ${ep.id}`)
    const group = name.slice(0, name.lastIndexOf('.'))
    const verb = name.slice(name.lastIndexOf('.') + 1)
    groups.set(group, [
      ...(groups.get(group) ?? []),
      { ep, prefix, verb, params: params.has(ep.id) },
    ])
  }
  const types = new Set<string>()
  const classes = [...groups].map(
    ([group, rows]) =>
      `/** The requests of \`client.${group}\`, one per row; \`${className(group)}\` adds the rest. */
export abstract class Generated${className(group)} extends APIResource {
${rows.map((r) => method(r, types)).join('\n')}}
`,
  )
  const shapes = Object.values(SHAPES).flatMap((s) => (s.params ? [s.params] : []))
  const encoders = [...new Set(shapes.map((p) => p.encode))].sort()
  const froms = [...new Set(shapes.map((p) => p.from))].sort()
  const sdkTypes = froms.map(
    (f) =>
      `import type { ${[...new Set(shapes.filter((p) => p.from === f).map((p) => p.type))].sort().join(', ')} } from '../resources/${f}.ts'`,
  )
  return `${HEADER}
/**
 * The union, Tuike and successor API rows as methods: a base class per resource, extended by
 * the hand-written resource of the same name (without \`Generated\`).
 * @module
 */
import type { APIPromise } from '../core/api-promise.ts'
import { APIResource } from '../core/resource.ts'
import { ${encoders.join(', ')} } from '../internal/encode.ts'
import type { RequestOptions } from '../internal/request-options.ts'
${sdkTypes.join('\n')}
import type {
${[...types]
  .sort()
  .map((t) => `  ${t},`)
  .join('\n')}
} from '../wire-types.ts'

${classes.join('\n')}`
}
