/**
 * `tuike admin orders|purchase|clock`: what the operator drives on a test or demo server — a
 * buyer's purchase through a link, the order's life (confirm receipt, settle, refund), and the
 * test clock (`tuike serve --test-clock`) — over the existing /admin/v1 endpoints.
 * @module
 */
import type { AdminOrder, TuikeClient } from '@tuike/sdk'
import { Command, InvalidArgumentError } from 'commander'
import { parseCount, parseDuration, parseTime, zonedTime } from '../units.ts'
import { printOrders } from './orders.ts'

type ClientOf = (cmd: Command) => TuikeClient
type Print = (cmd: Command, value: unknown, human: () => void) => void

function orderTable(orders: AdminOrder[]): void {
  printOrders(orders, (o) => o.appid)
}

const TRANSITIONS = {
  'confirm-receipt': ['confirmReceipt', 'The buyer confirms receipt: the after-sales delay starts'],
  settle: ['settle', 'Settle the commission now'],
  refund: ['refund', 'Refund the order: its commission is cancelled'],
} as const

export function ordersCommand(client: ClientOf, print: Print): Command {
  const orders = new Command('orders')
    .description("Every promoter's orders: the latest, one by id, and their commission transitions")
    .addHelpText(
      'after',
      '\nExamples:\n  $ tuike admin orders ls\n  $ tuike admin orders confirm-receipt 3705115058471208928\n  $ tuike admin orders refund 3705115058471208928',
    )
  orders
    .command('ls')
    .alias('list')
    .description('The 50 most recently paid orders of every promoter, newest first')
    .addHelpText(
      'after',
      '\nExamples:\n  $ tuike admin orders ls\n  $ tuike admin orders ls --json',
    )
    .action(async (_opts: unknown, cmd: Command) => {
      const r = await client(cmd).admin.orders.list()
      print(cmd, r.orders, () => orderTable(r.orders))
    })
  orders
    .command('get <orderId>')
    .description('One order of any promoter')
    .addHelpText('after', '\nExample:\n  $ tuike admin orders get 3705115058471208928 --json')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      const o = await client(cmd).admin.orders.get(id)
      print(cmd, o, () => orderTable([o]))
    })
  for (const [verb, [method, description]] of Object.entries(TRANSITIONS)) {
    orders
      .command(`${verb} <orderId>`)
      .description(description)
      .addHelpText('after', `\nExample:\n  $ tuike admin orders ${verb} 3705115058471208928`)
      .action(async (id: string, _opts: unknown, cmd: Command) => {
        const o = await client(cmd).admin.orders[method](id)
        print(cmd, o, () => orderTable([o]))
      })
  }
  return orders
}

/** `https://host/s/AbC123` → the union material's code; another URL → a successor link. */
export function purchaseTarget(value: string): { code: string } | { link: string } {
  const v = value.trim()
  if (!v) throw new InvalidArgumentError('give a material link or code')
  if (!/^https?:\/\//.test(v)) return { code: v }
  const short = /^\/s\/([^/?#]+)$/.exec(new URL(v).pathname)
  return short ? { code: short[1]! } : { link: v }
}

export function purchaseCommand(client: ClientOf, print: Print): Command {
  return new Command('purchase')
    .description("Buy through a material link, as a buyer's Buy does (test and demo servers)")
    .argument('<link>', 'a union short link (…/s/CODE) or its code, or a successor material link')
    .option('--quantity <n>', 'items bought (default 1)', parseCount)
    .option('--sku <skuId>', 'the SKU bought (default: the first)')
    .option(
      '--pay-time <when>',
      'pay time: 2026-11-01T20:00, Unix seconds, 2h (ago); default now',
      (v) => parseTime(v),
    )
    .option('--unionid <id>', "the buyer's unionid (its open_account customize value is kept)")
    .addHelpText(
      'after',
      `
Prints the new order's id (-json: {"orderId"}).

Examples:
  $ LINK=$(tuike material 1000000000000000001 --spot 朋友圈 -q | head -1 | cut -f3)
  $ tuike admin purchase "$LINK" --quantity 2
  $ tuike admin purchase "$LINK" --pay-time 2h --json`,
    )
    .action(
      async (
        link: string,
        opts: { quantity?: number; sku?: string; payTime?: number; unionid?: string },
        cmd: Command,
      ) => {
        const r = await client(cmd).admin.purchases.create({
          ...purchaseTarget(link),
          ...(opts.quantity !== undefined ? { quantity: opts.quantity } : {}),
          ...(opts.sku ? { skuId: opts.sku } : {}),
          ...(opts.payTime !== undefined ? { payTime: opts.payTime } : {}),
          ...(opts.unionid ? { unionid: opts.unionid } : {}),
        })
        print(cmd, r, () => process.stdout.write(`${r.orderId}\n`))
      },
    )
}

export function clockCommand(client: ClientOf, print: Print): Command {
  const clock = new Command('clock')
    .description('The test clock of a server started with --test-clock')
    .addHelpText('after', '\nExample:\n  $ tuike admin clock advance 8d')
  clock
    .command('advance')
    .argument('<duration>', '90s, 15m, 2h, 8d or 1w', parseDuration)
    .description('Move the clock forward (90s, 15m, 2h, 8d, 1w) and settle what fell due')
    .addHelpText(
      'after',
      '\nExamples:\n  $ tuike admin clock advance 8d    # past the after-sales delay: confirmed orders settle\n  $ tuike admin clock advance 1h --json',
    )
    .action(async (seconds: number, _opts: unknown, cmd: Command) => {
      const r = await client(cmd).admin.clock.advance({ seconds })
      print(cmd, r, () =>
        process.stdout.write(
          `now ${zonedTime(r.now)}; ${r.settled} order${r.settled === 1 ? '' : 's'} settled\n`,
        ),
      )
    })
  return clock
}
