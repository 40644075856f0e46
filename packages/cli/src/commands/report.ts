/**
 * `tuike report --by day|spot|product`: a commission summary from the local ledger. Money is
 * summed in integer fen and shown in yuan.
 * @module
 */
import { DEFAULT_TIME_ZONE, formatDate } from '@tuike/sdk'
import { Command, Option } from 'commander'
import { clientFor, common, withCommon } from '../context.ts'
import { CliError } from '../errors.ts'
import { extensionNotOffered } from '../extensions.ts'
import { Ledger } from '../ledger.ts'
import { isTerminal, printJson, printTable } from '../output.ts'
import { parseTime, timeHead, timeZone, yuan } from '../units.ts'
import { ledgerOption } from './orders.ts'

export interface ReportRow {
  /** Only from the server's report: short-link opens. */
  clicks?: number
  key: string
  name: string
  orders: number
  gmvFen: number
  estimatedFen: number
  settledFen: number
  cancelledFen: number
}

const GROUPS = {
  day: { key: 'tz_day(o.pay_time)', name: "''", order: 'key' },
  spot: { key: 'l.pid', name: 'max(l.spot_name)', order: 'estimatedFen desc, key' },
  product: { key: 'l.product_id', name: 'max(l.title)', order: 'estimatedFen desc, key' },
} as const

/**
 * orders: distinct orders with a line in the group; GMV: line prices, cancelled included;
 * estimated: estimated commission of the lines not cancelled; settled: commission of settled
 * lines; cancelled: estimated commission lost to cancellations.
 */
export function report(
  ledger: Ledger,
  by: keyof typeof GROUPS,
  since = 0,
  until = Number.MAX_SAFE_INTEGER,
  tz = DEFAULT_TIME_ZONE,
): ReportRow[] {
  const g = GROUPS[by]
  // Days in the chosen zone (SQLite knows only UTC and the machine's zone).
  ledger.db.function('tz_day', { deterministic: true }, (s) => formatDate(Number(s), tz))
  return ledger.db
    .prepare(
      `select ${g.key} as key, ${g.name} as name,
         count(distinct l.order_id) as orders,
         sum(l.price_fen) as gmvFen,
         sum(case when l.commission_status != 'SETTLEMENT_CANCELED' then l.estimated_commission_fen else 0 end) as estimatedFen,
         sum(case when l.commission_status = 'SETTLEMENT_SUCCESS' then coalesce(l.commission_fen, 0) else 0 end) as settledFen,
         sum(case when l.commission_status = 'SETTLEMENT_CANCELED' then l.estimated_commission_fen else 0 end) as cancelledFen
       from order_lines l join orders o using (order_id)
       where o.pay_time >= ? and o.pay_time < ?
       group by 1 order by ${g.order}`,
    )
    .all(since, until) as ReportRow[]
}

/**
 * The server's report (`GET /tuike/v1/report`) in the ledger's shape, or undefined when the
 * server does not offer it (WeChat). "estimated" there counts every order; here, as in the
 * ledger, the commission not cancelled.
 */
async function serverReport(
  cmd: Command,
  by: keyof typeof GROUPS,
  since?: number,
  until?: number,
): Promise<ReportRow[] | undefined> {
  try {
    const r = await clientFor(cmd).tuike.report({
      by,
      ...(since !== undefined ? { since } : {}),
      // The server's window is inclusive; the ledger's `until` is exclusive.
      ...(until !== undefined ? { until: until - 1 } : {}),
    })
    return r.rows.map((x) => ({
      clicks: x.clicks,
      key: x.key,
      name: x.label,
      orders: x.orders,
      gmvFen: x.gmv,
      estimatedFen: x.estimated - x.cancelled,
      settledFen: x.settled,
      cancelledFen: x.cancelled,
    }))
  } catch (err) {
    if (extensionNotOffered(err)) return undefined
    throw err
  }
}

