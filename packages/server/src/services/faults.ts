/**
 * Sandbox fault rules (docs/sandbox.md): which call a rule matches, whether it fires, and the log
 * of what fired. Rules and their counters are rows, so several instances draw from one sequence:
 * the n-th matching call of a rule fires when `unit(seed, n) < rate` (and, with `times`, while
 * fewer than `times` have fired), so a run with the same calls replays exactly.
 * @module
 */
import { randomBytes } from 'node:crypto'
import type { FaultKind, FaultLogEntry, FaultRule, FaultRuleInput } from '@tuike/contract'
import type { Kysely, Selectable, Transaction } from 'kysely'
import type { Clock } from '../clock.ts'
import type { Database, FaultRulesTable } from '../db/schema.ts'
import { type AuthEpoch, bumpAuthEpoch, type EpochRead } from './auth-epoch.ts'
import { WechatError } from './errors.ts'

/** Log entries GET /admin/v1/faults/log shows. */
const LOG_LIMIT = 500

let logCount = 0

/**
 * A uniform number in [0, 1) from (seed, n, salt): murmur3's finaliser over the mixed inputs.
 * Stateless, so every instance computes the same draw for the same matching call.
 */
export function unit(seed: number, n: number, salt = 0): number {
  let h = (seed ^ Math.imul(n, 0x9e3779b1) ^ Math.imul(salt + 1, 0x85ebca6b)) >>> 0
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return (h >>> 0) / 2 ** 32
}

export interface FiredRule {
  rule: FaultRule
  /** The index of the matching call that fired (seeds its other draws: jitter, drift). */
  n: number
}

