import type { Kysely } from 'kysely'

/**
 * Moved: the web console owns its sessions table and creates it with its own migration
 * (packages/web/src/migrations.ts, `console-001-sessions`). This entry stays, empty, because
 * databases that ran it record it, and Kysely's Migrator refuses a history with a missing
 * migration; on those databases the table it created is the one the console finds.
 */
export async function up(_db: Kysely<unknown>): Promise<void> {}
