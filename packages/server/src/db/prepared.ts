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
import type { Compilable, Kysely } from 'kysely'
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