export function reportCommand(): Command {
  return withCommon(new Command('report'))
    .description('Commission summary from the ledger: orders, GMV, estimated, settled, cancelled')
    .addOption(ledgerOption())
    .addOption(
      new Option(
        '--source <where>',
        "auto: the server's report when it offers one (Tuike), else the ledger; server; ledger",
      )
        .choices(['auto', 'server', 'ledger'])
        .default('auto'),
    )
    .addOption(
      new Option('--by <group>', 'day, spot or product')
        .choices(['day', 'spot', 'product'])
        .default('day'),
    )
    .option('--since <when>', 'pay time from: 2026-11-01 or 7d', (v) => parseTime(v))
    .option('--until <when>', 'pay time before; a bare date includes that day', (v) =>
      parseTime(v, true),
    )
    .addHelpText(
      'after',
      `
Reads the server's report when it offers one (a Tuike server: it adds clicks), else the ledger
(run tuike orders sync first). Columns (yuan): GMV is what buyers paid (cancelled orders included), estimated the commission
not cancelled, settled the commission paid out, cancelled the commission lost to refunds. Days
are Beijing-time days (Asia/Shanghai), from the server and the ledger alike; with --tz another
zone, days come from the ledger.

Examples:
  $ tuike report --by day --since 7d --ledger orders.sqlite
  $ tuike report --by spot --ledger orders.sqlite
  $ tuike report --by product --since 2026-11-01 --json`,
    )
    .action(
      async (
        opts: {
          ledger: string
          by: keyof typeof GROUPS
          since?: number
          until?: number
          source: 'auto' | 'server' | 'ledger'
        },
        cmd: Command,
      ) => {
        // The server's days are Beijing days: another zone's days come from the ledger.
        const serverDays = opts.by !== 'day' || timeZone() === DEFAULT_TIME_ZONE
        if (opts.source === 'server' && !serverDays)
          throw new CliError(
            `the server's report counts Beijing-time days; for days in ${timeZone()} use --source ledger`,
            2,
          )
        let rows =
          opts.source === 'ledger' || !serverDays
            ? undefined
            : await serverReport(cmd, opts.by, opts.since, opts.until)
        if (!rows && opts.source === 'server') {
          throw new CliError(
            'this server offers no report (/tuike/v1/report): use --source ledger',
            1,
          )
        }
        if (!rows) {
          const ledger = new Ledger(opts.ledger, { mustExist: true })
          try {
            rows = report(ledger, opts.by, opts.since, opts.until, timeZone())
          } finally {
            ledger.close()
          }
        }
        const withClicks = rows.some((r) => r.clicks !== undefined)
        const o = common(cmd)
        if (o.json) return printJson(rows)
        const total = rows.reduce(
          (t, r) => ({
            clicks: (t.clicks ?? 0) + (r.clicks ?? 0),
            orders: t.orders + r.orders,
            gmvFen: t.gmvFen + r.gmvFen,
            estimatedFen: t.estimatedFen + r.estimatedFen,
            settledFen: t.settledFen + r.settledFen,
            cancelledFen: t.cancelledFen + r.cancelledFen,
          }),
          { clicks: 0, orders: 0, gmvFen: 0, estimatedFen: 0, settledFen: 0, cancelledFen: 0 },
        )
        const money = (r: Omit<ReportRow, 'key' | 'name'>) => [
          ...(withClicks ? [String(r.clicks ?? 0)] : []),
          String(r.orders),
          yuan(r.gmvFen),
          yuan(r.estimatedFen),
          yuan(r.settledFen),
          yuan(r.cancelledFen),
        ]
        const label = (r: ReportRow) => (opts.by === 'day' ? [r.key] : [r.key, r.name])
        const head = [
          ...(opts.by === 'day'
            ? [timeHead('day')]
            : opts.by === 'spot'
              ? ['pid', 'spot']
              : ['productId', 'title']),
          ...(withClicks ? ['clicks'] : []),
          'orders',
          'GMV ¥',
          'estimated ¥',
          'settled ¥',
          'cancelled ¥',
        ]
        const lead = opts.by === 'day' ? 1 : 2
        const body = rows.map((r) => [...label(r), ...money(r)])
        // The total row is for people: piped output stays one row per group.
        if (!o.quiet && isTerminal())
          body.push([...(lead === 1 ? ['total'] : ['total', '']), ...money(total)])
        printTable(
          head,
          body,
          [
            ...Array<'left'>(lead).fill('left'),
            ...Array<'right'>(withClicks ? 6 : 5).fill('right'),
          ],
          { flex: lead === 2 ? [1] : [] },
        )
      },
    )
}
