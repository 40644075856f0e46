/**
 * Where a database stands against this code's migrations, and bringing it up to date. A
 * database that records a migration this code does not know was upgraded by a newer Tuike:
 * nothing here runs on it (StartupError), because its schema may mean something this code
 * cannot keep.
 * @module
 */
import { type Kysely, Migrator, sql } from 'kysely'
import { StartupError } from '../startup-error.ts'
import { migrationProvider } from './migrations/index.ts'
import type { Database } from './schema.ts'

export interface MigrationStatus {
  /** Migrations of this code, in order, with whether the database has them. */
  migrations: { name: string; applied: boolean }[]
  pending: string[]
  /** Recorded in the database but unknown to this code (a newer Tuike applied them). */
  unknown: string[]
}

/** Every migration this code knows, in order. */
export async function knownMigrations(): Promise<string[]> {
  return Object.keys(await migrationProvider.getMigrations()).sort()
}

async function appliedMigrations(db: Kysely<Database>): Promise<string[]> {
  try {
    const r = await sql<{ name: string }>`select name from kysely_migration`.execute(db)
    return r.rows.map((row) => row.name)
  } catch (err) {
    // A database no migration has touched yet has no table (any dialect's "no such table").
    if (/kysely_migration/.test(String((err as Error)?.message))) return []
    throw err
  }
}

export async function migrationStatus(db: Kysely<Database>): Promise<MigrationStatus> {
  const known = await knownMigrations()
  const applied = new Set(await appliedMigrations(db))
  return {
    migrations: known.map((name) => ({ name, applied: applied.has(name) })),
    pending: known.filter((name) => !applied.has(name)),
    unknown: [...applied].filter((name) => !known.includes(name)).sort(),
  }
}

/** Refuse a database a newer Tuike has migrated. */
export function refuseNewer(status: MigrationStatus, where: string): void {
  if (status.unknown.length === 0) return
  throw new StartupError(
    `the database ${where} was upgraded by a newer Tuike (it has migration ${status.unknown.join(', ')}, ` +
      `this version knows up to ${status.migrations.at(-1)?.name}): run that version, or restore a backup made before the upgrade`,
    'db',
  )
}

/**
 * Apply the pending migrations (on PostgreSQL under Kysely's advisory lock, so instances starting
 * together apply each once). Returns the names applied.
 */
export async function migrateUp(db: Kysely<Database>, schema?: string): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    // Kysely looks for its migration tables in every schema unless told which: with a second
    // database schema on the same server (tests, tenants) it would find that one's tables, skip
    // creating its own and fail with "relation kysely_migration_lock does not exist".
    ...(schema ? { migrationTableSchema: schema.replace(/"/g, '') } : {}),
  })
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await migrator.migrateToLatest()
    if (!error)
      return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
    // Kysely checks for its table by listing the columns of every schema; another schema dropped
    // at that moment (another tenant, a finished test) fails the listing with 3F000. Look again.
    if ((error as { code?: string }).code !== '3F000' || attempt === 10) throw error
    await new Promise((r) => setTimeout(r, 20 * attempt))
  }
}
