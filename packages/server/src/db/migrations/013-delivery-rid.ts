import type { Kysely } from 'kysely'

/**
 * `webhook_deliveries.rid`: the request (or background job) whose order change queued the
 * delivery, so the delivery worker's log lines carry the request id that caused them. Deliveries
 * queued before this migration have ''.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('webhook_deliveries')
    .addColumn('rid', 'text', (c) => c.notNull().defaultTo(''))
    .execute()
}
