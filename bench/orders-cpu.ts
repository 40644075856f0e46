/**
 * order/search and order/info in process, without HTTP: CPU time per call of the service that
 * answers them, on a database the orders bench kept (`bench/orders.ts --keep`). CPU time of the
 * one process is what a loaded machine disturbs least, so two trees (before and after a change)
 * can be compared run against run. Search and info pages of 100 promoters: "repeat" asks the same
 * page again and again, "first sight" a different page each call (800 search pages, 500 info
 * lists: more orders than the cache keeps).
 *
 *   node --import tsx bench/orders-cpu.ts --db sqlite:<file> [--label x] [--calls 400]
 * @module
 */

import { systemClock } from '../packages/server/src/clock.ts'
import { openDatabase } from '../packages/server/src/index.ts'
import { Orders } from '../packages/server/src/services/orders.ts'
import { flag, saveResults } from './_harness.ts'
import { newestOrderIds, promoterAppids } from './_orders.ts'

const url = flag('db', '')
if (!url) throw new Error('--db sqlite:<file kept by bench/orders.ts --keep>')
const calls = Number(flag('calls', '400'))
// `none`: a tree from before a migration can still read a database a later tree migrated.
const database = await openDatabase(url, { migrations: 'none' })
const orders = new Orders(database.db, systemClock, 7 * 86400)
const now = Math.floor(Date.now() / 1000)
const base = 'http://127.0.0.1:1'
const accounts = await promoterAppids(database.db, 100)
// Five lists of 200 ids per promoter (its newest 1,000 orders): 500 lists, 100,000 orders.
const lists: { appid: string; ids: string[] }[] = []
for (const appid of accounts) {
  const own = await newestOrderIds(database.db, appid)
  for (let k = 0; k + 200 <= own.length; k += 200) lists.push({ appid, ids: own.slice(k, k + 200) })
}

// Whichever API the tree has: the answer's bytes (searchAnswer, given the fields' encoding),
// the JSON text of the list, or the objects, each as far as the route would take it.
const svc = orders as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>
const finish = (fields: object) => Buffer.from(JSON.stringify(fields))
const text = (r: unknown) =>
  Buffer.isBuffer(r)
    ? r
    : typeof (r as { orderList: unknown }).orderList === 'string'
      ? (r as { orderList: string }).orderList
      : JSON.stringify(r)
async function search(appid: string, page: number): Promise<unknown> {
  const q = {
    page,
    pageSize: 200,
    startTimestamp: now - 40 * 86400,
    endTimestamp: now - 10 * 86400,
  }
  if (svc.searchAnswer) return svc.searchAnswer.call(orders, appid, q, base, finish)
  return text(await (svc.searchJson ?? svc.search)!.call(orders, appid, q, base))
}
async function info(list: { appid: string; ids: string[] }): Promise<unknown> {
  if (svc.infoAnswer) return svc.infoAnswer.call(orders, list.appid, list.ids, base, finish)
  return text(await (svc.infoJson ?? svc.info)!.call(orders, list.appid, list.ids, base))
}

async function cpu(name: string, fn: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 20; i++) await fn(i)
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  for (let i = 0; i < calls; i++) await fn(i)
  const c = process.cpuUsage(c0)
  const row = {
    name,
    cpuMsPerCall: +((c.user + c.system) / 1000 / calls).toFixed(3),
    wallMsPerCall: +((performance.now() - t0) / calls).toFixed(3),
  }
  console.log(row)
  return row
}
const rows = [
  await cpu('search repeat', () => search(accounts[0]!, 1)),
  await cpu('search first sight', (i) => search(accounts[i % 100]!, 1 + (Math.floor(i / 100) % 8))),
  await cpu('info repeat', () => info(lists[0]!)),
  await cpu('info first sight', (i) => info(lists[(i * 7 + 1) % lists.length]!)),
]
await database.close()
saveResults(`orders-cpu${flag('label', '') && `-${flag('label', '')}`}`, {
  benchmark: 'orders-cpu',
  db: url,
  calls,
  results: rows,
})
