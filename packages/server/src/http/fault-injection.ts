/**
 * Where sandbox faults meet a call of the union or successor API (docs/sandbox.md). The gate runs
 * first: an `X-Tuike-Fault` header is refused unless the server was started with `--faults`.
 * The injection runs after the caller is known and its input read, before the handler, so a
 * faulted write never happens; a latency fault delays the call and then lets it run.
 * @module
 */
import type { IncomingMessage } from 'node:http'
import {
  type Endpoint,
  type FaultKind,
  type HeaderFault,
  isPagedOrderEndpoint,
  parseFaultHeader,
} from '@tuike/contract'
import type { EpochRead } from '../services/auth-epoch.ts'
import { WechatError } from '../services/errors.ts'
import { type Faults, unit } from '../services/faults.ts'
import type { PagingDrift } from '../services/paging-drift.ts'
import type { AppContext } from './env.ts'

/** Thrown to close the connection without an answer (app.onError destroys the socket). */
export class DropConnection extends Error {
  constructor() {
    super('fault: drop')
    this.name = 'DropConnection'
  }
}

/** Destroy the request's socket; false outside a node:http server (app.request in tests). */
export function dropSocket(c: AppContext): boolean {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming
  if (!incoming?.socket) return false
  incoming.socket.destroy()
  return true
}

export interface FaultInjector {
  /**
   * The parsed X-Tuike-Fault header (`value`, as sent), or none; throws when the server does not
   * take it.
   */
  gate(value: string | undefined): HeaderFault | undefined
  inject(call: FaultCall): Promise<void>
}

export interface FaultCall {
  ep: Endpoint
  appid: string
  input: unknown
  header: HeaderFault | undefined
  /** The request's read of the auth epoch (shared with its token check). */
  epoch: EpochRead
}

const CALL_KINDS: readonly FaultKind[] = ['errcode', 'latency', 'drop', 'invalidate-tokens']

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export function faultInjector(deps: {
  faults: Faults
  drift: PagingDrift
  /** `--faults`: honour X-Tuike-Fault. */
  headerAllowed: () => boolean
}): FaultInjector {
  const { faults, drift } = deps
  const fire = async (call: FaultCall, f: HeaderFault, faultId: string) => {
    const detail =
      f.kind === 'errcode'
        ? String(f.errcode)
        : f.kind === 'drop'
          ? 'drop'
          : `latency ${f.latencyMs}ms`
    await faults.record({ appid: call.appid, endpoint: call.ep.id, faultId, kind: f.kind, detail })
    if (f.kind === 'errcode') throw new WechatError(f.errcode)
    if (f.kind === 'drop') throw new DropConnection()
    await sleep(f.latencyMs)
  }
  return {
    gate(value) {
      if (value === undefined) return undefined
      if (!deps.headerAllowed()) {
        throw new WechatError(
          48001,
          'api unauthorized: X-Tuike-Fault is honoured only by a sandbox server started with --faults (TUIKE_FAULTS=1)',
        )
      }
      const parsed = parseFaultHeader(value)
      if (typeof parsed === 'string') throw new WechatError(200002, `X-Tuike-Fault: ${parsed}`)
      return parsed
    },
    async inject(call) {
      if (call.header) return fire(call, call.header, 'header')
      const { ep, appid } = call
      if (isPagedOrderEndpoint(ep.id) && laterPage(ep.id, call.input)) {
        const d = await faults.draw(appid, ep.id, ['paging-drift'], call.epoch)
        if (d) {
          const detail = await drift.apply(appid, d.rule.seed, d.n)
          await faults.record({
            appid,
            endpoint: ep.id,
            faultId: d.rule.faultId,
            kind: 'paging-drift',
            detail,
          })
        }
      }
      // Token endpoints cannot lose their own tokens; every other kind applies to them.
      const kinds =
        ep.auth === 'token' ? CALL_KINDS : CALL_KINDS.filter((k) => k !== 'invalidate-tokens')
      const hit = await faults.draw(appid, ep.id, kinds, call.epoch)
      if (!hit) return
      const { rule, n } = hit
      if (rule.kind === 'invalidate-tokens') {
        const errcode = rule.errcode ?? 40001
        await faults.invalidateTokens(appid, errcode)
        await faults.record({
          appid,
          endpoint: ep.id,
          faultId: rule.faultId,
          kind: rule.kind,
          detail: String(errcode),
        })
        throw new WechatError(errcode)
      }
      if (rule.kind === 'latency') {
        const jitter = Math.round((unit(rule.seed, n, 3) * 2 - 1) * rule.jitterMs)
        return fire(
          call,
          { kind: 'latency', latencyMs: Math.max(0, (rule.latencyMs ?? 0) + jitter) },
          rule.faultId,
        )
      }
      if (rule.kind === 'drop') return fire(call, { kind: 'drop' }, rule.faultId)
      return fire(call, { kind: 'errcode', errcode: rule.errcode ?? -1 }, rule.faultId)
    },
  }
}

/** Whether a list call asks for a page after the first (the drift lands between two pages). */
function laterPage(id: string, input: unknown): boolean {
  const q = input as { page?: number; offset?: number; next_key?: string }
  if (id === 'order/search') return (q.page ?? 1) > 1
  if (id === 'order/search_normal_order') return (q.offset ?? 0) > 0
  return Boolean(q.next_key)
}
