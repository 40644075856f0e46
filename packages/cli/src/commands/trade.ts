/**
 * `tuike trade products|material|orders`: products sold through trade-component (自定义交易组件)
 * mini-programs — open_product/list, open_product/generate and order/search_normal_order.
 * @module
 */
import { OPEN_PRODUCT_PAGE_MAX } from '@tuike/sdk'
import { Command } from 'commander'
import { clientFor, common } from '../context.ts'
import { CliError } from '../errors.ts'
import { subcommand } from '../help.ts'
import { printJson, printTable } from '../output.ts'
import { localTime, parseCount, parseTime, percent, timeHead, yuan } from '../units.ts'
import { findSpot } from './spots.ts'

/** The numeric commission status codes of search_normal_order, by name (union-api.md §14.8). */
const NORMAL_STATUSES: Record<string, number[]> = {
  paid: [2],
  pending: [5, 6, 8, 10],
  canceled: [4],
  settled: [11],
  'pay-failed': [12],
  'low-balance': [7],
}

export function tradeCommand(): Command {
  const trade = new Command('trade')
    .description('Trade-component products (open_product) and their orders (search_normal_order)')
    .addHelpText(
      'after',
      `
Examples:
  $ tuike trade products --query 洗衣 --limit 10
  $ tuike trade material 10000020 --spot 朋友圈
  $ tuike trade orders --since 7d --status pending`,
    )

  trade.addCommand(
    subcommand('products', 'List trade-component products (30 per page at most)', [
      'tuike trade products --query 洗衣液 --limit 10',
      'tuike trade products --json',
    ])
      .option('--query <text>', 'title keyword')
      .option('--from <n>', 'offset (0-based)', parseCount, 0)
      .option('--limit <n>', 'page size, ≤ 30', parseCount, 20)
      .action(async (opts: { query?: string; from: number; limit: number }, cmd: Command) => {
        if (opts.limit > OPEN_PRODUCT_PAGE_MAX) throw new CliError('--limit is at most 30', 2)
        const r = await clientFor(cmd).openProducts.list({
          from: opts.from,
          limit: opts.limit,
          ...(opts.query ? { query: opts.query } : {}),
        })
        if (common(cmd).json) return printJson(r)
        if (common(cmd).quiet) {
          for (const p of r.productList) process.stdout.write(`${p.product.productId}\n`)
          return
        }
        printTable(
          ['productId', 'title', 'price', 'ratio', 'shop'],
          r.productList.map((p) => [
            p.product.productId,
            p.product.info.title,
            yuan(p.product.info.minPrice),
            percent(p.leagueExInfo.commissionRatio),
            p.shopInfo.name,
          ]),
          ['left', 'left', 'right', 'right', 'left'],
        )
        process.stdout.write(`${r.productList.length} of ${r.total}\n`)
      }),
  )

  trade.addCommand(
    subcommand(
      'material',
      'Promotion materials for trade-component products, attributed to one spot',
      [
        'tuike trade material 1000000000000000001 --spot 朋友圈',
        'tuike trade material 1000000000000000001 --pid oXXXX_1000000001 --customize s11 -q',
      ],
    )
      .argument('<productId...>', 'product ids')
      .option('--spot <name>', 'spot name')
      .option('--pid <pid>', 'spot pid (instead of --spot)')
      .option('--customize <text>', 'customizeInfo (≤ 80 characters)')
      .action(
        async (
          ids: string[],
          opts: { spot?: string; pid?: string; customize?: string },
          cmd: Command,
        ) => {
          if (!opts.spot === !opts.pid) throw new CliError('pass exactly one of --spot or --pid', 2)
          const client = clientFor(cmd)
          const pid = opts.pid ?? (await findSpot(client, opts.spot!)).promotionSourcePid
          const found = await client.openProducts.list({ from: 0, limit: 30, productId: ids })
          const shopOf = new Map(
            found.productList.map((p) => [p.product.productId, p.shopInfo.appId]),
          )
          const missing = ids.filter((id) => !shopOf.has(id))
          if (missing.length)
            throw new CliError(`not a trade-component product: ${missing.join(', ')}`)
          const r = await client.openProducts.generate({
            pid,
            productList: ids.map((productId) => ({
              productId,
              appId: shopOf.get(productId)!,
              ...(opts.customize !== undefined ? { customizeInfo: opts.customize } : {}),
            })),
          })
          if (common(cmd).json) return printJson(r.list)
          for (const m of r.list) {
            if (common(cmd).quiet) {
              if (m.shareInfo) process.stdout.write(`${m.shareInfo.promotionUrl}\n`)
              continue
            }
            process.stdout.write(`${m.productId}  ${m.productInfo.title}\n`)
            if (!m.shareInfo) {
              process.stdout.write(
                '  no share info: the shop cannot pay commission now (shopStatus 1)\n',
              )
              continue
            }
            process.stdout.write(
              `  link: ${m.shareInfo.promotionUrl}\n  tag:  ${m.shareInfo.promotionTag}\n`,
            )
          }
        },
      ),
  )

  trade.addCommand(
    subcommand('orders', 'Trade-component orders (all amounts in fen on the wire, shown in yuan)', [
      'tuike trade orders --since 7d',
      'tuike trade orders --since 2026-11-01 --status settled --json',
    ])
      .option('--since <time>', 'pay time from (2026-11-01, 7d, Unix seconds)')
      .option('--until <time>', 'pay time until')
      .option('--status <name>', `commission status: ${Object.keys(NORMAL_STATUSES).join(', ')}`)
      .action(async (opts: { since?: string; until?: string; status?: string }, cmd: Command) => {
        if (opts.status !== undefined && !NORMAL_STATUSES[opts.status]) {
          throw new CliError(
            `--status must be one of ${Object.keys(NORMAL_STATUSES).join(', ')}`,
            2,
          )
        }
        const rows = []
        for await (const o of clientFor(cmd).orders.searchNormalOrderAll({
          ...(opts.since ? { startPayTime: parseTime(opts.since) } : {}),
          ...(opts.until ? { endPayTime: parseTime(opts.until, true) } : {}),
          ...(opts.status ? { commissionStatus: NORMAL_STATUSES[opts.status] } : {}),
        })) {
          if (common(cmd).json) process.stdout.write(`${JSON.stringify(o)}\n`)
          else rows.push(o)
        }
        if (common(cmd).json) return
        printTable(
          ['orderId', timeHead('paid'), 'price', 'commission', 'status'],
          rows.flatMap((o) =>
            o.productList.map((l) => [
              o.orderInfo.orderId,
              localTime(o.orderInfo.payTime),
              yuan(l.realPrice),
              yuan(l.commissionValue),
              l.commissionStatus,
            ]),
          ),
          ['left', 'left', 'right', 'right', 'left'],
        )
      }),
  )
  return trade
}
