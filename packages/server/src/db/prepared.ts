/**
 * A query built and compiled once, run many times with new arguments: hot routes pay neither
 * Kysely's query building nor its SQL compiling per request (issue 16's profile: ~6% of a call).
 * The builder is called once with marker strings in place of the arguments; the compiled
 * parameters holding a marker are replaced by the call's arguments, the others kept as compiled.
 *
 * On SQLite a read runs straight on the better-sqlite3 statement when no transaction is open on
 * the connection: Kysely's executor (connection mutex, plugins, promises) cost ~30 µs a query,
 * several times SQLite's own work for these reads. With nothing open, JavaScript's single thread
 * guarantees the read sees only committed rows, as through Kysely; while a transaction is open
 * (between its awaits) the read waits for it through Kysely, so it never sees uncommitted rows.
 * @module
 */
import type { Compilable, CompiledQuery, Kysely } from 'kysely'
import { sqliteHandle } from './open.ts'
import type { Database } from './schema.ts'

/** No argument of a real call can be one of these (a NUL byte and a per-process nonce). */
const nonce = Math.random().toString(36).slice(2)
const marker = (i: number) => `\u0000arg${i}:${nonce}`

/**
 * @example
 * const spots = prepare(db, (q, appid: string) =>
 *   q.selectFrom('promotion_spots').select('pid').where('appid', '=', appid))
 * const rows = await spots('wx…')
 */
export function prepare<A extends unknown[], R>(
  db: Kysely<Database>,
  build: (q: Kysely<Database>, ...args: A) => Compilable<R>,
): (...args: A) => Promise<R[]> {
  const arity = build.length - 1
  const marks = Array.from({ length: arity }, (_, i) => marker(i))
  const compiled = build(db, ...(marks as unknown as A)).compile()
  const slots = compiled.parameters.map((p) => marks.indexOf(p as string))
  for (let i = 0; i < arity; i++) {
    if (!slots.includes(i)) throw new Error(`prepare: argument ${i} is not a query parameter`)
  }
  const sqlite = sqliteHandle(db)
  const statement = sqlite?.prepare(compiled.sql)
  if (statement && !statement.reader) throw new Error('prepare: only reads are prepared')
  return async (...args) => {
    const parameters = compiled.parameters.map((p, i) => (slots[i]! >= 0 ? args[slots[i]!] : p))
    if (statement && !sqlite!.inTransaction) return statement.all(parameters) as R[]
    const { rows } = await db.executeQuery<R>({ ...compiled, parameters })
    return rows
  }
}

/** Statements kept per SQL text, at most (the shapes of a few reads' optional filters). */
const MAX_STATEMENTS = 128

/**
 * A reader of compiled queries' rows as arrays of column values in select order, for reads whose
 * rows are written out at once (no object per row, no column names). On SQLite a statement is
 * prepared once per SQL text and run straight on better-sqlite3 when no transaction is open (as
 * in prepare above); otherwise the query runs through Kysely and each row's values are taken in
 * its column order. Select each column name once: a row object holds a name once.
 */
export function rawReader(db: Kysely<Database>): (query: CompiledQuery) => Promise<unknown[][]> {
  const sqlite = sqliteHandle(db)
  const statements = new Map<string, import('better-sqlite3').Statement>()
  return async (query) => {
    if (sqlite && !sqlite.inTransaction) {
      let statement = statements.get(query.sql)
      if (!statement) {
        if (statements.size >= MAX_STATEMENTS) statements.clear()
        statement = sqlite.prepare(query.sql).raw(true)
        statements.set(query.sql, statement)
      }
      return statement.all(query.parameters as unknown[]) as unknown[][]
    }
    const { rows } = await db.executeQuery<Record<string, unknown>>(query)
    return rows.map((r) => Object.values(r))
  }
}
