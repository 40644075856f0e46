/**
 * Test helpers that run the real `tuike` binary: a `tuike serve` process (waits for its banner)
 * and one-shot commands with their exit code and output.
 * @module
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process'

export const BIN = new URL('../../cli/bin/tuike.js', import.meta.url).pathname

export interface ServeProcess {
  proc: ChildProcess
  url: string
  /** stdout and stderr so far. */
  out(): string
  /** SIGTERM and wait for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

/** The environment without TUIKE_* variables (tests pass settings as flags). */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TUIKE_'))),
    ...extra,
  }
}

/** Options of a quiet server on a free port: the SQLite `file`, `adminKey`, no demo data. */
export function serveArgs(file: string, adminKey: string, ...extra: string[]): string[] {
  return [
    '--db',
    `sqlite:${file}`,
    '--port',
    '0',
    '--admin-key',
    adminKey,
    '--seed',
    'none',
    ...extra,
  ]
}

/** Start `tuike serve …args` and resolve once its banner (through `ready`) is printed. */
export function serve(
  args: string[],
  ready: (stdout: string) => boolean = (o) => o.includes('Database:'),
  env: NodeJS.ProcessEnv = cleanEnv(),
): Promise<ServeProcess> {
  // One process unless a test asks for workers (the default is one per core), like testkit's helper.
  const workers = args.includes('--workers') ? [] : ['--workers', '1']
  const proc = spawn(process.execPath, [BIN, 'serve', ...workers, ...args], { env })
  let stdout = ''
  let all = ''
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)))
  proc.stderr!.on('data', (d) => {
    all += d
  })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner after 120 s: ${all}`)), 120_000)
    proc.stdout!.on('data', (d) => {
      stdout += d
      all += d
      const url = /listening on (http:\/\/\S+)/.exec(stdout)?.[1]
      if (url && ready(stdout)) {
        clearTimeout(timer)
        resolve({
          proc,
          url,
          out: () => all,
          stop: (signal = 'SIGTERM') => {
            proc.kill(signal)
            return exited
          },
        })
      }
    })
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`tuike serve exited ${code}: ${all}`))
    })
  })
}

/** Run `tuike …args` to completion. */
export function tuike(
  args: string[],
  env: NodeJS.ProcessEnv = cleanEnv(),
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    )
  })
}

/**
 * Short-link codes of a served process's first five products, stocked so that many purchases
 * succeed: the stock is raised directly in the SQLite file, the codes come from product/generate
 * for `pid` over HTTP (as a promoter would get them). `pks` are the products' row keys.
 */
export async function stockedCodes(
  sqlite: import('better-sqlite3').Database,
  url: string,
  token: string,
  pid: string,
): Promise<{ codes: string[]; pks: number[] }> {
  const products = sqlite
    .prepare('select pk, id, shop_appid from products order by pk limit 5')
    .all() as { pk: number; id: string; shop_appid: string }[]
  sqlite
    .prepare(
      `update skus set stock = 1000000 where product_pk in (${products.map((p) => p.pk).join(',')})`,
    )
    .run()
  const res = await fetch(`${url}/union/promoter/product/generate?access_token=${token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      pid,
      productList: products.map((p) => ({ productId: p.id, appId: p.shop_appid })),
    }),
  })
  const gen = (await res.json()) as { list: { shareInfo: { promotionUrl: string } }[] }
  return {
    codes: gen.list.map((m) => m.shareInfo.promotionUrl.split('/s/')[1]!),
    pks: products.map((p) => p.pk),
  }
}
