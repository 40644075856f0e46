/**
 * access_token issuing and checking, as WeChat does it (union-api.md §3).
 *
 * - /cgi-bin/token: every call issues a new random token; the previous one keeps working for
 *   `tokenGrace` seconds (or until its own expiry), then answers 40001.
 * - /cgi-bin/stable_token: normal mode hands back the current token while more than
 *   `stableRollBefore` seconds remain; force mode replaces it at once (20/day, 30 s apart).
 * - Classic and stable tokens are independent. Only SHA-256 hashes are stored; a stable token is
 *   re-derived from a stored nonce and the server key, so every instance returns the same one.
 * @module
 */
import { createHmac } from 'node:crypto'
import type { Kysely } from 'kysely'
import { type Clock, nowSeconds } from '../clock.ts'
import type { ServerConfig } from '../config.ts'
import type { Database } from '../db/schema.ts'
import { randomToken, sha256 } from '../security/hash.ts'
import { type AuthEpoch, bumpAuthEpoch, type EpochRead } from './auth-epoch.ts'
import type { Credentials } from './credentials.ts'
import { WechatError } from './errors.ts'
import { lockPromoter } from './promoters.ts'
import type { QuotaCounter } from './quota.ts'

export interface IssuedToken {
  access_token: string
  expires_in: number
}

/** The account behind a call. */
export interface Caller {
  appid: string
  /** A 推客 (union and /tuike/v1 paths) or a 机构 (the successor's /channels/ec/* paths). */
  kind: 'promoter' | 'institution'
  minuteQuota: number | null
  dailyQuota: number | null
}

/** What a token check needs from its row (cached per process, see AuthEpoch). */
interface TokenRow {
  appid: string
  expires_at: number
  valid_until: number | null
  status: string
  kind: Caller['kind']
  minute_quota: number | null
  daily_quota: number | null
}

/** Token rows a process keeps; beyond it the cache starts over (a bound, not an LRU). */
const CACHE_LIMIT = 10_000

export class Tokens {
  readonly #db: Kysely<Database>
  readonly #epoch: AuthEpoch
  /** Token rows by the token's hash, while the auth epoch has not moved. */
  readonly #cache = new Map<string, TokenRow>()
  readonly #clock: Clock
  readonly #config: ServerConfig
  readonly #credentials: Credentials
  readonly #quota: QuotaCounter
  readonly #serverKey: string

