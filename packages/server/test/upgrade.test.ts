/**
 * Upgrades keep data: each committed fixture (a database made by an earlier release's
 * migrations, fixtures/upgrade/<last migration>.sql) is rebuilt on every dialect with the
 * migrations up to its own, upgraded with every later one, and must answer the API calls it
 * answered when it was made. Also: a database missing a migration is not ready, and one a newer
 * Tuike migrated is refused.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { Migrator, sql } from 'kysely'
import { knownMigrations, migrateUp } from '../src/db/migrate.ts'
import { migrationProvider } from '../src/db/migrations/index.ts'
import { createTuike, openDatabase, StartupError, silentLogger, TestClock } from '../src/index.ts'
import { Readiness } from '../src/ops/readiness.ts'
import { DIALECTS, openTestDatabase } from './support.ts'
import { probe } from './upgrade-probes.ts'

const DIR = join(import.meta.dirname, 'fixtures', 'upgrade')
const FIXTURES = readdirSync(DIR)
  .filter((f) => f.endsWith('.sql'))
  .map((f) => f.slice(0, -4))

test('there is a fixture of a released schema, and each names a migration of this code', async () => {
  assert.ok(FIXTURES.length >= 1)
  const known = await knownMigrations()
  for (const f of FIXTURES) assert.ok(known.includes(f), `${f} is a known migration`)
})

for (const dialect of DIALECTS) {
  describe(`${dialect}: upgrades`, () => {
    for (const version of FIXTURES) {
      test(`the ${version} fixture upgrades through every later migration with its data intact`, async () => {
        const fixture = JSON.parse(readFileSync(join(DIR, `${version}.json`), 'utf8'))
        const database = await openTestDatabase(dialect, { migrations: 'none' })
        try {
          const migrated = await new Migrator({
            db: database.db,
            provider: migrationProvider,
            ...(database.schema ? { migrationTableSchema: database.schema } : {}),
          }).migrateTo(version)
          assert.equal(migrated.error, undefined)
          // One statement a line, but a compact product_wire text (022) holds raw control
          // characters, U+000A among them: a statement ends where the next one begins.
          const inserts = readFileSync(join(DIR, `${version}.sql`), 'utf8')
            .split(/\n(?=INSERT |-- )/)
            .filter((l) => l.startsWith('INSERT '))
          // The fixture holds each table's whole content: it replaces rows a migration seeded
          // (020's auth_epoch row).
          const loaded = new Set<string>()
          for (const line of inserts) {
            const table = /^INSERT INTO (\w+)/.exec(line)![1]!
            if (!loaded.has(table)) await sql.raw(`DELETE FROM ${table}`).execute(database.db)
            loaded.add(table)
            await sql.raw(line).execute(database.db)
          }

          // Behind the code: not ready, and refused by --no-migrate.
          const behind = await new Readiness(database.db).check()
          assert.equal(behind.ready, false)
          assert.match(behind.checks.migrations, /^failing: missing /)

          const later = (await knownMigrations()).filter((m) => m > version)
          assert.deepEqual(await migrateUp(database.db, database.schema), later)
          assert.equal((await new Readiness(database.db).check()).ready, true)

          const tuike = await createTuike({
            db: database.db,
            clock: new TestClock(fixture.clockMs),
            log: silentLogger,
          })
          assert.deepEqual(await probe(tuike, fixture), fixture.answers)
        } finally {
          await database.close()
        }
      })
    }
  })
}

describe('schema versions at start', () => {
  test('a database a newer Tuike migrated is refused, naming the migration; --no-migrate refuses one behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tuike-up-'))
    const url = `sqlite:${join(dir, 't.db')}`
    try {
      const first = await openDatabase(url, { migrations: 'none' })
      await new Migrator({ db: first.db, provider: migrationProvider }).migrateTo(FIXTURES[0]!)
      await first.close()
      await assert.rejects(
        openDatabase(url, { migrations: 'require' }),
        (err: unknown) =>
          err instanceof StartupError && /lacks migration .* --no-migrate/.test(err.message),
      )
      const latest = await openDatabase(url)
      await sql`insert into kysely_migration (name, timestamp) values ('999-from-the-future', '2030-01-01T00:00:00.000Z')`.execute(
        latest.db,
      )
      const ahead = await new Readiness(latest.db).check()
      assert.equal(ahead.ready, true, 'a running instance keeps serving during a rolling upgrade')
      assert.match(ahead.checks.migrations, /^ok \(the database also has 999-from-the-future\)/)
      await latest.close()
      for (const migrations of ['apply', 'require'] as const)
        await assert.rejects(
          openDatabase(url, { migrations }),
          (err: unknown) =>
            err instanceof StartupError &&
            /upgraded by a newer Tuike \(it has migration 999-from-the-future/.test(err.message),
        )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

test('docs/operations.md lists every migration in its release notes', async () => {
  const doc = readFileSync(
    join(import.meta.dirname, '..', '..', '..', 'docs', 'operations.md'),
    'utf8',
  )
  for (const name of await knownMigrations())
    assert.match(doc, new RegExp(`^\\| \`${name}\` +\\|`, 'm'))
})
