/**
 * `tuike orders get|search|sync|export`: orders by id or time window, the incremental local
 * ledger, and streamed CSV/NDJSON exports.
 * @module
 */
import { createWriteStream } from 'node:fs'
import type { CommissionStatus, Order, OrderCsvLine, TuikeClient } from '@tuike/sdk'
import { orderCsvHead, orderCsvLines, orderCsvRow, toFen, toInt } from '@tuike/sdk'
import { Command, Option } from 'commander'
import { clientFor, common, resolveCredentials, withCommon } from '../context.ts'
import { CliError } from '../errors.ts'
import { extensionNotOffered } from '../extensions.ts'
import { Ledger, type LedgerLine, type UpsertOutcome } from '../ledger.ts'
import { note, printJson, printTable, rightAligned, summary, writeLine } from '../output.ts'
import { progressBar } from '../progress.ts'
import {
  choice,
  localTime,
  nowSeconds,
  parseDuration,
  parseStatus,
  parseTime,
  statusName,
  timeHead,
  timeZone,
  windows,
  yuan,
} from '../units.ts'

const DAY = 86_400

export function ledgerOption(): Option {
  return new Option('--ledger <file>', 'ledger SQLite file')
    .env('TUIKE_LEDGER')
    .default('tuike-ledger.sqlite')
}

const orderHead = () => [
  'orderId',
  timeHead('paid'),
  'status',
  'product',
  'qty',
  'price ¥',
  'est. ¥',
  'commission ¥',
  'spot',
]
const ORDER_ALIGN = rightAligned(orderHead(), ['qty', 'price ¥', 'est. ¥', 'commission ¥'])

/** Narrow terminals cut titles and spot names, then leave out est., spot and price. */
const ORDER_FIT = { flex: [3, 8], optional: [6, 8, 5] }

/**
 * Orders as a table, one row per line; `appid` adds the promoter's column after the order id
 * (the operator's view of everyone's orders).
 */
export function printOrders<O extends Order>(orders: readonly O[], appid?: (o: O) => string): void {
  if (!appid) {
    printTable(orderHead(), orders.flatMap(orderRows), ORDER_ALIGN, ORDER_FIT)
    return
  }
  const shift = (i: number) => i + 1
  printTable(
    ['orderId', 'appid', ...orderHead().slice(1)],
    orders.flatMap((o) => orderRows(o).map(([id = '', ...rest]) => [id, appid(o), ...rest])),
    ['left', ...ORDER_ALIGN],
    { flex: ORDER_FIT.flex.map(shift), optional: [1, ...ORDER_FIT.optional.map(shift)] },
  )
}

function orderRows(o: Order): string[][] {
  return o.productList.map((l) => [
    o.orderId,
    localTime(toInt(o.payTime) ?? 0),
    statusName(l.commissionStatus),
    l.title,
    String(l.productCnt),
    yuan(toFen(l.price)),
    yuan(toInt(l.estimatedCommission)),
    yuan(toFen(l.commission)),
    l.promotionInfo?.promotionSourceName ?? '',
  ])
}

/** Every order of one window (the SDK walks its pages, halving it when crowded, deduplicated). */
async function windowOrders(
  client: TuikeClient,
  [a, b]: [number, number],
  by: 'payTime' | 'commissionUpdateTime',
  status?: CommissionStatus,
): Promise<Order[]> {
  const out: Order[] = []
  for await (const o of client.orders.searchAll({
    since: a,
    until: b,
    by,
    windowSeconds: b - a,
    ...(status ? { status } : {}),
  }))
    out.push(o)
  return out
}

interface TimeOptions {
  since?: number
  until?: number
  status?: CommissionStatus
  by: 'payTime' | 'commissionUpdateTime'
}

