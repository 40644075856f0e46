/**
 * What every HTTP benchmark shares: flags, a seeding progress line, the bare node:http baseline,
 * one autocannon measurement with exact percentiles, the results table and the JSON file.
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { cpus } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'

/** `--name value` from the command line, or `fallback`. */
export function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback
}

/**
 * The port for the next server a benchmark starts: `--ports 41100-41199` hands them out in turn
 * (a shared machine's allotted range), else 0 (the system picks a free one).
 */
export function nextPort(): number {
  const range = /^(\d+)-(\d+)$/.exec(flag('ports', ''))
  if (!range) return 0
  const [first, last] = [Number(range[1]), Number(range[2])]
  return first + (portsUsed++ % (last - first + 1))
}
let portsUsed = 0

/** A progress callback that redraws one stderr line at most twice a second. */
export function seedProgress(): (done: number, total: number, phase?: string) => void {
  let lastDraw = 0
  return (done, total, phase = '') => {
    const now = Date.now()
    if (now - lastDraw < 500 && done < total) return
    lastDraw = now
    const pct = Math.floor((done / total) * 100)
    const bar = '#'.repeat(Math.floor(pct / 4)).padEnd(25, '.')
    process.stderr.write(`\rseeding [${bar}] ${pct}% ${done}/${total} ${phase}   `)
    if (done >= total) process.stderr.write('\n')
  }
}

/** The baseline: a bare node:http server answering `bytes` to every request. */
export async function bareServer(bytes: Buffer): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': bytes.length })
    res.end(bytes)
  })
  await new Promise<void>((r) => server.listen(nextPort(), '127.0.0.1', r))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server }
}

export interface Row {
  name: string
  rps: number
  /** Requests answered in the run. */
  requests?: number
  p50: number
  p95: number
  p99: number
  errors: number
  non2xx: number
  [extra: string]: unknown
}

export interface Target {
  url: string
  method?: 'GET' | 'POST'
  body?: string
  headers?: Record<string, string>
  /**
   * Paths (with query) to send in turn, one per request across all connections, instead of
   * `url`'s: a pool larger than the requests of a run makes every request a first one.
   */
  paths?: string[]
  /** Bodies to send in turn, like `paths` (with `paths`, the i-th path goes with the i-th body). */
  bodies?: string[]
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

/** Load `target` with autocannon for `duration` seconds over `connections` connections. */
export async function measure(
  name: string,
  target: Target,
  load: { connections: number; duration: number },
): Promise<Row> {
  const latencies: number[] = []
  const { paths, bodies, ...opts } = target
  let next = 0
  const requests = (paths || bodies) && [
    {
      setupRequest: (req: Record<string, unknown>) => {
        const i = next++
        return {
          ...req,
          ...(paths ? { path: paths[i % paths.length] } : {}),
          ...(bodies ? { body: bodies[i % bodies.length] } : {}),
        }
      },
    },
  ]
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const inst = autocannon({ ...opts, ...load, ...(requests ? { requests } : {}) }, (err, res) =>
      err ? reject(err) : resolve(res),
    )
    inst.on('response', (_c: unknown, _code: number, _bytes: number, ms: number) =>
      latencies.push(ms),
    )
  })
  latencies.sort((x, y) => x - y)
  return {
    name,
    rps: Math.round(result.requests.average),
    requests: result.requests.total,
    p50: +percentile(latencies, 50).toFixed(2),
    p95: +percentile(latencies, 95).toFixed(2),
    p99: +percentile(latencies, 99).toFixed(2),
    errors: result.errors,
    non2xx: result.non2xx,
  }
}

/** `measure` on `url`, with the CPU time `pid` spent per request (µs) when given. */
export async function measuredCpu(
  name: string,
  url: string,
  load: { connections: number; duration: number },
  pid?: number,
): Promise<Row> {
  const cpu0 = pid ? cpuSeconds(pid) : 0
  const row = await measure(name, { url }, load)
  if (!pid || !row.requests) return row
  return { ...row, cpuUsPerRequest: Math.round(((cpuSeconds(pid) - cpu0) * 1e6) / row.requests) }
}

/** Print rows as a table; the first row is the baseline that "% base" compares against. */
export function printRows(
  title: string,
  rows: Row[],
  extra: { key: string; label: string }[] = [],
) {
  const base = rows[0]!.rps
  const width = Math.max(34, ...rows.map((r) => r.name.length + 1))
  const cols = [
    ...extra.map((e) => e.label),
    'req/s',
    '% base',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'errors',
  ]
  console.log(`\n${title}`)
  console.log(`${'scenario'.padEnd(width)}| ${cols.map((c) => c.padStart(8)).join(' | ')}`)
  console.log(`${'-'.repeat(width)}|${cols.map(() => '-'.repeat(10)).join('|')}`)
  for (const r of rows) {
    const cells = [
      ...extra.map((e) => String(r[e.key] ?? '-')),
      String(r.rps),
      `${((r.rps / base) * 100).toFixed(0)}%`,
      r.p50.toFixed(2),
      r.p95.toFixed(2),
      r.p99.toFixed(2),
      String(r.errors + r.non2xx),
    ]
    console.log(`${r.name.padEnd(width)}| ${cells.map((c) => c.padStart(8)).join(' | ')}`)
  }
}