export class Faults {
  /**
   * Every rule, in draw order, as of the auth epoch (rule changes move it): a call with no
   * matching rule, the usual case, costs no query. Counters are always counted in the database.
   */
  #rules: Promise<Selectable<FaultRulesTable>[]> | undefined

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly epoch: AuthEpoch,
  ) {
    epoch.onChange(() => {
      this.#rules = undefined
    })
  }

  async create(input: FaultRuleInput): Promise<{ faultId: string }> {
    const faultId = `f_${randomBytes(6).toString('hex')}`
    await this.db.transaction().execute(async (trx) => {
      await this.#insert(trx, faultId, input)
      await bumpAuthEpoch(trx)
    })
    return { faultId }
  }

  async #insert(trx: Transaction<Database>, faultId: string, input: FaultRuleInput) {
    await trx
      .insertInto('fault_rules')
      .values({
        fault_id: faultId,
        kind: input.kind,
        appid: input.appid ?? null,
        endpoint: input.endpoint ?? null,
        rate: input.rate,
        times: input.times ?? null,
        seed: input.seed,
        errcode: input.errcode ?? null,
        latency_ms: input.latencyMs ?? null,
        jitter_ms: input.jitterMs,
        window_ms: input.windowMs,
        created_at: this.clock.now(),
      })
      .execute()
  }

  async list(): Promise<FaultRule[]> {
    const rows = await this.db
      .selectFrom('fault_rules')
      .selectAll()
      .orderBy('created_at')
      .orderBy('fault_id')
      .execute()
    return rows.map(ruleView)
  }

  async delete(faultId: string): Promise<{ faultId: string; deleted: true }> {
    const res = await this.db.transaction().execute(async (trx) => {
      await bumpAuthEpoch(trx)
      return trx.deleteFrom('fault_rules').where('fault_id', '=', faultId).executeTakeFirst()
    })
    if (Number(res.numDeletedRows) === 0) {
      throw new WechatError(40066, `no fault rule ${faultId}`, 'not_found')
    }
    return { faultId, deleted: true }
  }

  async log(): Promise<FaultLogEntry[]> {
    const rows = await this.db
      .selectFrom('fault_log')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(LOG_LIMIT)
      .execute()
    return rows.map((r) => ({
      at: Number(r.at),
      appid: r.appid,
      endpoint: r.endpoint,
      faultId: r.fault_id,
      kind: r.kind as FaultKind,
      detail: r.detail,
    }))
  }

  async record(e: Omit<FaultLogEntry, 'at'>): Promise<void> {
    // Ids ordered by real time and, within a millisecond, by this process's count: the log keeps
    // the order faults fired in even while a test clock stands still.
    const at = this.clock.now()
    const id = `${String(Date.now()).padStart(15, '0')}-${String(logCount++ % 1e6).padStart(6, '0')}-${randomBytes(3).toString('hex')}`
    await this.db
      .insertInto('fault_log')
      .values({
        id,
        at,
        appid: e.appid,
        endpoint: e.endpoint,
        fault_id: e.faultId,
        kind: e.kind,
        detail: e.detail,
      })
      .execute()
  }

  /**
   * The first rule of `kinds` matching (appid, endpoint) that fires for this call, after counting
   * the call against every matching rule it tries; undefined when none fires. `readEpoch`: the
   * request's read of the auth epoch, shared with its token check.
   */
  async draw(
    appid: string,
    endpoint: string,
    kinds: readonly FaultKind[],
    readEpoch: EpochRead = () => this.epoch.check(),
  ): Promise<FiredRule | undefined> {
    const epoch = await readEpoch()
    let all = this.#rules
    if (!all) {
      all = this.db
        .selectFrom('fault_rules')
        .selectAll()
        .orderBy('created_at')
        .orderBy('fault_id')
        .execute()
      // Read under an epoch that has since moved: possibly stale, so not kept.
      if (epoch === this.epoch.seen) this.#rules = all
      all.catch(() => {
        if (this.#rules === all) this.#rules = undefined
      })
    }
    const rules = (await all).filter(
      (r) =>
        (kinds as readonly string[]).includes(r.kind) &&
        (r.appid === null || r.appid === appid) &&
        (r.endpoint === null || r.endpoint === endpoint),
    )
    for (const row of rules) {
      const fired = await this.#try(row)
      if (fired) return fired
    }
    return undefined
  }

  async #try(row: Selectable<FaultRulesTable>): Promise<FiredRule | undefined> {
    const counted = await this.db
      .updateTable('fault_rules')
      .set((eb) => ({ matched: eb('matched', '+', 1) }))
      .where('fault_id', '=', row.fault_id)
      .returning('matched')
      .executeTakeFirst()
    if (!counted) return undefined // deleted meanwhile
    const n = Number(counted.matched)
    if (unit(Number(row.seed), n) >= row.rate) return undefined
    // One conditional UPDATE: two instances racing for the last of `times` cannot both win.
    let take = this.db
      .updateTable('fault_rules')
      .set((eb) => ({ fired: eb('fired', '+', 1) }))
      .where('fault_id', '=', row.fault_id)
    if (row.times !== null) take = take.where('fired', '<', row.times)
    const res = await take.executeTakeFirst()
    if (Number(res.numUpdatedRows) === 0) return undefined
    return { rule: ruleView(row), n }
  }

  /**
   * invalidate-tokens: every live token of the account stops working now, as if a refresh
   * elsewhere superseded it (40001) or it ran out (42001).
   */
  async invalidateTokens(appid: string, errcode: number): Promise<void> {
    const now = Math.floor(this.clock.now() / 1000)
    const expire = errcode === 42001
    await this.db.transaction().execute(async (trx) => {
      await bumpAuthEpoch(trx)
      await trx
        .updateTable('access_tokens')
        .set(expire ? { expires_at: now } : { valid_until: now })
        .where('appid', '=', appid)
        .where((eb) =>
          expire
            ? eb('expires_at', '>', now)
            : eb.or([eb('valid_until', 'is', null), eb('valid_until', '>', now)]),
        )
        .execute()
    })
  }
}

function ruleView(r: Selectable<FaultRulesTable>): FaultRule {
  return {
    faultId: r.fault_id,
    kind: r.kind as FaultKind,
    appid: r.appid,
    endpoint: r.endpoint,
    rate: Number(r.rate),
    times: r.times,
    seed: Number(r.seed),
    errcode: r.errcode,
    latencyMs: r.latency_ms,
    jitterMs: r.jitter_ms,
    windowMs: r.window_ms,
    matched: Number(r.matched),
    fired: Number(r.fired),
    createdAt: Number(r.created_at),
  }
}
