import type { Kysely } from 'kysely'

/**
 * Per-account union quotas (union-api.md §15): calls per endpoint per minute (45011) and per day
 * (45009). Null follows the server default (`--union-minute-quota` / `--union-daily-quota`);
 * 0 means no quota for this account.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('promoters').addColumn('minute_quota', 'integer').execute()
  await db.schema.alterTable('promoters').addColumn('daily_quota', 'integer').execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('promoters').dropColumn('daily_quota').execute()
  await db.schema.alterTable('promoters').dropColumn('minute_quota').execute()
}
