/**
 * `tuike admin backup|restore|migrate`: operator commands run beside the database (like
 * `tuike seed`), not against a server.
 * @module
 */
import { existsSync } from 'node:fs'
import { Command, Option } from 'commander'
import { CliError } from '../errors.ts'
import { about, examples } from '../help.ts'

const dbOption = () =>
  new Option('--db <url>', 'database: sqlite:<file> or a postgres:// URL')
    .env('TUIKE_DB')
    .default('sqlite:./.tuike/tuike.db')

function json(cmd: Command): boolean {
  return cmd.optsWithGlobals<{ json?: boolean }>().json === true
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`

export function backupCommand(): Command {
  return new Command('backup')
    .description('Copy a SQLite database while it serves (SQLite backup API); PostgreSQL: pg_dump')
    .addOption(dbOption())
    .requiredOption('--out <file>', 'the copy to write (must not exist)')
    .addHelpText(
      'after',
      '\nExample:\n  $ tuike admin backup --db sqlite:./.tuike/tuike.db --out backups/tuike-$(date +%F).db',
    )
    .action(async (opts: { db: string; out: string }, cmd: Command) => {
      const { backupSqlite } = await import('@tuike/server')
      const r = await backupSqlite(opts.db, opts.out)
      if (json(cmd)) process.stdout.write(`${JSON.stringify(r)}\n`)
      else
        process.stdout.write(
          `backed up to ${r.file}: ${mb(r.bytes)}, schema ${r.schema}, ${r.orders} orders\n`,
        )
    })
}

export function restoreCommand(): Command {
  return new Command('restore')
    .description('Put a backup in place as the SQLite database (refuses one a server has open)')
    .requiredOption('--from <file>', 'the backup to restore')
    .addOption(dbOption())
    .option('--force', 'replace an existing (stopped) database')
    .addHelpText(
      'after',
      '\nExample:\n  $ tuike admin restore --from backups/tuike-2026-01-01.db --db sqlite:./.tuike/tuike.db --force',
    )
    .action(async (opts: { from: string; db: string; force?: boolean }, cmd: Command) => {
      const { restoreSqlite } = await import('@tuike/server')
      const r = await restoreSqlite(opts.from, opts.db, { force: opts.force })
      if (json(cmd)) process.stdout.write(`${JSON.stringify(r)}\n`)
      else
        process.stdout.write(
          `restored ${opts.from} to ${r.file}: schema ${r.schema}, ${r.orders} orders (tuike serve applies newer migrations)\n`,
        )
    })
}

export function migrateCommand(): Command {
  const migrate = new Command('migrate').addHelpText(
    'after',
    examples(
      'tuike admin migrate status --db sqlite:./.tuike/tuike.db',
      'tuike admin migrate up --db sqlite:./.tuike/tuike.db',
    ),
  )
  migrate.description('Database schema: which migrations are applied, and applying the rest')
  about(
    migrate.command('status'),
    'List this version’s migrations and whether the database has each',
    [
      'tuike admin migrate status --db sqlite:./.tuike/tuike.db',
      'tuike admin migrate status --db postgres://tuike@db.internal/tuike --json',
    ],
  )
    .addOption(dbOption())
    .action(async (opts: { db: string }, cmd: Command) => {
      const { openDatabase, migrationStatus, maskDatabaseUrl } = await import('@tuike/server')
      const database = await openDatabase(opts.db, { migrations: 'none', poolMax: 1 })
      try {
        const s = await migrationStatus(database.db)
        if (json(cmd)) {
          process.stdout.write(`${JSON.stringify(s)}\n`)
          return
        }
        process.stdout.write(`${maskDatabaseUrl(opts.db)}\n`)
        for (const m of s.migrations)
          process.stdout.write(`  ${m.applied ? 'applied' : 'pending'}  ${m.name}\n`)
        for (const name of s.unknown)
          process.stdout.write(`  newer    ${name} (unknown to this version)\n`)
        process.stdout.write(
          s.unknown.length > 0
            ? 'The database is newer than this Tuike: run the newer version.\n'
            : s.pending.length > 0
              ? `${s.pending.length} pending: tuike admin migrate up\n`
              : 'Up to date.\n',
        )
      } finally {
        await database.close()
      }
    })
  about(
    migrate.command('up'),
    'Apply the pending migrations (once, before starting instances with --no-migrate)',
    ['tuike admin migrate up --db postgres://tuike@db.internal/tuike'],
  )
    .addOption(dbOption())
    .action(async (opts: { db: string }, cmd: Command) => {
      const { openDatabase, migrationStatus, migrateUp, refuseNewer, maskDatabaseUrl } =
        await import('@tuike/server')
      const database = await openDatabase(opts.db, { migrations: 'none', poolMax: 1 })
      try {
        refuseNewer(await migrationStatus(database.db), maskDatabaseUrl(opts.db))
        const started = performance.now()
        const applied = await migrateUp(database.db)
        const seconds = (performance.now() - started) / 1000
        if (json(cmd)) process.stdout.write(`${JSON.stringify({ applied, seconds })}\n`)
        else if (applied.length === 0) process.stdout.write('Up to date: nothing to apply.\n')
        else process.stdout.write(`applied ${applied.join(', ')} in ${seconds.toFixed(1)} s\n`)
      } finally {
        await database.close()
      }
    })
  return migrate
}

export function rotateKeyCommand(): Command {
  return new Command('rotate-key')
    .description(
      'Replace a lost or leaked admin key: run beside the database; prints the new key once',
    )
    .addOption(dbOption())
    .addHelpText(
      'after',
      `
The server stores only the key's SHA-256, so a lost key cannot be shown again: this writes a new
key's hash into the database and prints the key once. The old key stops working at once, on
every running instance (and console operator sessions signed in with it end). A server started
with --admin-key / TUIKE_ADMIN_KEY puts that key back at its next start: change or unset it.

Examples:
  $ tuike admin rotate-key --db sqlite:./.tuike/tuike.db
  $ TUIKE_ADMIN_KEY=$(tuike admin rotate-key --db postgres://tuike@db.internal/tuike -q)`,
    )
    .option('-q, --quiet', 'print only the key')
    .action(async (opts: { db: string; quiet?: boolean }, cmd: Command) => {
      const { openDatabase, migrationStatus, Settings, maskDatabaseUrl } = await import(
        '@tuike/server'
      )
      const file = opts.db.startsWith('sqlite:') ? opts.db.slice('sqlite:'.length) : undefined
      const where = maskDatabaseUrl(opts.db)
      if (file !== undefined && !existsSync(file))
        throw new CliError(`no database at ${where} (pass --db or TUIKE_DB)`, 2)
      const database = await openDatabase(opts.db, { migrations: 'none', poolMax: 1 })
      try {
        if (!(await migrationStatus(database.db)).migrations.some((m) => m.applied))
          throw new CliError(`${where} is not a Tuike database (no migration applied)`, 2)
        const key = await new Settings(database.db).rotateAdminKey()
        if (json(cmd)) process.stdout.write(`${JSON.stringify({ adminKey: key })}\n`)
        else if (opts.quiet) process.stdout.write(`${key}\n`)
        else
          process.stdout.write(
            `new admin key for ${where}:\n  ${key}\n(shown once; the old key no longer works)\n`,
          )
      } finally {
        await database.close()
      }
    })
}
