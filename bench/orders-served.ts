/**
 * order/search (200 a page) and order/info (200 ids) served by real `tuike serve --workers 1`
 * and `--workers 2` processes on a database bench/orders.ts kept (`--keep`, 5M orders), A/B in
 * one run: this tree's binary and another tree's (`--base-tree`, e.g. main built in a checkout
 * of its own). Both sides serve at once and each scenario loads both together, so the machine's
 * load of the moment falls on both alike; a side whose migrations differ serves its own copy of
 * the database (`--base-db`: the other tree refuses a file a newer schema migrated). Two rounds,
 * each with fresh processes. "Same" asks one request again and again; "first sight" a different
 * page or id list each time (800 search pages, 500 info lists of 100 promoters). The CPU each
 * side's processes (the primary and its workers) spent a request is recorded too (/proc).
 * Before loading, every scenario's first request is compared byte for byte between the sides.
 * Writes bench/results/orders-served-<date>.json.
 *
 *   node --import tsx bench/orders-served.ts --db sqlite:<file> --base-tree <main checkout>
 *     [--base-db sqlite:<copy>] [--duration 4] [--connections 10,1] [--workers 1,2] [--rounds 2]
 *     [--ports 41200-41299]
 * @module
 */
import { readdirSync, readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { openDatabase } from '../packages/server/src/index.ts'
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
const baseDb = flag('base-db', dbUrl)
const duration = Number(flag('duration', '4'))
const roundCount = Number(flag('rounds', '2'))
const connectionCounts = flag('connections', '10,1').split(',').map(Number)
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
 * One token per promoter on `server`'s database, through its admin API (a new secret, then
 * /cgi-bin/token): issued once per database, before anything is measured, as a new token
 * retires the previous one.
 */
