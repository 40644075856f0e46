/**
 * Checking appsecrets and the admin key against brute force and its cost.
 *
 * - Failed attempts are counted per account (appid, or the admin key) and per client address in
 *   one-minute windows, in the quota counter (in process, or Redis shared by every instance with
 *   `--redis`). At the limit, attempts are refused with 45011 *before* any hashing, so a flood of
 *   wrong secrets costs one scrypt per failure allowed, not one per request.
 * - An unknown appid costs what a wrong secret costs: the same scrypt, against a dummy hash.
 * - A secret verified recently on this instance is recognised by a SHA-256 of it and the stored
 *   hash, without scrypt and through a limit: the account's own integrations keep getting tokens
 *   while somebody floods its appid. Rotation changes the stored hash, so it forgets them.
 * @module
 */
import type { Kysely } from 'kysely'
import { type Clock, nowSeconds } from '../clock.ts'
import type { Database } from '../db/schema.ts'
import { hashSecret, randomHex, safeEqual, sha256, verifySecret } from '../security/hash.ts'
import { type Fault, WechatError } from './errors.ts'
import type { QuotaCounter } from './quota.ts'

export interface AttemptLimits {
  /** Failed secrets per appid (and failed admin keys in all) per minute; 0: no limit. */
  failuresPerAccount: number
  /** Failed secrets and admin keys per client address per minute; 0: no limit. */
  failuresPerAddress: number
}

const WINDOW = 60
/** The admin key's entry among remembered secrets and counters (no appid looks like it). */
const ADMIN = 'admin'
/** Secrets remembered as verified, per instance (oldest forgotten first). */
const REMEMBERED = 10_000

interface Scope {
  key: string
  limit: number
  /** How the errmsg names it: `appid wx…`, `this client address`. */
  what: string
}

export class Credentials {
  readonly #db: Kysely<Database>
  readonly #clock: Clock
  readonly #counter: QuotaCounter
  readonly #limits: AttemptLimits
  readonly #verify: (secret: string, stored: string) => Promise<boolean>
  /** appid (or ADMIN) → SHA-256 of the stored hash and the secret last verified for it. */
  readonly #verified = new Map<string, string>()
  #dummy: Promise<string> | undefined

  constructor(deps: {
    db: Kysely<Database>
    clock: Clock
    counter: QuotaCounter
    limits: AttemptLimits
    /** The slow check (scrypt); tests count its calls. */
    verify?: (secret: string, stored: string) => Promise<boolean>
  }) {
    this.#db = deps.db
    this.#clock = deps.clock
    this.#counter = deps.counter
    this.#limits = deps.limits
    this.#verify = deps.verify ?? verifySecret
  }

  /**
   * Check appid and secret as /cgi-bin/token does: a secret not shaped like an appsecret 40125;
   * too many failures 45011; unknown appid 40013 and a wrong secret 40001, after the same work.
   * Returns the stored hash that matched, which token issuing re-checks under the account lock
   * (a rotation between the two voids the attempt). `from` is the client address, if known.
   */
  async verifySecret(appid: string, secret: string, from?: string): Promise<string> {
    const row = await this.#db
      .selectFrom('promoters')
      .select('secret_hash')
      .where('appid', '=', appid)
      .executeTakeFirst()
    if (!/^[0-9a-f]{32}$/.test(secret)) throw new WechatError(row ? 40125 : 40013)
    const seen = row && sha256(`${row.secret_hash}\n${secret}`)
    const remembered = row && this.#verified.get(appid)
    if (seen && remembered && safeEqual(seen, remembered)) return row.secret_hash
    const scopes = this.#scopes(`appid:${appid}`, `appid ${appid}`, from)
    await this.#gate(scopes)
    const stored = row?.secret_hash ?? (await this.#dummyHash())
    const ok = await this.#verify(secret, stored)
    if (!row || !ok) {
      await this.#failed(scopes)
      if (!row) throw new WechatError(40013)
      throw new WechatError(
        40001,
        'invalid credential, appsecret is wrong or does not belong to this appid',
      )
    }
    this.#remember(appid, seen!)
    return row.secret_hash
  }

  /**
   * Check an admin key against `stored`, the SHA-256 the settings keep: refused with 45011 and
   * HTTP 429 once too many wrong keys came from the address or in all, unless this very key was
   * accepted before (the operator's console keeps working while somebody guesses).
   */
  async verifyAdminKey(key: string, stored: string | undefined, from?: string): Promise<boolean> {
    if (!stored) return false
    const seen = sha256(`${stored}\n${key}`)
    const remembered = this.#verified.get(ADMIN)
    if (remembered && safeEqual(seen, remembered)) return true
    const scopes = this.#scopes(ADMIN, 'the admin key', from)
    await this.#gate(scopes, 'too_many')
    if (!safeEqual(sha256(key), stored)) {
      await this.#failed(scopes)
      return false
    }
    this.#remember(ADMIN, seen)
    return true
  }

  #scopes(account: string, what: string, from: string | undefined): Scope[] {
    const { failuresPerAccount, failuresPerAddress } = this.#limits
    const scopes: Scope[] = []
    if (failuresPerAccount > 0) scopes.push({ key: account, limit: failuresPerAccount, what })
    if (from && failuresPerAddress > 0) {
      scopes.push({ key: `addr:${from}`, limit: failuresPerAddress, what: 'this client address' })
    }
    return scopes
  }

  async #gate(scopes: Scope[], fault?: Fault): Promise<void> {
    const now = nowSeconds(this.#clock)
    for (const s of scopes) {
      if ((await this.#counter.count(`fail:${s.key}`, WINDOW, now)) < s.limit) continue
      const retry = WINDOW - (now % WINDOW)
      throw new WechatError(
        45011,
        `api minute-quota reach limit: ${s.limit} failed credentials per minute for ${s.what}; nothing was checked, retry after ${retry} s with the right one`,
        fault,
      )
    }
  }

  async #failed(scopes: Scope[]): Promise<void> {
    const now = nowSeconds(this.#clock)
    await Promise.all(scopes.map((s) => this.#counter.take(`fail:${s.key}`, s.limit, WINDOW, now)))
  }

  #remember(appid: string, seen: string): void {
    this.#verified.delete(appid)
    this.#verified.set(appid, seen)
    if (this.#verified.size > REMEMBERED) {
      this.#verified.delete(this.#verified.keys().next().value!)
    }
  }

  /** A hash of a secret nobody knows, for the unknown appid to cost a scrypt. */
  #dummyHash(): Promise<string> {
    this.#dummy ??= hashSecret(randomHex(16))
    return this.#dummy
  }
}
