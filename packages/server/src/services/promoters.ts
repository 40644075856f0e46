/**
 * Promoter (推客) accounts: creation with WeChat-shaped appids and appsecrets, enable/disable,
 * secret rotation and the promotion-spot cap.
 * @module
 */
import { randomBytes } from 'node:crypto'
import type { PromoterView } from '@tuike/contract'
import type { Kysely, Selectable, Transaction } from 'kysely'
import { type Clock, nowSeconds } from '../clock.ts'
import type { Database, PromotersTable } from '../db/schema.ts'
import { hashSecret, randomHex } from '../security/hash.ts'
import { bumpAuthEpoch } from './auth-epoch.ts'
import { WechatError } from './errors.ts'

export type { PromoterView }

const OPENID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/** 28 characters shaped like a WeChat openid (`oUkIc71zinc2mtlfC7K-NfGJxxNE`). */
export function openidLike(): string {
  const bytes = randomBytes(27)
  return `o${Array.from(bytes, (b) => OPENID_CHARS[b % 64]).join('')}`
}

export class Promoters {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly defaultMaxCnt: number,
  ) {}

  /**
   * Create an account: a 推客, or (kind institution, inside the caller's transaction `db`) the
   * account of a 机构, which shares appid/secret, tokens and quotas with promoters.
   */
  async create(
    name: string,
    kind: 'promoter' | 'institution' = 'promoter',
    db: Kysely<Database> | Transaction<Database> = this.db,
  ): Promise<{ appid: string; secret: string; name: string }> {
    const appid = `wx${randomHex(8)}`
    const secret = randomHex(16)
    await db
      .insertInto('promoters')
      .values({
        appid,
        name,
        secret_hash: await hashSecret(secret),
        status: 'active',
        promotion_max_cnt: this.defaultMaxCnt,
        pid_prefix: openidLike(),
        created_at: nowSeconds(this.clock),
        kind,
      })
      .execute()
    return { appid, secret, name }
  }

  /** The 推客 accounts (机构 are listed by Institutions). */
  async list(): Promise<PromoterView[]> {
    const rows = await this.db
      .selectFrom('promoters')
      .selectAll()
      .where('kind', '=', 'promoter')
      .orderBy('created_at')
      .orderBy('appid')
      .execute()
    return rows.map(view)
  }

  async get(appid: string): Promise<PromoterView> {
    return view(await this.#row(appid))
  }

  async setStatus(appid: string, status: 'active' | 'disabled'): Promise<PromoterView> {
    await this.#row(appid)
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('promoters').set({ status }).where('appid', '=', appid).execute()
      await bumpAuthEpoch(trx)
    })
    return this.get(appid)
  }

  /**
   * A new secret, and the end of everything the old one opened: every classic and stable token
   * of the account stops at once (console sessions hold one, so they end at their next call).
   * The auth epoch moves with it, so every process drops its cached tokens at its next call.
   */
  async rotateSecret(appid: string): Promise<{ appid: string; secret: string }> {
    await this.#row(appid)
    const secret = randomHex(16)
    const secretHash = await hashSecret(secret)
    await this.db.transaction().execute(async (trx) => {
      // The lock orders this against token issuing, which re-checks the secret under it.
      await lockPromoter(trx, appid)
      await trx
        .updateTable('promoters')
        .set({ secret_hash: secretHash })
        .where('appid', '=', appid)
        .execute()
      // Deleted, not given a past valid_until: instances' clocks differ by a little.
      await trx.deleteFrom('access_tokens').where('appid', '=', appid).execute()
      await bumpAuthEpoch(trx)
    })
    return { appid, secret }
  }

  async setPromotionMaxCnt(appid: string, promotionMaxCnt: number): Promise<PromoterView> {
    return this.update(appid, { promotionMaxCnt })
  }

  /** Change the spot cap and the union quotas (null: back to the server default). */
  async update(
    appid: string,
    changes: {
      promotionMaxCnt?: number
      minuteQuota?: number | null
      dailyQuota?: number | null
    },
  ): Promise<PromoterView> {
    await this.#row(appid)
    const set = {
      ...(changes.promotionMaxCnt !== undefined
        ? { promotion_max_cnt: changes.promotionMaxCnt }
        : {}),
      ...(changes.minuteQuota !== undefined ? { minute_quota: changes.minuteQuota } : {}),
      ...(changes.dailyQuota !== undefined ? { daily_quota: changes.dailyQuota } : {}),
    }
    if (Object.keys(set).length > 0) {
      // Quotas travel with cached token checks: the epoch moves with them.
      await this.db.transaction().execute(async (trx) => {
        await trx.updateTable('promoters').set(set).where('appid', '=', appid).execute()
        await bumpAuthEpoch(trx)
      })
    }
    return this.get(appid)
  }

  async #row(appid: string) {
    const row = await this.db
      .selectFrom('promoters')
      .selectAll()
      .where('appid', '=', appid)
      .executeTakeFirst()
    if (!row) throw new WechatError(40013, `invalid appid: no promoter ${appid}`, 'not_found')
    return row
  }
}

/**
 * Serialise writes of one account: bumps its lock_seq, which row-locks it until the transaction
 * ends on PostgreSQL (SQLite transactions are already serial). Returns the locked row.
 */
export async function lockPromoter(trx: Transaction<Database>, appid: string) {
  const row = await trx
    .updateTable('promoters')
    .set((eb) => ({ lock_seq: eb('lock_seq', '+', 1) }))
    .where('appid', '=', appid)
    .returningAll()
    .executeTakeFirst()
  if (!row) throw new WechatError(40013)
  return row
}

function view(
  row: Pick<
    Selectable<PromotersTable>,
    | 'appid'
    | 'name'
    | 'status'
    | 'promotion_max_cnt'
    | 'created_at'
    | 'minute_quota'
    | 'daily_quota'
  >,
): PromoterView {
  return {
    appid: row.appid,
    name: row.name,
    status: row.status,
    promotionMaxCnt: row.promotion_max_cnt,
    minuteQuota: row.minute_quota ?? null,
    dailyQuota: row.daily_quota ?? null,
    createdAt: row.created_at,
  }
}
