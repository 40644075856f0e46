/**
 * Online backup and restore of a SQLite database (`tuike admin backup|restore`). The backup uses
 * SQLite's backup API in one step: one read transaction, so the copy is the database as of one
 * commit while the server keeps writing (WAL mode: readers never block the writer). A restore
 * refuses a database some process has open, and swaps the file in with a rename.
 * PostgreSQL is backed up with its own tools (docs/deploy.md).
 * @module
 */
import { existsSync, renameSync, rmSync, statSync } from 'node:fs'
import type SQLiteDatabase from 'better-sqlite3'
import { StartupError } from '../startup-error.ts'
import { knownMigrations } from './migrate.ts'

export interface BackupSummary {
  file: string
  bytes: number
  /** The last migration the copy records. */
  schema: string
  orders: number
}

async function sqlite(): Promise<typeof SQLiteDatabase> {
  return (await import('better-sqlite3')).default
}

/** The file of a `sqlite:` URL; anything else is refused with where to look instead. */
export function sqliteFile(url: string, option = 'db'): string {
  if (!url.startsWith('sqlite:') || url.length <= 'sqlite:'.length || url === 'sqlite::memory:')
    throw new StartupError(
      /^postgres(ql)?:\/\//.test(url)
        ? `--${option}: back up and restore PostgreSQL with pg_dump / pg_restore or PITR (docs/deploy.md, Backups)`
        : `--${option}: expected sqlite:<file>`,
      option,
    )
  return url.slice('sqlite:'.length)
}

/** Check a copy is a whole Tuike database this code can run, and describe it. */
async function inspect(file: string): Promise<BackupSummary> {
  const SQLite = await sqlite()
  const db = new SQLite(file, { readonly: true, fileMustExist: true })
  try {
    const check = db.pragma('quick_check', { simple: true })
    if (check !== 'ok') throw new Error(`${file} is damaged (quick_check: ${check})`)
    const names = (
      db.prepare('select name from kysely_migration order by name').all() as {
        name: string
      }[]
    ).map((r) => r.name)
    const known = await knownMigrations()
    const unknown = names.filter((n) => !known.includes(n))
    if (unknown.length > 0)
      throw new StartupError(
        `${file} was made by a newer Tuike (migration ${unknown.join(', ')}): restore it with that version`,
        'from',
      )
    const { n } = db.prepare('select count(*) as n from orders').get() as { n: number }
    return { file, bytes: statSync(file).size, schema: names.at(-1) ?? '', orders: n }
  } finally {
    db.close()
  }
}

/**
 * Copy the database at `dbUrl` to `out` while it may be serving. `out` must not exist; the copy
 * is written beside it and renamed into place when whole.
 */
export async function backupSqlite(dbUrl: string, out: string): Promise<BackupSummary> {
  const file = sqliteFile(dbUrl)
  if (!existsSync(file)) throw new StartupError(`--db: ${file} does not exist`, 'db')
  if (existsSync(out)) throw new StartupError(`--out: ${out} exists; name a new file`, 'out')
  const SQLite = await sqlite()
  const source = new SQLite(file, { fileMustExist: true })
  source.pragma('busy_timeout = 5000')
  const partial = `${out}.partial`
  rmSync(partial, { force: true })
  try {
    // All remaining pages in the step after the first: one read transaction, one snapshot.
    await source.backup(partial, { progress: () => 0x7fffffff })
  } catch (err) {
    rmSync(partial, { force: true })
    throw err
  } finally {
    source.close()
  }
  // One self-contained file: the copy leaves WAL mode (a server sets it again when it opens it).
  const copy = new SQLite(partial)
  copy.pragma('journal_mode = DELETE')
  copy.close()
  const summary = await inspect(partial)
  renameSync(partial, out)
  return { ...summary, file: out }
}

/** Whether a process has the SQLite database open (a server): it then holds a shared lock. */
function inUse(SQLite: typeof SQLiteDatabase, file: string): boolean {
  const db = new SQLite(file, { fileMustExist: true, timeout: 0 })
  try {
    db.pragma('locking_mode = EXCLUSIVE')
    db.exec('BEGIN EXCLUSIVE')
    db.exec('COMMIT')
    return false
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_BUSY') return true
    throw err
  } finally {
    // The last connection to close checkpoints and removes the -wal and -shm files.
    db.close()
  }
}

/**
 * Put the backup `from` in place as the database at `dbUrl`. Refuses when a process has that
 * database open, and replaces an existing database only with `force`.
 */
export async function restoreSqlite(
  from: string,
  dbUrl: string,
  options: { force?: boolean } = {},
): Promise<BackupSummary> {
  const file = sqliteFile(dbUrl)
  if (!existsSync(from)) throw new StartupError(`--from: ${from} does not exist`, 'from')
  const summary = await inspect(from)
  const SQLite = await sqlite()
  if (existsSync(file)) {
    if (inUse(SQLite, file))
      throw new StartupError(
        `--db: ${file} is open in a running process (tuike serve?); stop it before restoring`,
        'db',
      )
    if (!options.force)
      throw new StartupError(`--db: ${file} exists; pass --force to replace it`, 'force')
  }
  const incoming = `${file}.restoring`
  rmSync(incoming, { force: true })
  const source = new SQLite(from, { readonly: true, fileMustExist: true })
  try {
    await source.backup(incoming, { progress: () => 0x7fffffff })
  } finally {
    source.close()
  }
  for (const stale of [`${file}-wal`, `${file}-shm`]) rmSync(stale, { force: true })
  renameSync(incoming, file)
  return { ...summary, file }
}