function timeOptions(cmd: Command, sinceHelp: string): Command {
  return cmd
    .option('--since <when>', sinceHelp, (v) => parseTime(v))
    .option('--until <when>', 'window end (default: now); a bare date includes that day', (v) =>
      parseTime(v, true),
    )
    .option('--status <status>', 'pending, settled or canceled', parseStatus)
    .addOption(
      new Option('--by <time>', 'which time --since/--until apply to: pay or update')
        .argParser(choice({ pay: 'payTime', update: 'commissionUpdateTime' } as const, 'time'))
        .default('payTime', 'pay'),
    )
}

/** Live orders in `[since, until)`, newest first (the newest window first, each newest first). */
async function eachLive(
  client: TuikeClient,
  opts: TimeOptions,
  each: (o: Order) => Promise<void>,
  label: string,
): Promise<number> {
  const now = nowSeconds()
  const until = opts.until ?? now
  const since = opts.since ?? until - 30 * DAY
  if (since >= until) throw new CliError('--since must be before --until', 2)
  const list = windows(since, until, DAY).reverse()
  const bar = progressBar(label)
  let n = 0
  try {
    for (const [i, w] of list.entries()) {
      for (const o of await windowOrders(client, w, opts.by, opts.status)) {
        n++
        await each(o)
      }
      bar.update(i + 1, list.length, 'days')
    }
  } finally {
    bar.stop()
  }
  return n
}

function getCommand(): Command {
  return withCommon(new Command('get'))
    .description('Orders by id (order/info)')
    .argument('<orderId...>', 'order ids')
    .addHelpText(
      'after',
      '\nExamples:\n  $ tuike orders get 1952315038682581\n  $ tuike orders get 1952315038682581 1952881854014581 --json',
    )
    .action(async (ids: string[], _opts: unknown, cmd: Command) => {
      const { orderList } = await clientFor(cmd).orders.retrieve(ids)
      const o = common(cmd)
      const found = new Set(orderList.map((x) => x.orderId))
      const missing = ids.filter((id) => !found.has(id))
      if (o.json) printJson(orderList)
      else if (o.quiet) for (const x of orderList) process.stdout.write(`${x.orderId}\n`)
      else printOrders(orderList)
      if (missing.length > 0) {
        note(`tuike: not found: ${missing.join(', ')}`)
        process.exitCode = 1
      }
    })
}

function searchCommand(): Command {
  return timeOptions(
    withCommon(new Command('search')).description(
      'Orders in a time window (order/search), newest first',
    ),
    'window start: 2026-11-01, an ISO time, or 7d / 12h ago (default: 30d)',
  )
    .addHelpText(
      'after',
      `
Examples:
  $ tuike orders search --since 7d
  $ tuike orders search --since 2026-11-01 --until 2026-11-11 --status settled
  $ tuike orders search --since 1d --by update --json   # NDJSON, one order per line`,
    )
    .action(async (opts: TimeOptions, cmd: Command) => {
      const client = clientFor(cmd)
      const o = common(cmd)
      const table: Order[] = []
      const n = await eachLive(
        client,
        opts,
        async (order) => {
          if (o.json) await writeLine(process.stdout, JSON.stringify(order))
          else if (o.quiet) await writeLine(process.stdout, order.orderId)
          else table.push(order)
        },
        'orders',
      )
      if (!o.json && !o.quiet) {
        // Newest first, as --json and -q stream them.
        table.sort((a, b) => b.payTime - a.payTime || b.orderId.localeCompare(a.orderId))
        printOrders(table)
        summary(`${n} order${n === 1 ? '' : 's'}`)
      }
    })
}

interface SyncOptions {
  ledger: string
  since?: number
  window: number
  overlap: number
  full?: boolean
  source?: 'auto' | 'feed' | 'windows'
}

export interface SyncSummary {
  ledger: string
  windows: number
  fetched: number
  new: number
  updated: number
  unchanged: number
  orders: number
  watermark: number
  /** `feed`: the server's change feed; `windows`: time windows against order/search. */
  source?: 'feed' | 'windows'
}

/**
 * Sync from the Tuike change feed when the server offers it: every change after the stored
 * cursor, applied in order, the cursor stored in the same ledger transaction as the page. Answers
 * undefined when the server has no feed (WeChat), so the caller falls back to time windows.
 */
