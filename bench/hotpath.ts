/**
 * The request path (issue 16): promotion/list and product/list page 1 (10 items) against a real
 * `tuike serve --workers 1` and `--workers 2` over one SQLite file of N products (default
 * 100,000), beside, in the same run, a bare node:http server answering the same bytes (in a
 * process of its own, as the server is) and Prism (`npx @stoplight/prism-cli mock`, loopback)
 * mocking Tuike's own /openapi.json. Beside req/s it records the CPU each request cost the one
 * serving process (µs, from /proc): on a machine other work loads, the CPU ratio to the bare
 * server is the steadier figure. Prints a table and writes bench/results/hotpath-<date>.json.
 *
 *   node --import tsx bench/hotpath.ts [--products N] [--duration 8] [--connections 10]
 *     [--no-prism] [--base <checkout> [--rounds 3]] [--db sqlite:<seeded file>] [--ports a-b] [--rate N]
 *
 * With `--base`, an A/B instead (bench/_served-ab.ts): this checkout's `--workers 1` against the
 * other's, both loaded at once in each round, wire bytes compared first.
 * @module
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase } from '../packages/server/src/index.ts'
import { seedCatalogue } from '../packages/server/src/seed/catalogue.ts'
import {
  bareProcess,
  flag,
  measure,
  measuredCpu,
  nextPort,
  printRows,
  prismRow,
  type Row,
  saveResults,
  seedProgress,
  serveProcess,
  stopProcess,
} from './_harness.ts'
import { servedAB } from './_served-ab.ts'

const products = Number(flag('products', '100000'))
const duration = Number(flag('duration', '8'))
const connections = Number(flag('connections', '10'))
const withPrism = !process.argv.includes('--no-prism')
const KEY = 'tka_bench-admin-key-000000000000000000'
// `--rate N`: N requests a second in all (autocannon's overallRate), so each side of an A/B
// answers the same number at the same pace and its CPU a request is not skewed by its rate.
const rate = Number(flag('rate', '0'))
const load = { connections, duration, ...(rate ? { overallRate: rate } : {}) }

const loadavgBefore = loadavg()
const dir = mkdtempSync(join(tmpdir(), 'tuike-hotpath-'))
// `--db sqlite:<file>`: a catalogue seeded before (`tuike seed --products N`), used as it is.
const db = flag('db', '') || `sqlite:${join(dir, 'bench.db')}`
if (!flag('db', '')) {
  const database = await openDatabase(db)
  await seedCatalogue(database.db, { products, seed: 1, onProgress: seedProgress() })
  await database.close()
}

/** A promoter with 5 promotion spots and a token, made through the operator API. */
async function promoter(url: string): Promise<string> {
  const res = await fetch(`${url}/admin/v1/promoters`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench' }),
  })
  const { appid, secret } = (await res.json()) as { appid: string; secret: string }
  const t = (await (
    await fetch(`${url}/cgi-bin/token?grant_type=client_credential&appid=${appid}&secret=${secret}`)
  ).json()) as { access_token: string }
  for (let i = 0; i < 5; i++)
    await fetch(`${url}/union/promoter/promotion/add?access_token=${t.access_token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ promotionSourceName: `位${i}` }),
    })
  return t.access_token
}

const paths = (token: string) => ({
  'promotion/list': `/union/promoter/promotion/list?start=0&limit=20&access_token=${token}`,
  'product/list page 1': `/union/promoter/product/list?from=0&limit=10&access_token=${token}`,
})
type Scenario = keyof ReturnType<typeof paths>

const measured = (name: string, url: string, pid?: number) => measuredCpu(name, url, load, pid)

const baseTree = flag('base', '')
if (baseTree) {
  const rounds = Number(flag('rounds', '3'))
  await servedAB({ db, key: KEY, base: baseTree, rounds, load, paths: paths('{token}'), promoter })
  rmSync(dir, { recursive: true, force: true })
  process.exit()
}

const rows: Row[] = []
const bytes: Partial<Record<Scenario, Buffer>> = {}
for (const workers of [1, 2]) {
  const node = await serveProcess(db, KEY, workers)
  const token = await promoter(node.url)
  for (const [name, path] of Object.entries(paths(token)) as [Scenario, string][]) {
    const body = Buffer.from(await (await fetch(node.url + path)).arrayBuffer())
    if (JSON.parse(body.toString()).errcode !== 0) throw new Error(`${name}: ${body}`)
    bytes[name] ??= body
    // Warmed first (JIT, caches, and the keyword index a large catalogue builds at start, which
    // would otherwise count against the first scenario), as the A/B rounds are.
    await measure('warm-up', { url: node.url + path }, { ...load, duration: 3 })
    // One worker is one process, whose CPU per request is counted; N workers are children.
    const pid = workers === 1 ? node.child.pid : undefined
    rows.push({ ...(await measured(name, node.url + path, pid)), workers })
  }
  await stopProcess(node)
}
for (const [name, body] of Object.entries(bytes) as [Scenario, Buffer][]) {
  const bare = await bareProcess(body)
  rows.push(await measured(`bare node:http (bytes of ${name})`, bare.url, bare.child.pid))
  await stopProcess(bare)
}
if (withPrism) rows.push(...(await prism()))
rmSync(dir, { recursive: true, force: true })

/** Prism mocking Tuike's own OpenAPI document: promotion/list's static example. */
async function prism(): Promise<Row[]> {
  const node = await serveProcess(db, KEY, 1)
  const spec = join(dir, 'openapi.json')
  writeFileSync(spec, Buffer.from(await (await fetch(`${node.url}/openapi.json`)).arrayBuffer()))
  await stopProcess(node)
  const row = await prismRow(spec, nextPort() || 41200 + Math.floor(Math.random() * 99), load)
  return row ? [row] : []
}

const bareRps = (name: string) =>
  rows.find((r) => r.name === `bare node:http (bytes of ${name})`)!.rps
const bareCpu = (name: string) =>
  rows.find((r) => r.name === `bare node:http (bytes of ${name})`)!.cpuUsPerRequest as number
for (const r of rows) {
  const scenario = (['promotion/list', 'product/list page 1'] as const).find((s) => r.name === s)
  if (!scenario) continue
  r.ofBare = +(r.rps / bareRps(scenario)).toFixed(3)
  // What the throughput ratio would be with a core each and nothing else running.
  if (r.cpuUsPerRequest)
    r.ofBareCpu = +(bareCpu(scenario) / (r.cpuUsPerRequest as number)).toFixed(3)
}
printRows(
  `request path, ${connections} connections × ${duration} s, ${products} products (SQLite); ofBare = req/s ÷ bare node answering the same bytes`,
  rows,
  [
    { key: 'workers', label: 'workers' },
    { key: 'ofBare', label: '× bare' },
    { key: 'cpuUsPerRequest', label: 'CPU µs/req' },
    { key: 'ofBareCpu', label: '× bare CPU' },
  ],
)
saveResults('hotpath', {
  benchmark: 'hotpath',
  products,
  connections,
  durationSeconds: duration,
  loadavgBefore,
  loadavgAfter: loadavg(),
  results: rows,
})
