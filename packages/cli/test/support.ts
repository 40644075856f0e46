/**
 * What the CLI's tests share: a server in this process to point the CLI at, running the real
 * `tuike` binary, and comparing with golden files.
 * @module
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { seedCatalogue, seedOrders, silentLogger, TestClock } from '@tuike/server'
import { type RunningServer, type ServeOptions, startServer } from '@tuike/server/serve'

/** The pid prefix of `promoterServer`'s promoter. */
export const PID_PREFIX = 'oTestPidPrefix0000000000000'

export type PromoterServer = FixedServer & {
  appid: string
  secret: string
  env: NodeJS.ProcessEnv
}

/**
 * `fixedServer` named `name` with a promoter (fixed pid prefix), a catalogue and orders
 * (deterministic for `seed`), and the environment the CLI runs in against it: its own HOME and
 * config, the fixed now (T0), zone `tz`, no colour.
 */
export async function promoterServer(
  name: string,
  o: { tz: string; products: number; orders: number; seed: number },
): Promise<PromoterServer> {
  const suite = await fixedServer(name)
  const { server, dir, clock } = suite
  const { appid, secret } = await server.tuike.services.promoters.create('CLI 推客')
  const db = server.database.db
  await db
    .updateTable('promoters')
    .set({ pid_prefix: PID_PREFIX })
    .where('appid', '=', appid)
    .execute()
  await seedCatalogue(db, { products: o.products, seed: o.seed })
  await seedOrders(db, { orders: o.orders, appids: [appid], seed: o.seed, clock })
  const env = cliEnv(dir, server, appid, secret, { TZ: o.tz, TUIKE_NOW: String(T0S) })
  return { ...suite, appid, secret, env }
}

/** The environment the CLI runs in as account `appid`: its own HOME and config, no colour. */
export function cliEnv(
  dir: string,
  server: RunningServer,
  appid: string,
  secret: string,
  extra: Record<string, string> = {},
): Record<string, string | undefined> {
  return {
    PATH: process.env.PATH,
    HOME: dir,
    NO_COLOR: '1',
    TUIKE_CONFIG_DIR: join(dir, 'config'),
    TUIKE_BASE_URL: server.url,
    TUIKE_APPID: appid,
    TUIKE_APPSECRET: secret,
    ...extra,
  }
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

/** A suite's own temporary folder with a server in it (`serverIn`, the operator key). */
export interface TempServer {
  dir: string
  server: RunningServer
  /** Stop the server and remove the folder. */
  close(): Promise<void>
}

/** A folder `tuike-<name>-…` and a server in it with the suites' operator key and `options`. */
export async function tempServer(
  name: string,
  options: Omit<ServeOptions, 'port' | 'host' | 'db'> = {},
): Promise<TempServer> {
  const dir = mkdtempSync(join(tmpdir(), `tuike-${name}-`))
  const remove = () => rmSync(dir, { recursive: true, force: true })
  const server = await serverIn(dir, { adminKey: ADMIN_KEY, ...options }).catch((e) => {
    remove()
    throw e
  })
  return {
    dir,
    server,
    close: async () => {
      await server.close()
      remove()
    },
  }
}

export type FixedServer = TempServer & { clock: TestClock }

/**
 * `tempServer` on the suites' fixed clock (T0) with a fixed server key, and absolute URLs in
 * responses (images, short links) on https://tuike.test so they do not depend on the random port.
 */
export async function fixedServer(
  name: string,
  config: ServeOptions['config'] = {},
): Promise<FixedServer> {
  const clock = new TestClock(T0)
  const temp = await tempServer(name, {
    clock,
    serverKey: `${name}-cli-test-key`,
    config: { publicUrl: 'https://tuike.test', ...config },
  })
  return { ...temp, clock }
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
