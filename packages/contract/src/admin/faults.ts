/**
 * Sandbox fault injection (docs/sandbox.md): the operator's fault rules, the log of faults that
 * fired, and the per-request `X-Tuike-Fault` header of a server started with `--faults`.
 * @module
 */
import { z } from 'zod'
import { ENDPOINTS, STORE_ENDPOINTS } from '../endpoints.ts'
import { errcodeInfo } from '../errcodes.ts'
import { adminTable } from './endpoint.ts'

export const FAULT_KINDS = [
  'errcode',
  'latency',
  'drop',
  'invalidate-tokens',
  'paging-drift',
  'duplicate-deliveries',
] as const
export type FaultKind = (typeof FAULT_KINDS)[number]

/** The per-request fault header (honoured only with `--faults`). */
export const FAULT_HEADER = 'x-tuike-fault'

/** Endpoint ids a rule may name: the union's and the successor's. */
export const FAULT_ENDPOINT_IDS: ReadonlySet<string> = new Set([
  ...Object.keys(ENDPOINTS),
  ...Object.keys(STORE_ENDPOINTS),
])

/** The list endpoints paging-drift acts on (between two of their pages). */
export const PAGED_ORDER_ENDPOINTS = [
  'order/search',
  'order/search_normal_order',
  'headsupplier/order/list/get',
] as const

const MAX_LATENCY_MS = 120_000

export const FaultRuleInput = z
  .object({
    kind: z.enum(FAULT_KINDS),
    appid: z.string().min(1).optional(),
    endpoint: z
      .string()
      .refine((id) => FAULT_ENDPOINT_IDS.has(id), 'not an endpoint id of the contract')
      .optional(),
    /** Probability a matching call fires, drawn from `seed`. */
    rate: z.number().gt(0).max(1).default(1),
    /** Fire only for the next `times` matching calls (that the rate lets through). */
    times: z.number().int().min(1).optional(),
    seed: z.number().int().min(0).max(0xffffffff).default(1),
    errcode: z.number().int().optional(),
    latencyMs: z.number().int().min(0).max(MAX_LATENCY_MS).optional(),
    jitterMs: z.number().int().min(0).max(MAX_LATENCY_MS).default(0),
    /** duplicate-deliveries: deliveries within this window are duplicated and reordered. */
    windowMs: z.number().int().min(0).max(MAX_LATENCY_MS).default(2000),
  })
  .superRefine((r, ctx) => {
    const issue = (path: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [path], message })
    if (r.kind === 'errcode') {
      if (r.errcode === undefined) issue('errcode', 'required when kind is errcode')
      else if (r.errcode === 0 || !errcodeInfo(r.errcode))
        issue('errcode', 'not an errcode of the catalogue (docs: tuike errcodes)')
    }
    if (
      r.kind === 'invalidate-tokens' &&
      r.errcode !== undefined &&
      ![40001, 42001].includes(r.errcode)
    )
      issue('errcode', 'invalidate-tokens answers 40001 (superseded, default) or 42001 (expired)')
    if (r.kind === 'latency' && r.latencyMs === undefined)
      issue('latencyMs', 'required when kind is latency')
    if (r.latencyMs !== undefined && r.jitterMs > r.latencyMs)
      issue('jitterMs', 'must not exceed latencyMs')
    if (r.kind === 'paging-drift' && r.endpoint && !isPagedOrderEndpoint(r.endpoint))
      issue('endpoint', `paging-drift acts on ${PAGED_ORDER_ENDPOINTS.join(', ')}`)
  })
export type FaultRuleInput = z.infer<typeof FaultRuleInput>

export function isPagedOrderEndpoint(id: string): boolean {
  return (PAGED_ORDER_ENDPOINTS as readonly string[]).includes(id)
}

export const FaultRule = z.object({
  faultId: z.string(),
  kind: z.enum(FAULT_KINDS),
  appid: z.string().nullable(),
  endpoint: z.string().nullable(),
  rate: z.number(),
  times: z.number().int().nullable(),
  seed: z.number().int(),
  errcode: z.number().int().nullable(),
  latencyMs: z.number().int().nullable(),
  jitterMs: z.number().int(),
  windowMs: z.number().int(),
  /** Matching calls seen so far (the index of the seeded draw). */
  matched: z.number().int(),
  /** Times it fired. */
  fired: z.number().int(),
  /** Unix milliseconds. */
  createdAt: z.number().int(),
})
export type FaultRule = z.infer<typeof FaultRule>

export const FaultLogEntry = z.object({
  /** Unix milliseconds (the server clock). */
  at: z.number().int(),
  appid: z.string(),
  /** The endpoint id, or `webhook` for a delivery. */
  endpoint: z.string(),
  /** The rule, or `header` for an X-Tuike-Fault request. */
  faultId: z.string(),
  kind: z.enum(FAULT_KINDS),
  /** What it did: `45011`, `latency 812ms`, `drop`, `refund 1952…`. */
  detail: z.string(),
})
export type FaultLogEntry = z.infer<typeof FaultLogEntry>

/** A per-request fault: an errcode, a latency, or a drop. */
export type HeaderFault =
  | { kind: 'errcode'; errcode: number }
  | { kind: 'latency'; latencyMs: number }
  | { kind: 'drop' }

/** Read `X-Tuike-Fault: 45011 | latency=800 | drop`; a string saying why when it is not one. */
export function parseFaultHeader(value: string): HeaderFault | string {
  const v = value.trim()
  if (v === 'drop') return { kind: 'drop' }
  const latency = /^latency=(\d{1,6})$/.exec(v)
  if (latency) {
    const ms = Number(latency[1])
    if (ms > MAX_LATENCY_MS) return `latency must be at most ${MAX_LATENCY_MS} ms`
    return { kind: 'latency', latencyMs: ms }
  }
  if (/^-?\d{1,9}$/.test(v)) {
    const errcode = Number(v)
    if (errcode !== 0 && errcodeInfo(errcode)) return { kind: 'errcode', errcode }
    return `${v} is not an errcode of the catalogue`
  }
  return `"${v.slice(0, 40)}" is not one of <errcode>, latency=<ms>, drop`
}

export const ADMIN_FAULT_ENDPOINTS = adminTable({
  'faults/create': {
    route: 'POST /faults',
    zh: '新增故障规则（errcode、延迟、断开连接、令牌失效、翻页漂移、重复投递）',
    summary:
      'Add a fault rule (errcode, latency, drop, invalidate-tokens, paging-drift, duplicate-deliveries)',
    body: FaultRuleInput,
    response: z.object({ faultId: z.string() }),
    status: 201,
  },
  'faults/list': {
    route: 'GET /faults',
    zh: '故障规则及其计数',
    summary: 'The fault rules with their counters',
    response: z.object({ faults: z.array(FaultRule) }),
  },
  'faults/log': {
    route: 'GET /faults/log',
    zh: '已触发的故障，最新在前（最近 500 条）',
    summary: 'The faults that fired, newest first (the last 500)',
    response: z.object({ entries: z.array(FaultLogEntry) }),
  },
  'faults/delete': {
    route: 'DELETE /faults/:faultId',
    zh: '删除故障规则（不存在时返回 404）；其日志保留',
    summary: 'Remove a fault rule (404 when unknown); its log entries stay',
    response: z.object({ faultId: z.string(), deleted: z.literal(true) }),
  },
})
