/**
 * Readiness (`/readyz`): whether this instance should get traffic. The database answers within
 * the timeout, every migration this code needs is applied, Redis answers when quotas are counted
 * there, and the process is not draining. Liveness (`/healthz`) only says the process runs: a
 * database outage must not get every instance restarted.
 * @module
 */
import { type Kysely, sql } from 'kysely'
import { migrationStatus } from '../db/migrate.ts'
import type { Database } from '../db/schema.ts'

export interface ReadinessReport {
  ready: boolean
  checks: {
    database: string
    migrations: string
    redis: string
    draining: boolean
  }
}

const TIMEOUT_MS = 2000

function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not answer within ${TIMEOUT_MS} ms`)),
      TIMEOUT_MS,
    )
  })
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer))
}

export class Readiness {
  #draining = false
  readonly #db: Kysely<Database>
  readonly #redisPing?: () => Promise<void>
  constructor(db: Kysely<Database>, redisPing?: () => Promise<void>) {
    this.#db = db
    this.#redisPing = redisPing
  }

  /** From now on /readyz fails, so load balancers stop sending traffic before the drain. */
  drain(): void {
    this.#draining = true
  }

  get draining(): boolean {
    return this.#draining
  }

  async check(): Promise<ReadinessReport> {
    const problem = (err: unknown) => `failing: ${(err as Error)?.message ?? err}`
    const [database, migrations, redis] = await Promise.all([
      withTimeout(sql`select 1`.execute(this.#db), 'the database').then(() => 'ok', problem),
      withTimeout(migrationStatus(this.#db), 'the database').then(
        (s) =>
          s.pending.length > 0
            ? `failing: missing ${s.pending.join(', ')}`
            : // A newer Tuike migrated the database during a rolling upgrade: this one still
              // serves (migrations only add), it just says so.
              s.unknown.length > 0
              ? `ok (the database also has ${s.unknown.join(', ')})`
              : 'ok',
        problem,
      ),
      this.#redisPing
        ? withTimeout(this.#redisPing(), 'Redis').then(() => 'ok', problem)
        : Promise.resolve('not configured'),
    ])
    const ok = (s: string) => !s.startsWith('failing')
    return {
      ready: !this.#draining && ok(database) && ok(migrations) && ok(redis),
      checks: { database, migrations, redis, draining: this.#draining },
    }
  }
}