  constructor(deps: {
    db: Kysely<Database>
    clock: Clock
    config: ServerConfig
    credentials: Credentials
    quota: QuotaCounter
    serverKey: string
    epoch: AuthEpoch
  }) {
    this.#db = deps.db
    this.#epoch = deps.epoch
    deps.epoch.onChange(() => this.#cache.clear())
    this.#clock = deps.clock
    this.#config = deps.config
    this.#credentials = deps.credentials
    this.#quota = deps.quota
    this.#serverKey = deps.serverKey
  }

  /** GET /cgi-bin/token; `from` is the client address (failed-attempt limits). */
  async issueClassic(appid: string, secret: string, from?: string): Promise<IssuedToken> {
    const verified = await this.#credentials.verifySecret(appid, secret, from)
    const now = nowSeconds(this.#clock)
    if (!(await this.#quota.take(`${appid}:token`, this.#config.tokenDailyQuota, 86_400, now))) {
      throw new WechatError(45009)
    }
    const token = randomToken()
    await this.#db.transaction().execute(async (trx) => {
      unrotated(await lockPromoter(trx, appid), verified)
      // The previous token's valid_until changes: cached copies of it must go.
      await bumpAuthEpoch(trx)
      await trx
        .updateTable('access_tokens')
        .set({ valid_until: now + this.#config.tokenGrace })
        .where('appid', '=', appid)
        .where('kind', '=', 'classic')
        .where('valid_until', 'is', null)
        .execute()
      await trx
        .insertInto('access_tokens')
        .values({
          token_hash: sha256(token),
          appid,
          kind: 'classic',
          issued_at: now,
          expires_at: now + this.#config.tokenTtl,
          valid_until: null,
          stable_nonce: null,
        })
        .execute()
    })
    return { access_token: token, expires_in: this.#config.tokenTtl }
  }

  /** POST /cgi-bin/stable_token. */
  async issueStable(
    appid: string,
    secret: string,
    forceRefresh: boolean,
    from?: string,
  ): Promise<IssuedToken> {
    const verified = await this.#credentials.verifySecret(appid, secret, from)
    const now = nowSeconds(this.#clock)
    const cfg = this.#config
    if (!(await this.#quota.take(`${appid}:stable`, cfg.stableMinuteQuota, 60, now))) {
      throw new WechatError(45011)
    }
    if (!(await this.#quota.take(`${appid}:stable`, cfg.stableDailyQuota, 86_400, now))) {
      throw new WechatError(45009)
    }
    return this.#db.transaction().execute(async (trx) => {
      const promoter = unrotated(await lockPromoter(trx, appid), verified)
      const current = await trx
        .selectFrom('access_tokens')
        .select(['token_hash', 'stable_nonce', 'expires_at'])
        .where('appid', '=', appid)
        .where('kind', '=', 'stable')
        .where('valid_until', 'is', null)
        .orderBy('issued_at', 'desc')
        .executeTakeFirst()

      const day = new Date(now * 1000).toISOString().slice(0, 10)
      const forcesToday = promoter.stable_force_day === day ? promoter.stable_force_count : 0
      const forceAllowed =
        forceRefresh &&
        forcesToday < cfg.stableForcePerDay &&
        now - promoter.stable_force_last >= cfg.stableForceSpacing

      if (current && !forceAllowed && current.expires_at - now > cfg.stableRollBefore) {
        return {
          access_token: this.#stableToken(current.stable_nonce!),
          expires_in: current.expires_at - now,
        }
      }
      if (current) {
        await bumpAuthEpoch(trx)
        // Force mode revokes at once; a normal-mode roll lets the old token live out its time.
        await trx
          .updateTable('access_tokens')
          .set({ valid_until: forceAllowed ? now : current.expires_at })
          .where('token_hash', '=', current.token_hash)
          .execute()
      }
      if (forceAllowed) {
        await trx
          .updateTable('promoters')
          .set({
            stable_force_day: day,
            stable_force_count: forcesToday + 1,
            stable_force_last: now,
          })
          .where('appid', '=', appid)
          .execute()
      }
      const nonce = randomToken(32)
      const token = this.#stableToken(nonce)
      await trx
        .insertInto('access_tokens')
        .values({
          token_hash: sha256(token),
          appid,
          kind: 'stable',
          issued_at: now,
          expires_at: now + cfg.tokenTtl,
          valid_until: null,
          stable_nonce: nonce,
        })
        .execute()
      return { access_token: token, expires_in: cfg.tokenTtl }
    })
  }

  /**
   * The appid behind a token, or the WeChat error: 40001 unknown or no longer latest, 42001
   * expired, 48001 the account is disabled.
   */
  async authenticate(token: string): Promise<string> {
    return (await this.caller(token)).appid
  }

  /**
   * As authenticate, with the account's own union quotas (null: the server default). The row is
   * answered from memory while the auth epoch has not moved (every revocation moves it);
   * `readEpoch` is the request's read of it, shared with its fault draw.
   */
  async caller(token: string, readEpoch: EpochRead = () => this.#epoch.check()): Promise<Caller> {
    const epoch = await readEpoch()
    // Kept by the hash, like the stored row: no live token is held in memory past its request.
    const hash = sha256(token)
    let row = this.#cache.get(hash)
    if (!row) {
      row = await this.#row(hash)
      if (!row) throw new WechatError(40001)
      // Read under an epoch that has since moved: possibly stale, so not kept.
      if (epoch === this.#epoch.seen) {
        if (this.#cache.size >= CACHE_LIMIT) this.#cache.clear()
        this.#cache.set(hash, row)
      }
    }
    const now = nowSeconds(this.#clock)
    if (now >= row.expires_at) throw new WechatError(42001)
    if (row.valid_until !== null && now >= row.valid_until) throw new WechatError(40001)
    if (row.status !== 'active')
      throw new WechatError(48001, 'api unauthorized: the account is disabled')
    return {
      appid: row.appid,
      kind: row.kind,
      minuteQuota: row.minute_quota,
      dailyQuota: row.daily_quota,
    }
  }

  #row(hash: string): Promise<TokenRow | undefined> {
    return this.#db
      .selectFrom('access_tokens')
      .innerJoin('promoters', 'promoters.appid', 'access_tokens.appid')
      .select([
        'access_tokens.appid',
        'expires_at',
        'valid_until',
        'promoters.status',
        'promoters.kind',
        'promoters.minute_quota',
        'promoters.daily_quota',
      ])
      .where('token_hash', '=', hash)
      .executeTakeFirst()
  }

  #stableToken(nonce: string): string {
    return createHmac('sha256', this.#serverKey).update(`stable:${nonce}`).digest('base64url')
  }
}

/** The locked account, unless its secret was rotated since `verified` was checked (40001). */
function unrotated<T extends { secret_hash: string }>(row: T, verified: string): T {
  if (row.secret_hash !== verified) {
    throw new WechatError(40001, 'invalid credential, the appsecret was rotated during this call')
  }
  return row
}
