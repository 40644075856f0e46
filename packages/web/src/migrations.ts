/**
 * The console's own tables, migrated by its own Migrator (tables `console_migration` and
 * `console_migration_lock`), beside the server's: the console owns its sessions table.
 * @module
 */
import { type Kysely, type Migration, Migrator } from 'kysely'
import type { ConsoleSessionsDb } from './session.ts'

/**
 * Sessions: the cookie carries a random id, the table only its SHA-256 hash, the session's CSRF
 * token, and the credential the console calls the API with (a promoter's access_token or the
 * operator's admin key) sealed under a key derived from the id. `if not exists`: databases from
 * before the console had its own migrations already have the table (server migration 008).
 */
const sessions: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('console_sessions')
      .ifNotExists()
      .addColumn('id_hash', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('credential', 'text', (c) => c.notNull())
      .addColumn('csrf', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute()
    await db.schema
      .createIndex('console_sessions_expires')
      .ifNotExists()
      .on('console_sessions')
      .column('expires_at')
      .execute()
  },
}

const MIGRATIONS: Record<string, Migration> = { 'console-001-sessions': sessions }

/** Bring the console's tables up to date (`schema`: the PostgreSQL schema, when one is used). */
export async function migrateConsole(
  db: Kysely<ConsoleSessionsDb>,
  schema?: string,
): Promise<void> {
  const { error } = await new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableName: 'console_migration',
    migrationLockTableName: 'console_migration_lock',
    ...(schema ? { migrationTableSchema: schema } : {}),
  }).migrateToLatest()
  if (error) throw error
}
