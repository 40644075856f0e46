/**
 * A real `tuike serve` process for the tests that need one (durability after kill -9, several
 * instances over one database, the browser tests): started on a free port, resolved once its
 * banner is printed, with the credentials the banner shows.
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The `tuike` binary of @tuike/cli. */
export const TUIKE_BIN = join(
  dirname(fileURLToPath(import.meta.resolve('@tuike/cli'))),
  '..',
  'bin',
  'tuike.js',
)

export interface ServeProcess {
  child: ChildProcess
  /** The listen URL from the banner. */
  url: string
  /** Everything the process wrote to stdout (and stderr) so far. */
  readonly out: string
  /** The admin key, when this start generated it (printed once). */
  adminKey?: string
  /** The demo promoter, when this start seeded it (its secret is printed once). */
  demo?: { appid: string; secret: string }
  /** SIGKILL the process (or `signal`) and wait for its exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

export interface ServeOptions {
  /** The process environment (default: this one's). */
  env?: NodeJS.ProcessEnv
  /** How long to wait for the banner, ms (default 60 s). */
  timeoutMs?: number
}

/** Start `tuike serve <args>` (add `--port 0`) and wait for its whole banner. */
export function startServeProcess(
  args: string[],
  options: ServeOptions = {},
): Promise<ServeProcess> {
  // One serving process unless the test asks for more (the default is one per core).
  const workers = args.includes('--workers') ? [] : ['--workers', '1']
  const child = spawn(process.execPath, [TUIKE_BIN, 'serve', ...workers, ...args], {
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stderr!.on('data', (d: Buffer) => {
    out += d.toString()
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
  return new Promise((resolve, reject) => {
    const timeoutMs = options.timeoutMs ?? 60_000
    const timer = setTimeout(
      () => reject(new Error(`no banner after ${timeoutMs} ms: ${out}`)),
      timeoutMs,
    )
    let seen = false
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1]
      // The banner is written in one tick from its Database line on; let the pipe deliver it.
      if (!url || seen || !out.includes('Database:')) return
      seen = true
      clearTimeout(timer)
      setTimeout(() => resolve(serveProcess(child, url, () => out, exited)), 300)
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`tuike serve exited ${code}: ${out}`))
    })
  })
}

/**
 * `tuike serve` on the SQLite file `file` with this admin key and `--seed` (with `demo`, the
 * banner's demo credentials come back in `demo`) plus `extra` options: the kill -9 tests' server.
 */
export function startFileServe(
  file: string,
  adminKey: string,
  seed: 'demo' | 'none',
  extra: string[] = [],
): Promise<ServeProcess> {
  return startServeProcess(
    ['--db', `sqlite:${file}`, '--port', '0', '--admin-key', adminKey, '--seed', seed, ...extra],
    { timeoutMs: 120_000 },
  )
}

function serveProcess(
  child: ChildProcess,
  url: string,
  out: () => string,
  exited: Promise<number | null>,
): ServeProcess {
  const banner = out()
  const appid = /appid: +(wx[0-9a-f]{16})/.exec(banner)?.[1]
  const secret = /secret: +([0-9a-f]{32})/.exec(banner)?.[1]
  const adminKey = /Admin key \(shown once; keep it\): +(\S+)/.exec(banner)?.[1]
  return {
    child,
    url,
    get out() {
      return out()
    },
    ...(adminKey ? { adminKey } : {}),
    ...(appid && secret ? { demo: { appid, secret } } : {}),
    stop(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      return exited
    },
  }
}
