/**
 * `hotpath --base <tree>`: an A/B of the served request path. `tuike serve --workers 1` of this
 * checkout and of `<tree>` (another checkout, built) run side by side on one SQLite file; each
 * round loads both at once, so a shared machine's load falls on both alike. Each
 * run records req/s, latency and the CPU the serving process spent a request (/proc). Before
 * loading, a sample of responses (successes, errors, unmatched paths, HEAD) is compared byte for
 * byte, request ids aside: the change must not alter the wire. Writes
 * bench/results/hotpath-ab-<date>.json.
 * @module
 */
import { request } from 'node:http'
import { loadavg } from 'node:os'
import {
  cpuSeconds,
  measure,
  type Row,
  type ServeProcess,
  saveResults,
  serveProcess,
  stopProcess,
} from './_harness.ts'

interface Options {
  db: string
  key: string
  base: string
  rounds: number
  load: { connections: number; duration: number }
  /** Scenario name → path with query (the token already in it). */
  paths: Record<string, string>
  /** Makes a promoter through `url` and returns its token. */
  promoter(url: string): Promise<string>
}

interface Raw {
  status: number
  headers: string[]
  body: string
}

/** One request over node:http, headers in wire order (date, request ids and port blanked). */
function raw(url: string, method = 'GET'): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (d: Buffer) => chunks.push(d))
      res.on('end', () => {
        const headers: string[] = []
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          const name = res.rawHeaders[i]!.toLowerCase()
          const value = name === 'date' || name === 'x-request-id' ? '…' : res.rawHeaders[i + 1]!
          headers.push(`${name}: ${value}`)
        }
        const body = Buffer.concat(chunks)
          .toString()
          .replace(/rid: [0-9a-f-]{26}/g, 'rid: …')
          .replaceAll(new URL(url).origin, 'http://server')
        resolve({ status: res.statusCode!, headers, body })
      })
    })
    req.on('error', reject)
    req.end()
  })
}

/** The sample whose bytes must match on both sides. */
function samples(paths: Record<string, string>): [string, string][] {
  const promotion = paths['promotion/list']!
  return [
    ...Object.values(paths).map((p): [string, string] => ['GET', p]),
    ['HEAD', promotion],
    ['GET', promotion.replace(/access_token=[^&]+/, 'access_token=nope')],
    ['GET', promotion.replace(/&?access_token=[^&]+/, '')],
    ['POST', promotion],
    ['GET', promotion.replace('start=0', 'start=-1')],
    ['GET', '/no/such/path'],
    ['GET', '/healthz'],
  ]
}

async function compareWire(a: string, b: string, paths: Record<string, string>): Promise<number> {
  let differ = 0
  for (const [method, path] of samples(paths)) {
    const [x, y] = [await raw(a + path, method), await raw(b + path, method)]
    if (JSON.stringify(x) === JSON.stringify(y)) continue
    differ++
    const [s, t] = [JSON.stringify(x), JSON.stringify(y)]
    let i = 0
    while (s[i] === t[i]) i++
    const at = (u: string) => u.slice(Math.max(0, i - 80), i + 80)
    console.error(`wire differs: ${method} ${path}\n base …${at(s)}…\n new  …${at(t)}…`)
  }
  return differ
}

const median = (xs: number[]) => {
  const s = [...xs].sort((p, q) => p - q)
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

async function run(side: string, name: string, node: ServeProcess, path: string, o: Options) {
  const pid = node.child.pid!
  const cpu0 = cpuSeconds(pid)
  const row: Row = await measure(name, { url: node.url + path }, o.load)
  const cpuUsPerRequest = Math.round(((cpuSeconds(pid) - cpu0) * 1e6) / (row.requests || 1))
  return { ...row, side, cpuUsPerRequest, load1: +loadavg()[0]!.toFixed(2) }
}

export async function servedAB(o: Options): Promise<void> {
  const base = await serveProcess(o.db, o.key, 1, o.base)
  const next = await serveProcess(o.db, o.key, 1)
  const sides = { base, new: next }
  const token = await o.promoter(next.url)
  const paths = Object.fromEntries(
    Object.entries(o.paths).map(([k, p]) => [k, p.replace('{token}', token)]),
  )
  const wireDiffers = await compareWire(base.url, next.url, paths)
  // Warm both (JIT, caches) before anything is counted: 1 s left the first round still warming.
  for (const node of [base, next])
    for (const path of Object.values(paths))
      await measure('warm-up', { url: node.url + path }, { ...o.load, duration: 3 })
  const rounds: Awaited<ReturnType<typeof run>>[] = []
  for (let r = 0; r < o.rounds; r++) {
    // Both loaded at once: whatever else the machine runs at that moment weighs on both alike.
    for (const [name, path] of Object.entries(paths))
      rounds.push(
        ...(await Promise.all(
          (['base', 'new'] as const).map((side) => run(side, name, sides[side], path, o)),
        )),
      )
  }
  await stopProcess(base)
  await stopProcess(next)
  const summary: Record<string, unknown> = {}
  for (const name of Object.keys(paths)) {
    const of = (side: string) => rounds.filter((r) => r.name === name && r.side === side)
    const m = (side: string, k: 'cpuUsPerRequest' | 'rps' | 'p50' | 'p95') =>
      median(of(side).map((r) => r[k]))
    summary[name] = {
      medianCpuUsPerRequest: {
        base: m('base', 'cpuUsPerRequest'),
        new: m('new', 'cpuUsPerRequest'),
      },
      medianRps: { base: m('base', 'rps'), new: m('new', 'rps') },
      medianP50: { base: m('base', 'p50'), new: m('new', 'p50') },
      medianP95: { base: m('base', 'p95'), new: m('new', 'p95') },
      cpuRatio: +(m('base', 'cpuUsPerRequest') / m('new', 'cpuUsPerRequest')).toFixed(3),
      // Each round's base and new ran together: their ratio cancels the load of the moment.
      medianPairedCpuRatio: +median(
        of('base').map((b, i) => b.cpuUsPerRequest / of('new')[i]!.cpuUsPerRequest),
      ).toFixed(3),
    }
  }
  for (const r of rounds)
    console.log(
      `${r.name.padEnd(22)} ${r.side.padEnd(5)} ${String(r.rps).padStart(6)} req/s  ${String(r.cpuUsPerRequest).padStart(5)} µs CPU  p50 ${r.p50} p95 ${r.p95}  load ${r.load1}`,
    )
  console.log(JSON.stringify(summary, null, 2))
  console.log(wireDiffers ? `${wireDiffers} sample responses differ` : 'wire: sample identical')
  saveResults('hotpath-ab', {
    benchmark: 'hotpath A/B: tuike serve --workers 1 of two checkouts loaded at once, in rounds',
    base: o.base,
    connections: o.load.connections,
    durationSeconds: o.load.duration,
    wireSampleDiffers: wireDiffers,
    summary,
    rounds,
  })
  if (wireDiffers) process.exitCode = 1
}
