/**
 * What the order benchmarks read of a seeded database to build their requests.
 * @module
 */
import type { Kysely } from 'kysely'
import type { Database } from '../packages/server/src/db/schema.ts'

/** The appids of `n` promoters in creation order (appid on ties), after the first `offset`. */
export async function promoterAppids(db: Kysely<Database>, n: number, offset = 0) {
  const rows = await db
    .selectFrom('promoters')
    .select('appid')
    .where('kind', '=', 'promoter')
    .orderBy('created_at')
    .orderBy('appid')
    .offset(offset)
    .limit(n)
    .execute()
  return rows.map((r) => r.appid)
}

/** The ids of the promoter's newest `n` orders (by pay time). */
export async function newestOrderIds(db: Kysely<Database>, appid: string, n = 1000) {
  const rows = await db
    .selectFrom('orders')
    .select('order_id')
    .where('appid', '=', appid)
    .orderBy('pay_time', 'desc')
    .limit(n)
    .execute()
  return rows.map((r) => r.order_id)
}
