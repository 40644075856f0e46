/**
 * Promotion spots (推广位), union-api.md §8–§11: names of 1–20 characters unique among an
 * account's live spots, at most promotionMaxCnt live spots, pids shaped like WeChat's. A deleted
 * spot keeps its row so orders still attribute to it.
 * @module
 */
import { randomInt } from 'node:crypto'
import type { Kysely } from 'kysely'
import { type Clock, nowSeconds } from '../clock.ts'
import { isUniqueViolation } from '../db/open.ts'
import type { Database } from '../db/schema.ts'
import { WechatError } from './errors.ts'
import { lockPromoter } from './promoters.ts'

export interface Spot {
  promotionSourceName: string
  promotionSourcePid: string
}

export class Promotions {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async add(appid: string, name: string): Promise<{ pid: string }> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.db.transaction().execute(async (trx) => {
          const promoter = await lockPromoter(trx, appid)
          const live = await trx
            .selectFrom('promotion_spots')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('appid', '=', appid)
            .where('deleted_at', 'is', null)
            .executeTakeFirstOrThrow()
          if (Number(live.n) >= promoter.promotion_max_cnt) throw new WechatError(14005)
          await assertNameFree(trx, appid, name)
          const pid = `${promoter.pid_prefix}_${randomInt(100_000_000, 4_294_967_295)}`
          await trx
            .insertInto('promotion_spots')
            .values({
              pid,
              appid,
              name,
              seq: promoter.lock_seq,
              created_at: nowSeconds(this.clock),
              deleted_at: null,
            })
            .execute()
          return { pid }
        })
      } catch (err) {
        if (!isUniqueViolation(err)) throw err
        // A name clash is 14007; a pid clash (1 in 4·10^9) gets a fresh pid.
        if (attempt >= 2 || (await nameTaken(this.db, appid, name))) throw new WechatError(14007)
      }
    }
  }

  async delete(appid: string, pid: string, name: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await lockPromoter(trx, appid)
      await findLiveSpot(trx, appid, pid, name)
      await trx
        .updateTable('promotion_spots')
        .set({ deleted_at: nowSeconds(this.clock) })
        .where('pid', '=', pid)
        .execute()
    })
  }

  async rename(appid: string, pid: string, currentName: string, newName: string): Promise<void> {
    try {
      await this.db.transaction().execute(async (trx) => {
        await lockPromoter(trx, appid)
        await findLiveSpot(trx, appid, pid, currentName)
        if (newName === currentName) return
        await assertNameFree(trx, appid, newName)
        await trx
          .updateTable('promotion_spots')
          .set({ name: newName })
          .where('pid', '=', pid)
          .execute()
      })
    } catch (err) {
      if (isUniqueViolation(err)) throw new WechatError(14007)
      throw err
    }
  }

  async list(
    appid: string,
    start: number,
    limit: number,
  ): Promise<{ promotionSourceList: Spot[]; total: number; promotionMaxCnt: number }> {
    const [rows, total, promoter] = await Promise.all([
      this.db
        .selectFrom('promotion_spots')
        .select(['name', 'pid'])
        .where('appid', '=', appid)
        .where('deleted_at', 'is', null)
        .orderBy('seq')
        .offset(start)
        .limit(limit)
        .execute(),
      this.db
        .selectFrom('promotion_spots')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('appid', '=', appid)
        .where('deleted_at', 'is', null)
        .executeTakeFirstOrThrow(),
      this.db
        .selectFrom('promoters')
        .select('promotion_max_cnt')
        .where('appid', '=', appid)
        .executeTakeFirstOrThrow(),
    ])
    return {
      promotionSourceList: rows.map((r) => ({
        promotionSourceName: r.name,
        promotionSourcePid: r.pid,
      })),
      total: Number(total.n),
      promotionMaxCnt: promoter.promotion_max_cnt,
    }
  }
}

/** Whether a live spot of the account already has `name`. */
async function nameTaken(db: Kysely<Database>, appid: string, name: string): Promise<boolean> {
  const clash = await db
    .selectFrom('promotion_spots')
    .select('pid')
    .where('appid', '=', appid)
    .where('name', '=', name)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
  return clash !== undefined
}

async function assertNameFree(db: Kysely<Database>, appid: string, name: string): Promise<void> {
  if (await nameTaken(db, appid, name)) throw new WechatError(14007)
}

/** The caller's live spot `pid`, whose current name must be `name` (union-api.md §16 #26). */
async function findLiveSpot(
  trx: Kysely<Database>,
  appid: string,
  pid: string,
  name: string,
): Promise<void> {
  const spot = await trx
    .selectFrom('promotion_spots')
    .select('name')
    .where('pid', '=', pid)
    .where('appid', '=', appid)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
  if (!spot)
    throw new WechatError(200002, `promotionSourcePid ${pid} is not a live spot of this account`)
  if (spot.name !== name) {
    throw new WechatError(200002, `promotionSourceName does not match the spot's current name`)
  }
}
