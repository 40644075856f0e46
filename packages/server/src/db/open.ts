/**
 * Opens the database named by a URL and brings its schema up to date.
 *
 * - `sqlite:./.tuike/tuike.db` (the default) or `sqlite::memory:`: embedded SQLite (WAL).
 * - `postgres://…` / `postgresql://…`: PostgreSQL through a pg Pool.
 * - `pglite:` (in memory) or `pglite:./dir`: embedded PostgreSQL (WASM), for tests.
 * @module
 */
import { mkdirSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely'
import type { DatabaseStats } from '../ops/metrics.ts'
import { StartupError } from '../startup-error.ts'
import { migrateUp, migrationStatus, refuseNewer } from './migrate.ts'
import type { Database } from './schema.ts'

export type Dialect = 'sqlite' | 'postgres' | 'pglite'

export interface DatabaseOptions {
  /** Connection pool size (PostgreSQL). */
  poolMax?: number
  /** Statement timeout in ms (PostgreSQL). */
  statementTimeoutMs?: number
  /** Schema to use instead of public (PostgreSQL); created when missing. Tests use one each. */
  schema?: string
  /**
   * `apply` (default): bring the schema up to date. `require`: apply nothing and refuse a
   * database that lacks a migration (`tuike serve --no-migrate`). `none`: open as it is
   * (`tuike admin migrate status`, backups). Every mode but `none` refuses a database a newer
   * Tuike has migrated.
   */
  migrations?: 'apply' | 'require' | 'none'
}

export interface OpenDatabase {
  db: Kysely<Database>
  dialect: Dialect
  /** Pool use (PostgreSQL) and WAL size (SQLite file), for metrics. */
  stats(): DatabaseStats
  /** The PostgreSQL schema the database lives in, when one was named. */
  schema?: string
  close(): Promise<void>
  /**
   * Run `fn` holding the database-wide lock `name`. On PostgreSQL it is a session advisory lock
   * on a connection of its own (as the migrations take), so instances starting together run `fn`
   * one after another; SQLite and PGlite belong to one process, where a lock in the process does.
   */
  exclusive<T>(name: string, fn: () => Promise<T>): Promise<T>
}

const INT8_OID = 20

/** The URL with its password masked, for messages and logs. */
export function maskDatabaseUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@')
}

export async function openDatabase(
  url: string,
  options: DatabaseOptions = {},
): Promise<OpenDatabase> {
  const cannotOpen = (err: unknown) =>
    err instanceof StartupError
      ? err
      : new StartupError(
          `--db: cannot open ${maskDatabaseUrl(url)}: ${(err as Error)?.message ?? err}`,
          'db',
        )
  const { db, dialect, migrationDb, lockDb, stats } = await connect(url, options).catch((err) => {
    throw cannotOpen(err)
  })
  const mode = options.migrations ?? 'apply'
  // On PostgreSQL the Migrator holds a session advisory lock while it checks and applies
  // migrations, so instances starting together apply each migration once (the others wait, then
  // find nothing to do). It runs on its own connection without the statement timeout: waiting
  // for that lock, or building an index over millions of rows, may take longer than a request.
  const migrator = migrationDb ?? db
  try {
    if (mode !== 'none') {
      const status = await migrationStatus(migrator).catch((err) => {
        throw cannotOpen(err)
      })
      refuseNewer(status, maskDatabaseUrl(url))
      if (mode === 'apply') await migrateUp(migrator, options.schema)
      else if (status.pending.length > 0)
        throw new StartupError(
          `the database ${maskDatabaseUrl(url)} lacks migration ${status.pending.join(', ')} (started with --no-migrate): ` +
            `run tuike admin migrate up --db <url> first`,
          'no-migrate',
        )
    }
  } catch (err) {
    await db.destroy()
    throw err
  } finally {
    if (migrationDb) await migrationDb.destroy()
  }
  const schema = options.schema?.replace(/"/g, '')
  return {
    db,
    dialect,
    stats,
    ...(schema ? { schema } : {}),
    close: () => db.destroy(),
    exclusive: lockDb
      ? (name, fn) => advisoryLocked(lockDb(), `tuike:${options.schema ?? ''}:${name}`, fn)
      : inProcessLock(),
  }
}

async function advisoryLocked<T>(
  lockDb: Kysely<Database>,
  key: string,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await lockDb.connection().execute(async (conn) => {
      await sql`select pg_advisory_lock(hashtext(${key}))`.execute(conn)
      try {
        return await fn()
      } finally {
        await sql`select pg_advisory_unlock(hashtext(${key}))`.execute(conn)
      }
    })
  } finally {
    await lockDb.destroy()
  }
}

function inProcessLock(): OpenDatabase['exclusive'] {
  const chains = new Map<string, Promise<unknown>>()
  return (name, fn) => {
    const run = (chains.get(name) ?? Promise.resolve()).then(fn)
    chains.set(
      name,
      run.catch(() => undefined),
    )
    return run
  }
}

