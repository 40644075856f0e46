/**
 * Promotion spots (推广位), union-api.md §8–§11: names of 1–20 characters unique among an
 * account's live spots, at most promotionMaxCnt live spots, pids shaped like WeChat's. A deleted
 * spot keeps its row so orders still attribute to it; beyond the newest `keepDeleted` deleted spots
 * of an account, those that no order and no sharer names are purged when a spot is added, with
 * their materials and clicks, so adding and deleting spots in a loop accumulates nothing.
 * @module
 */
import { randomInt } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import { type Clock, nowSeconds } from '../clock.ts'
import { isUniqueViolation } from '../db/open.ts'
import { prepare } from '../db/prepared.ts'
import type { Database } from '../db/schema.ts'
import { WechatError } from './errors.ts'
import { lockPromoter } from './promoters.ts'

export interface Spot {
  promotionSourceName: string
  promotionSourcePid: string
}

/** Deleted spots an account keeps whatever they hold (docs/security.md, "Per-account bounds"). */
export const DELETED_SPOTS_KEPT = 100

export class Promotions {
  // promotion/list's three reads, compiled once (a hot route).
  readonly #spots
  readonly #live
  readonly #cap

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly keepDeleted = DELETED_SPOTS_KEPT,
  ) {
    this.#spots = prepare(db, (q, appid: string, start: number, limit: number) =>
      liveSpots(q, appid).select(['name', 'pid']).orderBy('seq').offset(start).limit(limit),
    )
    this.#live = prepare(db, (q, appid: string) => liveCount(q, appid))
    this.#cap = prepare(db, (q, appid: string) =>
      q.selectFrom('promoters').select('promotion_max_cnt').where('appid', '=', appid),
    )
  }

  async add(appid: string, name: string): Promise<{ pid: string }> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.db.transaction().execute(async (trx) => {
          const promoter = await lockPromoter(trx, appid)
          const live = await liveCount(trx, appid).executeTakeFirstOrThrow()
          if (Number(live.n) >= promoter.promotion_max_cnt) throw new WechatError(14005)
          await assertNameFree(trx, appid, name)
          await purgeDeletedSpots(trx, appid, this.keepDeleted)
          return { pid: await insertSpot(trx, promoter, name, nowSeconds(this.clock)) }
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
    const [rows, [total], [promoter]] = await Promise.all([
      this.#spots(appid, start, limit),
      this.#live(appid),
      this.#cap(appid),
    ])
    if (!total || !promoter) throw new WechatError(40013)
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
/**
 * Purge the account's deleted spots beyond the newest `keep` that no order line and no sharer
 * binding names, with their materials and those materials' clicks.
 */
async function purgeDeletedSpots(trx: Transaction<Database>, appid: string, keep: number) {
  const old = await trx
    .selectFrom('promotion_spots as s')
    .select('s.pid')
    .where('s.appid', '=', appid)
    .where('s.deleted_at', 'is not', null)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('order_lines as l').select('l.pid').whereRef('l.pid', '=', 's.pid'))),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(selectFrom('sharer_bindings as b').select('b.pid').whereRef('b.pid', '=', 's.pid')),
      ),
    )
    .orderBy('s.deleted_at', 'desc')
    .orderBy('s.pid', 'desc')
    .limit(500)
    .offset(keep)
    .execute()
  if (old.length === 0) return
  const pids = old.map((r) => r.pid)
  const codes = trx.selectFrom('materials').select('code').where('pid', 'in', pids)
  await trx.deleteFrom('material_clicks').where('code', 'in', codes).execute()
  await trx.deleteFrom('materials').where('pid', 'in', pids).execute()
  await trx.deleteFrom('promotion_spots').where('pid', 'in', pids).execute()
}

/** The live spots of `appid` (a deleted spot keeps its row for attribution). */
export function liveSpots(db: Kysely<Database>, appid: string) {
  return db.selectFrom('promotion_spots').where('appid', '=', appid).where('deleted_at', 'is', null)
}

function liveCount(db: Kysely<Database>, appid: string) {
  return liveSpots(db, appid).select((eb) => eb.fn.countAll<number>().as('n'))
}

/**
 * Insert a live spot named `name` for the account locked in `trx` (lockPromoter's row): its pid
 * is the account's openid-like prefix and a random number, as WeChat's are.
 */
export async function insertSpot(
  trx: Transaction<Database>,
  account: { appid: string; pid_prefix: string; lock_seq: number },
  name: string,
  now: number,
): Promise<string> {
  const pid = `${account.pid_prefix}_${randomInt(100_000_000, 4_294_967_295)}`
  await trx
    .insertInto('promotion_spots')
    .values({
      pid,
      appid: account.appid,
      name,
      seq: account.lock_seq,
      created_at: now,
      deleted_at: null,
    })
    .execute()
  return pid
}

async function nameTaken(db: Kysely<Database>, appid: string, name: string): Promise<boolean> {
  const clash = await liveSpots(db, appid).select('pid').where('name', '=', name).executeTakeFirst()
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
  const spot = await liveSpots(trx, appid).select('name').where('pid', '=', pid).executeTakeFirst()
  if (!spot)
    throw new WechatError(200002, `promotionSourcePid ${pid} is not a live spot of this account`)
  if (spot.name !== name) {
    throw new WechatError(200002, `promotionSourceName does not match the spot's current name`)
  }
}
