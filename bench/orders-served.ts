/**
 * order/search (200 a page) and order/info (200 ids) served by real `tuike serve --workers 1`
 * and `--workers 2` processes on a database bench/orders.ts kept (`--keep`, 5M orders), A/B in
 * one run: this tree's binary and another tree's (`--base-tree`, e.g. main built in a checkout
 * of its own). One server at a time, in rounds base, new, new, base (each round all four
 * scenarios), so the machine's load falls on both alike. "Same" asks one request again and
 * again; "first sight" a different page or id list each time (800 search pages, 500 info lists
 * of 100 promoters). With one worker the serving process's CPU per request is recorded too
 * (/proc). Writes bench/results/orders-served-<date>.json.
 *
 *   node --import tsx bench/orders-served.ts --db sqlite:<file> --base-tree <main checkout>
 *     [--duration 4] [--connections 10] [--workers 1,2]
 * @module
 */
import { loadavg } from 'node:os'
import { openDatabase, silentLogger } from '../packages/server/src/index.ts'
import { startServer } from '../packages/server/src/serve.ts'
import {
  cpuSeconds,
  flag,
  measure,
  printRows,
  type Row,
  type ServeProcess,
  saveResults,
  serveProcess,
  stopProcess,
  type Target,
} from './_harness.ts'
import { newestOrderIds, promoterAppids } from './_orders.ts'

const dbUrl = flag('db', '')
const baseTree = flag('base-tree', '')
if (!dbUrl || !baseTree)
  throw new Error('--db sqlite:<file kept by bench/orders.ts> --base-tree <checkout>')
const duration = Number(flag('duration', '4'))
const connections = Number(flag('connections', '10'))
const workerCounts = flag('workers', '1,2').split(',').map(Number)
const KEY = 'tka_bench-admin-key-000000000000000000'
const DAY = 86400
const now = Math.floor(Date.now() / 1000)

// The promoters and their newest 1,000 orders, read before any server starts.
const database = await openDatabase(dbUrl, { migrations: 'none' })
const accounts = await promoterAppids(database.db, 101)
const owned = new Map<string, string[]>()
for (const appid of accounts) owned.set(appid, await newestOrderIds(database.db, appid))
await database.close()

/**
 * One token per promoter, issued through the services of an in-process server before any
 * measured one starts (a new /cgi-bin/token retires the previous one, so they are issued once).
 */
async function tokens(): Promise<Map<string, string>> {
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    db: dbUrl,
    seed: 'none',
    adminKey: KEY,
    log: silentLogger,
  })
  const s = server.tuike.services
  const out = new Map<string, string>()
  for (const appid of accounts) {
    const { secret } = await s.promoters.rotateSecret(appid)
    out.set(appid, (await s.tokens.issueClassic(appid, secret)).access_token)
  }
  await server.close()
  return out
}

const searchPath = (token: string, page: number) =>
  `/union/promoter/order/search?${new URLSearchParams({
    page: String(page),
    pageSize: '200',
    startTimestamp: String(now - 40 * DAY),
    endTimestamp: String(now - 10 * DAY),
    access_token: token,
  })}`
const infoPath = (token: string) => `/union/promoter/order/info?access_token=${token}`
const infoBody = (ids: string[]) => JSON.stringify({ orderIdList: ids })

/** The four scenarios on `url` (paths relative to it). */
function scenarios(url: string, tok: Map<string, string>): [string, Target][] {
  const [first, ...rest] = accounts
  const json = { 'content-type': 'application/json' }
  const search: string[] = []
  const info: [string, string][] = []
  for (const appid of rest) {
    for (let page = 1; page <= 8; page++) search.push(searchPath(tok.get(appid)!, page))
    const ids = owned.get(appid)!
    for (let k = 0; k + 200 <= ids.length; k += 200)
      info.push([infoPath(tok.get(appid)!), infoBody(ids.slice(k, k + 200))])
  }
  // A fixed shuffle: consecutive requests are different promoters' pages.
  const order = <T>(a: T[]) =>
    a
      .map((x, i) => [(i * 7919) % 1009, x] as const)
      .sort((p, q) => p[0] - q[0])
      .map((p) => p[1])
  const t0 = tok.get(first!)!
  return [
    ['search, same page', { url: url + searchPath(t0, 1) }],
    [
      'info, same 200 ids',
      {
        url: url + infoPath(t0),
        method: 'POST',
        headers: json,
        body: infoBody(owned.get(first!)!.slice(0, 200)),
      },
    ],
    [`search, first sight (${search.length})`, { url, paths: order(search) }],
    [
      `info, first sight (${info.length})`,
      {
        url,
        method: 'POST',
        headers: json,
        paths: order(info).map((x) => x[0]),
        bodies: order(info).map((x) => x[1]),
      },
    ],
  ]
}

