/**
 * A `pg.Pool`-shaped adapter so Kysely 0.28's PostgresDialect drives PGlite (its built-in PGlite
 * dialect needs Kysely 0.29 and Node 22). PGlite has one connection: connect() queues callers so
 * a transaction holds it alone.
 * @module
 */
import type { PGlite } from '@electric-sql/pglite'
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely'

export function pglitePool(pg: PGlite): PostgresPool {
  let tail: Promise<void> = Promise.resolve()
  const client = (release: () => void) =>
    ({
      async query<R>(sql: string, parameters: readonly unknown[]) {
        const res = await pg.query<R>(sql, parameters as unknown[])
        const command = sql.trimStart().split(/\s+/, 1)[0]?.toUpperCase() ?? ''
        return {
          command,
          rowCount: res.affectedRows ?? 0,
          rows: res.rows,
        } as PostgresQueryResult<R>
      },
      release,
    }) as unknown as PostgresPoolClient
  return {
    connect() {
      let release!: () => void
      const held = new Promise<void>((resolve) => {
        release = resolve
      })
      const ready = tail.then(() => client(release))
      tail = tail.then(() => held)
      return ready
    },
    async end() {
      await tail
      await pg.close()
    },
  }
}