/** Write `bench/results/<name>-<date>T<hh-mm>.json` (never overwriting an earlier run). */
export function saveResults(name: string, data: Record<string, unknown>): string {
  const date = new Date().toISOString()
  const dir = join(import.meta.dirname, 'results')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `${name}-${date.slice(0, 16).replace(':', '-')}.json`)
  const machine = { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version }
  writeFileSync(file, `${JSON.stringify({ date, machine, ...data }, null, 2)}\n`)
  console.log(`\nwrote ${file}`)
  return file
}

/**
 * The baseline in a process of its own, like the server under test (in this process it would
 * share a thread with the load generator): a bare node:http server answering `bytes`.
 */
export async function bareProcess(bytes: Buffer, port = nextPort()): Promise<ServeProcess> {
  const code = `const b = Buffer.from(process.env.BYTES, 'base64');
    const s = require('node:http').createServer((q, r) => {
      r.writeHead(200, { 'content-type': 'application/json', 'content-length': b.length }); r.end(b) });
    s.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + s.address().port))`
  const child = spawn(process.execPath, ['-e', code], {
    stdio: ['ignore', 'pipe', 'ignore'],
    env: { ...process.env, BYTES: bytes.toString('base64'), PORT: String(port) },
  })
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', (d) =>
      resolve({ child, url: /(http:\/\/\S+)/.exec(String(d))![1]! }),
    )
    child.once('exit', (code) => reject(new Error(`bare server exited ${code}`)))
  })
}

/**
 * CPU seconds (user + system) a process has used so far (Linux /proc): the CPU each request
 * costs is a figure other processes' load does not distort, as throughput on a shared machine is.
 */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

/** A `tuike serve` child process and its URL. */
export interface ServeProcess {
  child: ChildProcess
  url: string
}

export const BIN = join(import.meta.dirname, '..', 'packages', 'cli', 'bin', 'tuike.js')

/**
 * Start `tuike serve --workers <workers>` on `db` (no seed) in a process of its own; resolves once
 * it listens. `tree` is the checkout whose `tuike` runs (another one for an A/B run); `port`
 * (else nextPort()) 0 takes any free one; `onLog` hears its log lines (stderr).
 */
export function serveProcess(
  db: string,
  adminKey: string,
  workers = 1,
  tree?: string,
  options: { port?: number; onLog?: (chunk: string) => void } = {},
): Promise<ServeProcess> {
  const port = String(options.port ?? nextPort())
  const args = ['--port', port, '--db', db, '--seed', 'none', '--admin-key', adminKey]
  const bin = tree ? join(tree, 'packages', 'cli', 'bin', 'tuike.js') : BIN
  const child = spawn(process.execPath, [bin, 'serve', '--workers', String(workers), ...args], {
    // The log (stderr) is read only when asked for, and then all of it, so the pipe never fills.
    stdio: ['ignore', 'pipe', options.onLog ? 'pipe' : 'ignore'],
    env: { ...process.env, TUIKE_ADMIN_KEY: '' },
  })
  if (options.onLog) child.stderr!.on('data', (d) => options.onLog!(String(d)))
  let out = ''
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d
      const url = out.match(/listening on (http:\/\/\S+)/)?.[1]
      if (url) resolve({ child, url })
    })
    child.once('exit', (code) => reject(new Error(`tuike serve exited ${code}: ${out}`)))
  })
}

/** SIGTERM a serveProcess and wait for it to exit. */
export function stopProcess(n: ServeProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    n.child.once('exit', () => resolve())
    n.child.kill('SIGTERM')
  })
}

/**
 * Prism (`npx @stoplight/prism-cli mock`, loopback, on `port`) mocking the OpenAPI document
 * `spec`, loaded on promotion/list's static example: the rate issue 16 compares against. No row
 * when Prism does not start.
 */
export async function prismRow(
  spec: string,
  port: number,
  load: { connections: number; duration: number },
): Promise<Row | undefined> {
  const child = spawn(
    'npx',
    ['--yes', '@stoplight/prism-cli@5.16.0', 'mock', '-h', '127.0.0.1', '-p', String(port), spec],
    // Its own process group: npx runs prism as a grandchild, which must stop with it.
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  )
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('prism did not start in 180 s')), 180_000)
      child.stdout!.on('data', (d: Buffer) => {
        if (/Prism is listening/.test(d.toString())) {
          clearTimeout(timer)
          resolve()
        }
      })
      child.once('exit', (code) => reject(new Error(`prism exited ${code}`)))
    })
    const url = `http://127.0.0.1:${port}/union/promoter/promotion/list?start=0&limit=20&access_token=x`
    return await measure('prism mock (promotion/list example)', { url }, load)
  } catch (err) {
    console.error(`prism skipped: ${(err as Error).message}`)
    return undefined
  } finally {
    process.kill(-child.pid!, 'SIGTERM')
  }
}
