/**
 * What the CLI's tests share: a server in this process to point the CLI at, running the real
 * `tuike` binary, and comparing with golden files.
 * @module
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Clock, seedCatalogue, seedOrders, silentLogger } from '@tuike/server'
import { type RunningServer, type ServeOptions, startServer } from '@tuike/server/serve'

/**
 * A promoter with a fixed pid prefix, a catalogue and orders (deterministic for `seed`), and the
 * environment the CLI runs in against it: its own HOME and config, a fixed now, no colour.
 */
export async function seededPromoter(
  server: RunningServer,
  dir: string,
  o: {
    clock: Clock
    now: number
    tz: string
    pidPrefix: string
    products: number
    orders: number
    seed: number
  },
): Promise<{ appid: string; secret: string; env: NodeJS.ProcessEnv }> {
  const { appid, secret } = await server.tuike.services.promoters.create('CLI 推客')
  const db = server.database.db
  await db
    .updateTable('promoters')
    .set({ pid_prefix: o.pidPrefix })
    .where('appid', '=', appid)
    .execute()
  await seedCatalogue(db, { products: o.products, seed: o.seed })
  await seedOrders(db, { orders: o.orders, appids: [appid], seed: o.seed, clock: o.clock })
  const env = {
    PATH: process.env.PATH,
    HOME: dir,
    TZ: o.tz,
    NO_COLOR: '1',
    TUIKE_CONFIG_DIR: join(dir, 'config'),
    TUIKE_NOW: String(o.now),
    TUIKE_BASE_URL: server.url,
    TUIKE_APPID: appid,
    TUIKE_APPSECRET: secret,
  }
  return { appid, secret, env }
}

/** The CLI suites' fixed now: 2026-11-01 00:00 in Beijing, in milliseconds and in seconds. */
export const T0 = Date.UTC(2026, 9, 31, 16, 0, 0)
export const T0S = T0 / 1000
/** The operator key of the CLI suites' servers. */
export const ADMIN_KEY = 'tka_cli_test_admin_key_0123456789abc'

export const BIN = join(import.meta.dirname, '..', 'bin', 'tuike.js')
const GOLDEN = join(import.meta.dirname, 'golden')

/** A silent Tuike server on its own port and a SQLite file in `dir`, with no seed data. */
export function serverIn(
  dir: string,
  options: Omit<ServeOptions, 'port' | 'host' | 'db'> = {},
): Promise<RunningServer> {
  return startServer({
    port: 0,
    host: '127.0.0.1',
    db: `sqlite:${join(dir, 'server.db')}`,
    seed: 'none',
    log: silentLogger,
    ...options,
  })
}

export interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/** Run `tuike …args` with exactly `env`, `input` on stdin; resolves when it exits. */
export function run(
  args: string[],
  env: Record<string, string | undefined>,
  input = '',
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: env as NodeJS.ProcessEnv })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => {
      stdout += d
    })
    child.stderr.on('data', (d) => {
      stderr += d
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(input)
  })
}

/** Compare `actual` with golden/`name` (UPDATE_GOLDEN=1 rewrites; CI refuses a missing one). */
export function golden(name: string, actual: string): void {
  const file = join(GOLDEN, name)
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    if (process.env.UPDATE_GOLDEN !== '1' && process.env.CI) assert.fail(`missing golden ${name}`)
    writeFileSync(file, actual)
    return
  }
  assert.equal(actual, readFileSync(file, 'utf8'), `golden ${name} (UPDATE_GOLDEN=1 to rewrite)`)
}

/** Run `tuike …args` with exactly `env` and fail the test unless it exits 0. */
export async function runOk(args: string[], env: Record<string, string | undefined>): Promise<Run> {
  const r = await run(args, env)
  assert.equal(r.code, 0, `tuike ${args.join(' ')} exited ${r.code}: ${r.stderr}`)
  return r
}