async function tokens(server: ServeProcess): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  for (const appid of accounts) {
    const rotated = await fetch(`${server.url}/admin/v1/promoters/${appid}/rotate-secret`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}` },
    })
    const { secret } = (await rotated.json()) as { secret: string }
    const issued = await fetch(
      `${server.url}/cgi-bin/token?grant_type=client_credential&appid=${appid}&secret=${secret}`,
    )
    out.set(appid, ((await issued.json()) as { access_token: string }).access_token)
  }
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

/** serveProcess, tried again when startup met a write lock (a loaded box). */
async function serve(db: string, workers: number, tree?: string): Promise<ServeProcess> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await serveProcess(db, KEY, workers, tree)
    } catch (err) {
      if (attempt >= 3) throw err
      console.error(`${(err as Error).message.slice(0, 200)}; starting again`)
    }
  }
}

/** The serving process and its workers (children), for their CPU time. */
function processTree(pid: number): number[] {
  const children = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8')
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid
      } catch {
        return false
      }
    })
    .map(Number)
  return [pid, ...children]
}
const treeCpu = (pids: number[]) => pids.reduce((a, p) => a + cpuSeconds(p), 0)

/** One request of `t` (its first path and body), as text. */
async function once(t: Target): Promise<string> {
  const res = await fetch(
    t.paths ? t.url + t.paths[0] : t.url,
    t.bodies
      ? { method: 'POST', headers: t.headers, body: t.bodies[0] }
      : { method: t.method ?? 'GET', headers: t.headers, body: t.body },
  )
  return res.text()
}

/**
 * With a database copy of its own per side, each server's start-up settlement sweep settles the
 * orders due at its own second: an order can be settled on one side and pending on the other, at
 * different times. The fields a sweep sets are blanked before comparing; every other byte must
 * match (ids, lines, prices, counts, order).
 */
const sweepTimes = (text: string) =>
  baseDb === dbUrl
    ? text
    : text.replace(
        /"(commissionStatus|commissionStatusUpdateTime|profitShardingSucTime|commission)":"[^"]*",?/g,
        '',
      )

const rows: Row[] = []
const tok: Record<string, Map<string, string>> = {}
let wireDiffers = 0
const SIDES = ['base', 'new'] as const
for (const workers of workerCounts) {
  for (let round = 0; round < roundCount; round++) {
    const servers = {
      base: await serve(baseDb, workers, baseTree),
      new: await serve(dbUrl, workers),
    }
    for (const side of SIDES) tok[side] ??= await tokens(servers[side])
    const targets = Object.fromEntries(
      SIDES.map((side) => [side, scenarios(servers[side].url, tok[side]!)]),
    ) as Record<(typeof SIDES)[number], [string, Target][]>
    // Measure only once each server answers each scenario (its start-up work, such as the first
    // settlement sweep over millions of orders, holds it for seconds on a loaded machine); the
    // answers of both sides must be the same bytes (tokens aside, which are not in them).
    for (const [i, [name]] of targets.new.entries()) {
      // Own images are written on each server's origin.
      const [x, y] = await Promise.all(
        SIDES.map(async (side) =>
          sweepTimes(await once(targets[side][i]![1])).replaceAll(
            servers[side].url,
            'http://server',
          ),
        ),
      )
      if (!x!.startsWith('{"errcode":0') || x !== y) {
        wireDiffers++
        let at = 0
        while (at < x!.length && x![at] === y![at]) at++
        console.error(
          `${name}: the sides differ\n${x!.slice(at - 80, at + 80)}\n${y!.slice(at - 80, at + 80)}`,
        )
      }
    }
    const pids = {
      base: processTree(servers.base.child.pid!),
      new: processTree(servers.new.child.pid!),
    }
    for (const connections of connectionCounts)
      for (const [i, [name]] of targets.new.entries()) {
        const load1 = +loadavg()[0]!.toFixed(2)
        const measured = await Promise.all(
          SIDES.map(async (side) => {
            const cpu0 = treeCpu(pids[side])
            const row = await measure(name, targets[side][i]![1], { connections, duration })
            if (row.errors + row.non2xx > 0)
              console.error(`${side} ${name}: ${row.errors} errors, ${row.non2xx} non-2xx`)
            const cpuUsPerRequest = row.requests
              ? Math.round(((treeCpu(pids[side]) - cpu0) * 1e6) / row.requests)
              : 0
            return { ...row, side, workers, connections, round, load1, cpuUsPerRequest }
          }),
        )
        rows.push(...measured)
      }
    await Promise.all(SIDES.map((side) => stopProcess(servers[side])))
  }
}

/** Each (scenario, workers, connections, side): the mean of its rounds. */
const summary: Row[] = []
const alike = (s: Row, r: Row) =>
  s.name === r.name &&
  s.workers === r.workers &&
  s.connections === r.connections &&
  s.side === r.side
for (const r of rows) {
  if (summary.some((s) => alike(s, r))) continue
  const same = rows.filter((s) => alike(s, r))
  const mean = (k: string) =>
    +(same.reduce((a, s) => a + Number(s[k] ?? 0), 0) / same.length).toFixed(2)
  summary.push({
    name: r.name,
    side: r.side,
    workers: r.workers,
    connections: r.connections,
    rps: Math.round(mean('rps')),
    p50: mean('p50'),
    p95: mean('p95'),
    p99: mean('p99'),
    errors: same.reduce((a, s) => a + s.errors, 0),
    non2xx: same.reduce((a, s) => a + s.non2xx, 0),
    cpuUsPerRequest: Math.round(mean('cpuUsPerRequest')),
    load1: mean('load1'),
  })
}
printRows(
  `order/search and order/info served, both sides at once, ${duration} s a load, means of ${roundCount} rounds; new ${dbUrl}, base ${baseDb}`,
  summary,
  [
    { key: 'workers', label: 'workers' },
    { key: 'connections', label: 'conns' },
    { key: 'side', label: 'side' },
    { key: 'cpuUsPerRequest', label: 'CPU µs/req' },
    { key: 'load1', label: 'load 1m' },
  ],
)
saveResults(`orders-served${flag('label', '') && `-${flag('label', '')}`}`, {
  benchmark: 'orders-served',
  db: dbUrl,
  baseDb,
  base: baseTree,
  roundCount,
  wireSampleDiffers: wireDiffers,
  connections: connectionCounts,
  durationSeconds: duration,
  loadavgAfter: loadavg(),
  summary,
  rounds: rows,
})