async function connect(
  url: string,
  options: DatabaseOptions,
): Promise<{
  db: Kysely<Database>
  dialect: Dialect
  migrationDb?: Kysely<Database>
  lockDb?: () => Kysely<Database>
  stats: () => DatabaseStats
}> {
  if (url.startsWith('sqlite:')) {
    const { default: SQLite } = await import('better-sqlite3')
    const file = url.slice('sqlite:'.length) || ':memory:'
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
    const sqlite = new SQLite(file)
    sqlite.pragma('journal_mode = WAL')
    // A success answer promises the write is durable: sync the WAL at every commit.
    sqlite.pragma('synchronous = FULL')
    sqlite.pragma('busy_timeout = 5000')
    // 16 MiB of page cache (the default is 2 MiB): enough for every b-tree's upper levels and
    // the small hot tables. It was 64 MiB for a keyword path that looked up a product_facets row
    // per posting; the in-memory index (keyword-index.ts) answers those now, and a page's
    // product rows are random leaves of a file far larger than any cache, so the extra 48 MiB
    // only filled with pages read once: RSS (issue 16's 300 MB a process) without hits.
    sqlite.pragma('cache_size = -16384')
    sqlite.pragma('foreign_keys = ON')
    sqlite.defaultSafeIntegers(false)
    const wal = `${file}-wal`
    const db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: cachedStatements(sqlite) }),
    })
    SQLITE_HANDLES.set(db, sqlite)
    return {
      db,
      dialect: 'sqlite',
      stats: () => ({ walBytes: file === ':memory:' ? 0 : fileSize(wal) }),
    }
  }
  if (url.startsWith('pglite:')) {
    const { PGlite } = await import('@electric-sql/pglite')
    const { pglitePool } = await import('./pglite-pool.ts')
    const dir = url.slice('pglite:'.length)
    const pg = new PGlite(dir || undefined, { parsers: { [INT8_OID]: (v: string) => Number(v) } })
    return {
      db: new Kysely<Database>({ dialect: new PostgresDialect({ pool: pglitePool(pg) }) }),
      dialect: 'pglite',
      stats: () => ({}),
    }
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const pg = await import('pg')
    const schema = options.schema
    if (schema) {
      const admin = new pg.default.Client({ connectionString: url })
      await admin.connect()
      try {
        await admin.query(`create schema if not exists "${schema.replace(/"/g, '')}"`)
      } catch (err) {
        // Two instances creating it at once: the loser sees the winner's catalogue row.
        if (!isUniqueViolation(err) && (err as { code?: string }).code !== '42P06') throw err
      } finally {
        await admin.end()
      }
    }
    const pgPool = (max: number, statementTimeoutMs?: number) => {
      const pgOptions = [
        schema ? `-c search_path="${schema.replace(/"/g, '')}"` : '',
        statementTimeoutMs ? `-c statement_timeout=${Math.trunc(statementTimeoutMs)}` : '',
      ].filter(Boolean)
      return new pg.default.Pool({
        connectionString: url,
        max,
        options: pgOptions.join(' ') || undefined,
        // bigint columns hold seconds and counters well inside 2^53; read them as numbers.
        types: {
          getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
            oid === INT8_OID
              ? (v: string) => Number(v)
              : pg.default.types.getTypeParser(
                  oid,
                  format as 'text',
                )) as typeof pg.default.types.getTypeParser,
        },
      })
    }
    const max = options.poolMax ?? 10
    const pool = pgPool(max, options.statementTimeoutMs)
    return {
      db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
      migrationDb: new Kysely<Database>({ dialect: new PostgresDialect({ pool: pgPool(1) }) }),
      lockDb: () => new Kysely<Database>({ dialect: new PostgresDialect({ pool: pgPool(1) }) }),
      dialect: 'postgres',
      stats: () => ({
        pool: { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max },
      }),
    }
  }
  throw new StartupError(
    `--db: "${maskDatabaseUrl(url).slice(0, 60)}" is not a database URL; use sqlite:<file> or postgres://user@host:5432/db`,
    'db',
  )
}

function fileSize(path: string): number {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}

/**
 * Kysely prepares every query anew; compiling the SQL was ~10% of a request's CPU. Statements are
 * cached by SQL text (Kysely only runs them to completion synchronously, never two at once; SQLite
 * recompiles a cached statement itself after a schema change).
 *
 * Kysely begins a transaction with a plain (deferred) `begin`: it starts as a reader, and when
 * another process (a worker of `--workers N`, another instance) commits first, its upgrade to a
 * writer fails at once with SQLITE_BUSY, which busy_timeout cannot wait out; a purchase answered
 * 500. `begin immediate` takes the write lock up front, so concurrent writers queue on
 * busy_timeout instead. (Within one process transactions are already serial.)
 */
function cachedStatements(
  sqlite: import('better-sqlite3').Database,
): import('better-sqlite3').Database {
  const cache = new Map<string, import('better-sqlite3').Statement>()
  const prepare = (source: string) => {
    let stmt = cache.get(source)
    if (!stmt) {
      if (cache.size >= 2000) cache.clear()
      stmt = sqlite.prepare(source === 'begin' ? 'begin immediate' : source)
      cache.set(source, stmt)
    }
    return stmt
  }
  return new Proxy(sqlite, {
    get: (target, prop, receiver) =>
      prop === 'prepare' ? prepare : Reflect.get(target, prop, receiver),
  })
}

const SQLITE_HANDLES = new WeakMap<Kysely<Database>, import('better-sqlite3').Database>()

/** The better-sqlite3 connection under a SQLite database's Kysely (db/prepared.ts reads on it). */
export function sqliteHandle(db: Kysely<Database>): import('better-sqlite3').Database | undefined {
  return SQLITE_HANDLES.get(db)
}

/** True for a unique-constraint violation on any dialect. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string } | null
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  )
}