/** serveProcess, tried again when startup met the other server's write lock (a loaded box). */
async function serve(workers: number, tree?: string): Promise<ServeProcess> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await serveProcess(dbUrl, KEY, workers, tree)
    } catch (err) {
      if (attempt >= 3) throw err
      console.error(`${(err as Error).message.slice(0, 200)}; starting again`)
    }
  }
}

const rows: Row[] = []
const tok = await tokens()
// One server at a time (a second one starting beside the first finds the database locked).
for (const workers of workerCounts) {
  for (const [round, side] of (['base', 'new', 'new', 'base'] as const).entries()) {
    const server = await serve(workers, side === 'base' ? baseTree : undefined)
    // One worker is one process, whose CPU per request is counted; N workers are children.
    const pid = workers === 1 ? server.child.pid : undefined
    const targets = scenarios(server.url, tok)
    // Measure only once the server answers each scenario (its start-up work, such as the first
    // settlement sweep over millions of orders, holds it for seconds on a loaded machine).
    for (const [, t] of targets)
      await fetch(
        t.paths ? t.url + t.paths[0] : t.url,
        t.bodies
          ? { method: 'POST', headers: t.headers, body: t.bodies[0] }
          : { method: t.method ?? 'GET', headers: t.headers, body: t.body },
      )
    for (const [name, target] of targets) {
      const cpu0 = pid ? cpuSeconds(pid) : 0
      const load1 = +loadavg()[0]!.toFixed(2)
      const row = await measure(name, target, { connections, duration })
      if (row.errors + row.non2xx > 0)
        console.error(`${side} ${name}: ${row.errors} errors, ${row.non2xx} non-2xx`)
      const cpuUs =
        pid && row.requests
          ? Math.round(((cpuSeconds(pid) - cpu0) * 1e6) / row.requests)
          : undefined
      rows.push({
        ...row,
        side,
        workers,
        round,
        load1,
        ...(cpuUs ? { cpuUsPerRequest: cpuUs } : {}),
      })
    }
    await stopProcess(server)
  }
}

/** Each (scenario, workers, side): the mean of its two rounds. */
const summary: Row[] = []
for (const r of rows) {
  if (summary.some((s) => s.name === r.name && s.workers === r.workers && s.side === r.side))
    continue
  const same = rows.filter((s) => s.name === r.name && s.workers === r.workers && s.side === r.side)
  const mean = (k: string) =>
    +(same.reduce((a, s) => a + Number(s[k] ?? 0), 0) / same.length).toFixed(2)
  summary.push({
    name: r.name,
    side: r.side,
    workers: r.workers,
    rps: Math.round(mean('rps')),
    p50: mean('p50'),
    p95: mean('p95'),
    p99: mean('p99'),
    errors: same.reduce((a, s) => a + s.errors, 0),
    non2xx: same.reduce((a, s) => a + s.non2xx, 0),
    cpuUsPerRequest: r.cpuUsPerRequest ? Math.round(mean('cpuUsPerRequest')) : '-',
    load1: mean('load1'),
  })
}
printRows(
  `order/search and order/info served, ${connections} connections × ${duration} s a round, 2 rounds a side (base, new, new, base), means; ${dbUrl}`,
  summary,
  [
    { key: 'workers', label: 'workers' },
    { key: 'side', label: 'side' },
    { key: 'cpuUsPerRequest', label: 'CPU µs/req' },
    { key: 'load1', label: 'load 1m' },
  ],
)
saveResults(`orders-served${flag('label', '') && `-${flag('label', '')}`}`, {
  benchmark: 'orders-served',
  db: dbUrl,
  base: baseTree,
  connections,
  durationSeconds: duration,
  loadavgAfter: loadavg(),
  summary,
  rounds: rows,
})