async function syncFromFeed(
  client: TuikeClient,
  ledger: Ledger,
  cursor: string,
  now: number,
): Promise<{ fetched: number; counts: Record<UpsertOutcome, number> } | undefined> {
  const counts: Record<UpsertOutcome, number> = { new: 0, updated: 0, unchanged: 0 }
  let fetched = 0
  for (;;) {
    let page: Awaited<ReturnType<TuikeClient['tuike']['orders']['changesPage']>>
    try {
      page = await client.tuike.orders.changesPage({ cursor, limit: 1000 })
    } catch (err) {
      if (fetched === 0 && extensionNotOffered(err)) return undefined
      throw err
    }
    fetched += page.changes.length
    ledger.transaction(() => {
      // Changes come in sequence order: the last one of each order in the page is its state.
      const latest = new Map(page.changes.map((c) => [c.orderId, c.order as Order]))
      for (const order of latest.values()) counts[ledger.upsert(order, now)]++
      ledger.setState({ feedCursor: page.nextCursor, lastSyncAt: now })
    })
    cursor = page.nextCursor
    if (!page.hasMore) return { fetched, counts }
  }
}

function syncCommand(): Command {
  return withCommon(new Command('sync'))
    .description('Bring the local order ledger up to date (resumable, idempotent)')
    .addOption(ledgerOption())
    .option('--since <when>', 'first run only: how far back history goes (default 90d)', (v) =>
      parseTime(v),
    )
    .option('--window <duration>', 'size of each fetched window', parseDuration, DAY)
    .option(
      '--overlap <duration>',
      'later runs re-read this much before the last sync, to catch late status changes',
      parseDuration,
      3600,
    )
    .option('--full', 'forget the sync state and pull history again (orders are kept)')
    .addOption(
      new Option(
        '--source <source>',
        "auto: the server's change feed when it offers one (Tuike), else time windows (WeChat)",
      )
        .choices(['auto', 'feed', 'windows'])
        .default('auto'),
    )
    .addHelpText(
      'after',
      `
The first run pulls history by pay time (--since, default 90 days). Later runs pull every order
whose commission status changed since the last run (by commission-update time, re-reading
--overlap before it). Each window is written with its checkpoint in one transaction: an
interrupted sync (Ctrl-C, network loss) resumes where it stopped, and running it twice changes
nothing. A progress bar is drawn on stderr when it is a terminal.

Examples:
  $ tuike orders sync --ledger orders.sqlite
  $ tuike orders sync --ledger orders.sqlite --since 2026-01-01 --json
  $ crontab: */30 * * * * tuike orders sync --ledger ~/orders.sqlite -q`,
    )
    .action(async (opts: SyncOptions, cmd: Command) => {
      const creds = resolveCredentials(cmd)
      const client = clientFor(cmd)
      const o = common(cmd)
      const ledger = new Ledger(opts.ledger)
      try {
        const summary = await sync(client, ledger, creds.appid, opts)
        if (o.json) printJson(summary)
        else if (!o.quiet)
          process.stdout.write(
            `synced ${summary.source === 'feed' ? `${summary.fetched} feed changes` : `${summary.windows} window${summary.windows === 1 ? '' : 's'}`}: ${summary.new} new, ${summary.updated} updated, ${summary.unchanged} unchanged; ${summary.orders} orders in ${summary.ledger}\n`,
          )
      } finally {
        ledger.close()
      }
    })
}

