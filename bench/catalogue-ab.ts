/**
 * product/list page 1 (10 items, authenticated) A/B: this checkout's `tuike serve --workers 1`
 * against a baseline checkout's (`--baseline DIR`, e.g. a `git archive main` with node_modules),
 * each on a catalogue its own `tuike seed` wrote, interleaved round by round so the machine's
 * other load falls on both alike, with a bare node:http server answering the same bytes. Records
 * req/s, latency and the CPU each request cost the serving process (µs, /proc). Writes
 * bench/results/catalogue-ab-<date>.json.
 *
 *   node --import tsx bench/catalogue-ab.ts --baseline DIR [--products 2000] [--duration 5]
 *     [--rounds 3] [--connections 10]
 * @module
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  BIN,
  bareProcess,
  flag,
  measuredCpu,
  printRows,
  type Row,
  saveResults,
  serveProcess,
  stopProcess,
} from './_harness.ts'

const baseline = flag('baseline', '')
if (!baseline) throw new Error('--baseline DIR: the checkout to compare with')
const products = Number(flag('products', '2000'))
const duration = Number(flag('duration', '5'))
const rounds = Number(flag('rounds', '3'))
const connections = Number(flag('connections', '10'))
const KEY = 'tka_bench-admin-key-000000000000000000'
const load = { connections, duration }
const variants = [
  { name: 'baseline', tree: baseline, bin: join(baseline, 'packages/cli/bin/tuike.js') },
  { name: 'this', tree: undefined, bin: BIN },
]

const loadavgBefore = loadavg()
const dir = mkdtempSync(join(tmpdir(), 'tuike-catalogue-ab-'))
const dbOf = new Map<string, string>()
for (const v of variants) {
  const db = `sqlite:${join(dir, `${v.name}.db`)}`
  const r = spawnSync(process.execPath, [v.bin, 'seed', '--db', db, '--products', String(products)])
  if (r.status !== 0) throw new Error(`${v.name} seed: ${r.stderr}`)
  dbOf.set(v.name, db)
}

/** A promoter with a token, made through the operator API. */
async function token(url: string): Promise<string> {
  const res = await fetch(`${url}/admin/v1/promoters`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench' }),
  })
  const { appid, secret } = (await res.json()) as { appid: string; secret: string }
  const q = `grant_type=client_credential&appid=${appid}&secret=${secret}`
  const t = (await (await fetch(`${url}/cgi-bin/token?${q}`)).json()) as { access_token: string }
  return t.access_token
}

const rows: Row[] = []
const bodies = new Map<string, string>()
for (let round = 1; round <= rounds; round++) {
  for (const v of variants) {
    const node = await serveProcess(dbOf.get(v.name)!, KEY, 1, v.tree)
    const url = `${node.url}/union/promoter/product/list?from=0&limit=10&access_token=${await token(node.url)}`
    const body = await (await fetch(url)).text()
    if (JSON.parse(body).errcode !== 0) throw new Error(`${v.name}: ${body}`)
    bodies.set(v.name, body.replace(/127\.0\.0\.1:\d+/g, 'HOST'))
    rows.push({ ...(await measuredCpu(v.name, url, load, node.child.pid)), round })
    await stopProcess(node)
  }
  const bare = await bareProcess(Buffer.from(bodies.get('this')!))
  rows.push({ ...(await measuredCpu('bare node:http', bare.url, load, bare.child.pid)), round })
  await stopProcess(bare)
}
rmSync(dir, { recursive: true, force: true })
if (bodies.get('this') !== bodies.get('baseline')) console.error('note: the two bodies differ')

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const summary = ['baseline', 'this', 'bare node:http'].map((name) => {
  const of = rows.filter((r) => r.name === name)
  return {
    name,
    rps: median(of.map((r) => r.rps)),
    p50: median(of.map((r) => r.p50)),
    p95: median(of.map((r) => r.p95)),
    p99: median(of.map((r) => r.p99)),
    errors: of.reduce((n, r) => n + r.errors, 0),
    non2xx: of.reduce((n, r) => n + r.non2xx, 0),
    cpuUsPerRequest: median(of.map((r) => r.cpuUsPerRequest as number)),
  }
})
const bare = summary[2]!
for (const s of summary as Row[]) {
  s.ofBare = +(s.rps / bare.rps).toFixed(3)
  s.ofBareCpu = +(bare.cpuUsPerRequest / (s.cpuUsPerRequest as number)).toFixed(3)
}
printRows(
  `product/list page 1, ${products} products, ${connections} connections × ${duration} s × ${rounds} rounds (medians); baseline ${baseline}`,
  summary,
  [
    { key: 'cpuUsPerRequest', label: 'CPU µs/req' },
    { key: 'ofBare', label: '× bare' },
    { key: 'ofBareCpu', label: '× bare CPU' },
  ],
)
saveResults('catalogue-ab', {
  benchmark: 'catalogue-ab',
  products,
  connections,
  durationSeconds: duration,
  rounds,
  bodiesEqual: bodies.get('this') === bodies.get('baseline'),
  bodyBytes: Buffer.byteLength(bodies.get('this')!),
  loadavgBefore,
  loadavgAfter: loadavg(),
  summary,
  results: rows,
})
