import type { Kysely } from 'kysely'

/**
 * Sandbox fault injection (docs/sandbox.md): the operator's fault rules with their counters, and
 * the log of faults that fired. In the database, so every instance and worker draws from the same
 * counters: `matched` numbers the matching calls (the index of the seeded draw), `fired` caps a
 * rule at `times`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('fault_rules')
    .addColumn('fault_id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    /** Null: every account. */
    .addColumn('appid', 'text')
    /** A contract endpoint id; null: every endpoint. */
    .addColumn('endpoint', 'text')
    .addColumn('rate', 'double precision', (c) => c.notNull())
    .addColumn('times', 'integer')
    .addColumn('seed', 'bigint', (c) => c.notNull())
    .addColumn('errcode', 'integer')
    .addColumn('latency_ms', 'integer')
    .addColumn('jitter_ms', 'integer', (c) => c.notNull())
    .addColumn('window_ms', 'integer', (c) => c.notNull())
    .addColumn('matched', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('fired', 'bigint', (c) => c.notNull().defaultTo(0))
    /** Unix ms. */
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('fault_log')
    /** Ordered by when it fired (real time, then a per-process count). */
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** Unix ms (the server clock). */
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('appid', 'text', (c) => c.notNull())
    .addColumn('endpoint', 'text', (c) => c.notNull())
    /** The rule, or `header`. */
    .addColumn('fault_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .execute()
  // The log reads newest first by id (real-time ordered), the at column being the server clock.
}