/** One sync run: history first (until done), then commission-update windows since the watermark. */
export async function sync(
  client: TuikeClient,
  ledger: Ledger,
  account: string,
  opts: Pick<SyncOptions, 'since' | 'window' | 'overlap' | 'full' | 'ledger'> & {
    source?: 'auto' | 'feed' | 'windows'
  },
): Promise<SyncSummary> {
  let state = ledger.state()
  if (state.account && state.account !== account)
    throw new CliError(
      `${opts.ledger} is the ledger of ${state.account}, not ${account}; use another file`,
      2,
    )
  if (opts.full)
    ledger.setState({
      historySince: undefined,
      historyUntil: undefined,
      historyCursor: undefined,
      historyDone: undefined,
      watermark: undefined,
    })
  ledger.setState({ account })
  state = ledger.state()
  const now = nowSeconds()
  const viaFeed =
    opts.source === 'windows'
      ? undefined
      : await syncFromFeed(client, ledger, opts.full ? '' : (state.feedCursor ?? ''), now)
  if (!viaFeed && opts.source === 'feed')
    throw new CliError('this server offers no order change feed; use --source windows', 2)
  if (viaFeed) {
    return {
      ledger: opts.ledger,
      windows: 0,
      fetched: viaFeed.fetched,
      ...viaFeed.counts,
      orders: ledger.countOrders(),
      watermark: now,
      source: 'feed',
    }
  }
  const window = Math.max(60, opts.window)

  const plan: { w: [number, number]; by: 'payTime' | 'commissionUpdateTime' }[] = []
  let historyUntil = state.historyUntil
  if (!state.historyDone) {
    const since = state.historySince ?? opts.since ?? now - 90 * DAY
    historyUntil ??= now
    ledger.setState({ historySince: since, historyUntil })
    for (const w of windows(state.historyCursor ?? since, historyUntil, window))
      plan.push({ w, by: 'payTime' })
  }
  const watermark = state.historyDone ? (state.watermark ?? now) : historyUntil!
  for (const w of windows(Math.max(0, watermark - opts.overlap), now, window))
    plan.push({ w, by: 'commissionUpdateTime' })

  const counts: Record<UpsertOutcome, number> = { new: 0, updated: 0, unchanged: 0 }
  const bar = progressBar('sync')
  let fetched = 0
  try {
    for (const [i, step] of plan.entries()) {
      const orders = await windowOrders(client, step.w, step.by)
      fetched += orders.length
      ledger.transaction(() => {
        for (const order of orders) counts[ledger.upsert(order, now)]++
        const end = step.w[1]
        if (step.by === 'payTime') {
          const done = end >= historyUntil!
          ledger.setState({
            historyCursor: end,
            ...(done ? { historyDone: true, watermark: historyUntil } : {}),
          })
        } else if (end > (ledger.state().watermark ?? 0)) ledger.setState({ watermark: end })
      })
      bar.update(i + 1, plan.length, 'windows')
    }
    if (plan.length === 0 || !ledger.state().historyDone) {
      // Nothing to walk (an empty history range): history is trivially complete.
      if (!ledger.state().historyDone) ledger.setState({ historyDone: true, watermark: now })
    }
    ledger.setState({ lastSyncAt: now })
  } finally {
    bar.stop()
  }
  return {
    ledger: opts.ledger,
    windows: plan.length,
    fetched,
    ...counts,
    orders: ledger.countOrders(),
    watermark: ledger.state().watermark ?? now,
  }
}

/** A ledger line as a row of the product's one orders CSV (the console's 导出 CSV). */
function csvLine(l: LedgerLine): OrderCsvLine {
  return {
    orderId: l.order_id,
    payTime: l.pay_time,
    confirmReceiptTime: l.confirm_receipt_time,
    shopAppid: l.shop_appid,
    shopName: l.shop_name,
    productId: l.product_id,
    skuId: l.sku_id,
    title: l.title,
    productCnt: l.product_cnt,
    lineTotalFen: l.price_fen,
    ratio: l.ratio / 100, // the ledger's 1/1,000,000 as the CSV's 1/10,000
    commissionStatus: l.commission_status,
    commissionStatusUpdateTime: l.commission_status_update_time,
    estimatedCommissionFen: l.estimated_commission_fen,
    commissionFen: l.commission_fen,
    pid: l.pid,
    spotName: l.spot_name,
    customizeInfo: l.customize_info,
  }
}

interface ExportOptions extends TimeOptions {
  format: 'csv' | 'ndjson'
  out?: string
  ledger?: string
  live?: boolean
}

