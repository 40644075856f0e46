/**
 * Several instances starting together on one fresh PostgreSQL database (or schema) apply each
 * migration once: Kysely's Migrator holds an advisory lock, the others wait and find nothing to
 * do. Runs only with TUIKE_TEST_PG_URL (as in CI).
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { describe, test } from 'node:test'
import pg from 'pg'
import { migrationProvider } from '../src/db/migrations/index.ts'
import { openDatabase } from '../src/db/open.ts'

const url = process.env.TUIKE_TEST_PG_URL
const N = 8

async function withClient<T>(connectionString: string, fn: (c: pg.Client) => Promise<T>) {
  const c = new pg.Client({ connectionString })
  await c.connect()
  try {
    return await fn(c)
  } finally {
    await c.end()
  }
}

async function expectOnce(connectionString: string, schema = 'public') {
  const names = Object.keys(await migrationProvider.getMigrations()).sort()
  const rows = await withClient(
    connectionString,
    async (c) =>
      (
        await c.query(
          `select name, count(*)::int as n from "${schema}".kysely_migration group by name order by name`,
        )
      ).rows,
  )
  assert.deepEqual(
    rows,
    names.map((name) => ({ name, n: 1 })),
  )
}

describe('migrations under concurrent starts (PostgreSQL)', {
  skip: !url && 'TUIKE_TEST_PG_URL unset',
}, () => {
  test(`${N} instances opening one fresh database at once all succeed, each migration recorded once`, async () => {
    const name = `tuike_mig_${process.pid}_${randomBytes(3).toString('hex')}`
    await withClient(url!, (c) => c.query(`create database ${name}`))
    const u = new URL(url!)
    u.pathname = `/${name}`
    try {
      const opened = await Promise.all(
        Array.from({ length: N }, () => openDatabase(u.toString(), { poolMax: 2 })),
      )
      await Promise.all(opened.map((d) => d.close()))
      await expectOnce(u.toString())
      // Every table of the latest schema is there.
      const tables = await withClient(u.toString(), async (c) =>
        (await c.query(`select tablename from pg_tables where schemaname = 'public'`)).rows.map(
          (r) => r.tablename as string,
        ),
      )
      for (const t of ['promoters', 'access_tokens', 'products', 'orders', 'materials']) {
        assert.ok(tables.includes(t), `${t} exists`)
      }
    } finally {
      await withClient(url!, (c) => c.query(`drop database if exists ${name} with (force)`))
    }
  })

  test(`${N} instances opening one fresh schema at once (the schema itself created by a race)`, async () => {
    const schema = `mig_${process.pid}_${randomBytes(3).toString('hex')}`
    try {
      const opened = await Promise.all(
        Array.from({ length: N }, () => openDatabase(url!, { schema, poolMax: 2 })),
      )
      await Promise.all(opened.map((d) => d.close()))
      await expectOnce(url!, schema)
      // A later start finds nothing to do.
      const again = await openDatabase(url!, { schema })
      await again.close()
      await expectOnce(url!, schema)
    } finally {
      await withClient(url!, (c) => c.query(`drop schema if exists "${schema}" cascade`))
    }
  })
})
