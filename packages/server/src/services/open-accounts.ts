/**
 * Custom user parameters (open_account/*, union-api.md §14.4). A promoter binds an Open Platform
 * account of its own legal entity; then it may attach one string to each unionid, and orders of
 * that buyer carry the string as `customUserId`.
 *
 * Entity checks cannot be real, so they are fixture-driven (§14.4): an appid marked
 * 'other-entity' gets 25504, one marked 'missing' gets 25505, any other well-formed appid
 * (`wx` + 16 hex digits) binds. Binding the account already bound changes nothing; binding a
 * different one is a re-bind, allowed twice per calendar year (UTC), the third answers 25510
 * (§16 #43). Attaching a string before any account is bound answers 25505. The 25509 cap on
 * strings per promoter is off unless configured (§16 #44).
 * @module
 */
import type { Kysely, Transaction } from 'kysely'
import { type Clock, nowSeconds } from '../clock.ts'
import type { Database } from '../db/schema.ts'
import { WechatError } from './errors.ts'
import { lockPromoter } from './promoters.ts'

/** Re-binds allowed per calendar year (§14.4). */
export const REBINDS_PER_YEAR = 2

const APPID = /^wx[0-9a-f]{16}$/

export type FixtureState = 'other-entity' | 'missing'

export class OpenAccounts {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly maxCustomizeInfos: number,
  ) {}

  async bind(appid: string, openAccount: string): Promise<void> {
    if (!APPID.test(openAccount)) {
      throw new WechatError(200002, 'openAccount is not an appid (wx followed by 16 hex digits)')
    }
    const fixture = await this.db
      .selectFrom('open_account_fixtures')
      .select('state')
      .where('open_account', '=', openAccount)
      .executeTakeFirst()
    if (fixture?.state === 'other-entity') {
      throw new WechatError(25504, `主体验证失败: ${openAccount} belongs to another legal entity`)
    }
    if (fixture?.state === 'missing') {
      throw new WechatError(25505, `open 账号不存在: ${openAccount} does not exist`)
    }
    const now = nowSeconds(this.clock)
    const year = new Date(now * 1000).getUTCFullYear()
    await this.db.transaction().execute(async (trx) => {
      await lockPromoter(trx, appid)
      const current = await trx
        .selectFrom('open_accounts')
        .selectAll()
        .where('appid', '=', appid)
        .executeTakeFirst()
      if (!current) {
        await trx
          .insertInto('open_accounts')
          .values({
            appid,
            open_account: openAccount,
            bound_at: now,
            rebind_year: year,
            rebind_count: 0,
          })
          .execute()
        return
      }
      if (current.open_account === openAccount) return
      const used = Number(current.rebind_year) === year ? Number(current.rebind_count) : 0
      if (used >= REBINDS_PER_YEAR) {
        throw new WechatError(
          25510,
          `参数错误: the open account was already re-bound ${REBINDS_PER_YEAR} times in ${year}`,
        )
      }
      await trx
        .updateTable('open_accounts')
        .set({
          open_account: openAccount,
          bound_at: now,
          rebind_year: year,
          rebind_count: used + 1,
        })
        .where('appid', '=', appid)
        .execute()
    })
  }

  /** The bound appid, `""` when none. */
  async get(appid: string): Promise<string> {
    const row = await this.db
      .selectFrom('open_accounts')
      .select('open_account')
      .where('appid', '=', appid)
      .executeTakeFirst()
    return row?.open_account ?? ''
  }

  /** Attach (or overwrite) the string of `unionid`. */
  async addCustomizeInfo(appid: string, unionid: string, customizeInfo: string): Promise<void> {
    const now = nowSeconds(this.clock)
    await this.db.transaction().execute(async (trx) => {
      await lockPromoter(trx, appid)
      const bound = await trx
        .selectFrom('open_accounts')
        .select('appid')
        .where('appid', '=', appid)
        .executeTakeFirst()
      if (!bound) {
        throw new WechatError(
          25505,
          'open 账号不存在: bind an open account first (open_account/bind)',
        )
      }
      const overwritten = await trx
        .updateTable('customize_infos')
        .set({ customize_info: customizeInfo, updated_at: now })
        .where('appid', '=', appid)
        .where('unionid', '=', unionid)
        .executeTakeFirst()
      if (overwritten.numUpdatedRows > 0n) return
      if (this.maxCustomizeInfos > 0) {
        const n = await trx
          .selectFrom('customize_infos')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('appid', '=', appid)
          .executeTakeFirstOrThrow()
        if (Number(n.n) >= this.maxCustomizeInfos) {
          throw new WechatError(
            25509,
            `绑定的自定义参数超过数量限制 (max ${this.maxCustomizeInfos})`,
          )
        }
      }
      await trx
        .insertInto('customize_infos')
        .values({ appid, unionid, customize_info: customizeInfo, updated_at: now })
        .execute()
    })
  }

  /** Remove the string of `unionid` (nothing bound is not an error). */
  async delCustomizeInfo(appid: string, unionid: string): Promise<void> {
    await this.db
      .deleteFrom('customize_infos')
      .where('appid', '=', appid)
      .where('unionid', '=', unionid)
      .execute()
  }

  /** The string of `unionid`, `""` when nothing is bound (§16 #45). */
  async getCustomizeInfo(appid: string, unionid: string): Promise<string> {
    return customUserIdOf(this.db, appid, unionid)
  }

  /** Mark an Open Platform appid for bind's entity checks; `null` clears the mark. */
  async setFixture(openAccount: string, state: FixtureState | null): Promise<void> {
    await this.db
      .deleteFrom('open_account_fixtures')
      .where('open_account', '=', openAccount)
      .execute()
    if (state) {
      await this.db
        .insertInto('open_account_fixtures')
        .values({ open_account: openAccount, state })
        .execute()
    }
  }
}

/** The customize value `appid` attached to `unionid`, `""` when none (orders' customUserId). */
export async function customUserIdOf(
  db: Kysely<Database> | Transaction<Database>,
  appid: string,
  unionid: string | undefined,
): Promise<string> {
  if (!unionid) return ''
  const row = await db
    .selectFrom('customize_infos')
    .select('customize_info')
    .where('appid', '=', appid)
    .where('unionid', '=', unionid)
    .executeTakeFirst()
  return row?.customize_info ?? ''
}