function exportCommand(): Command {
  return timeOptions(
    withCommon(new Command('export')).description(
      'Write orders as CSV (one row per product line) or NDJSON (one order per line), streamed',
    ),
    'pay time from (ledger default: everything; live default: 30d)',
  )
    .addOption(
      new Option('--format <format>', 'csv or ndjson').choices(['csv', 'ndjson']).default('csv'),
    )
    .option('--out <file>', 'output file (default: stdout)')
    .addOption(
      new Option('--ledger <file>', 'export from this ledger (default: live from the API)').env(
        'TUIKE_LEDGER',
      ),
    )
    .option('--live', 'export live from the API even when TUIKE_LEDGER is set')
    .addHelpText(
      'after',
      `
The CSV is the console's 导出 CSV: one row per product line, Chinese titles, a UTF-8 BOM and CRLF
(Excel on Windows reads it), money in yuan, ratios in percent, times in the --tz zone (Beijing
time by default, named in the titles). From a ledger, rows are in pay-time order; live, newest
first.

Examples:
  $ tuike orders export --ledger orders.sqlite --format csv --out orders.csv
  $ tuike orders export --since 2026-11-01 --until 2026-11-30 --format ndjson --out nov.ndjson`,
    )
    .action(async (opts: ExportOptions, cmd: Command) => {
      const out = opts.out && opts.out !== '-' ? createWriteStream(opts.out) : process.stdout
      const closed =
        out === process.stdout
          ? Promise.resolve()
          : new Promise<void>((resolve, reject) => {
              out.once('finish', resolve)
              out.once('error', reject)
            })
      let n = 0
      const tz = timeZone()
      const csv = async (text: string) => {
        if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', resolve))
      }
      if (opts.format === 'csv') await csv(orderCsvHead(tz))
      if (opts.ledger && !opts.live) {
        if (opts.by !== 'payTime' || opts.status)
          throw new CliError('--by update and --status apply to live exports only', 2)
        const ledger = new Ledger(opts.ledger, { mustExist: true })
        try {
          const total = ledger.countOrders('where pay_time >= ? and pay_time < ?', [
            opts.since ?? 0,
            opts.until ?? Number.MAX_SAFE_INTEGER,
          ])
          const bar = progressBar('export')
          if (opts.format === 'csv') {
            let last = ''
            for (const l of ledger.lines(opts.since, opts.until)) {
              if (l.order_id !== last) {
                n++
                last = l.order_id
                if (n % 500 === 0) bar.update(n, total)
              }
              await csv(orderCsvRow(csvLine(l), tz))
            }
          } else {
            for (const order of ledger.orders(opts.since, opts.until)) {
              n++
              if (n % 500 === 0) bar.update(n, total)
              await writeLine(out, JSON.stringify(order))
            }
          }
          bar.update(n, total)
          bar.stop()
        } finally {
          ledger.close()
        }
      } else {
        n = await eachLive(
          clientFor(cmd),
          opts,
          async (order) => {
            if (opts.format === 'ndjson') await writeLine(out, JSON.stringify(order))
            else for (const l of orderCsvLines(order)) await csv(orderCsvRow(l, tz))
          },
          'export',
        )
      }
      if (out !== process.stdout) out.end()
      await closed
      if (!common(cmd).quiet && opts.out && opts.out !== '-')
        note(`exported ${n} order${n === 1 ? '' : 's'} to ${opts.out}`)
    })
}

export function ordersCommand(): Command {
  return new Command('orders')
    .description('Orders and commissions: look up, search, sync a local ledger, export')
    .addCommand(getCommand())
    .addCommand(searchCommand())
    .addCommand(syncCommand())
    .addCommand(exportCommand())
    .addHelpText(
      'after',
      '\nExamples:\n  $ tuike orders search --since 7d --status pending\n  $ tuike orders sync --ledger orders.sqlite\n  $ tuike orders export --ledger orders.sqlite --format csv --out orders.csv',
    )
}
