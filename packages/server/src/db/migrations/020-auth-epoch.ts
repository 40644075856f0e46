import type { Kysely } from 'kysely'

/**
 * `auth_epoch`: one row whose counter is bumped, in the same transaction, by every write that can
 * end or change a token's validity (token issue and supersession, secret rotation, disabling,
 * quota changes, invalidate-tokens faults, fault rule changes). Each process caches token checks
 * and fault rules in memory and reads this one row per request: a different number clears its
 * caches, so a revocation is immediate on every process and instance sharing the database.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('auth_epoch')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('n', 'bigint', (c) => c.notNull())
    .execute()
  await db
    .insertInto('auth_epoch' as never)
    .values({ id: 1, n: 0 } as never)
    .execute()
}
