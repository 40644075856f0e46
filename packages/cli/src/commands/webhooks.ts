/**
 * `tuike webhooks add|ls|rm|test|deliveries|redeliver`: signed order-event webhooks of a Tuike
 * server (`/tuike/v1/webhook/*`, docs/extensions.md). Not offered by WeChat itself.
 * @module
 */
import { Command, InvalidArgumentError } from 'commander'
import { clientFor, common } from '../context.ts'
import { subcommand } from '../help.ts'
import { listCommand } from '../listing.ts'
import { printJson } from '../output.ts'
import { localTime, timeHead, zonedTime } from '../units.ts'

const EVENTS = ['order.created', 'order.updated', 'order.settled', 'order.canceled'] as const
type Event = (typeof EVENTS)[number]

function events(value: string): Event[] {
  const list = value.split(',').map((e) => e.trim())
  const bad = list.filter((e) => !EVENTS.includes(e as Event))
  if (bad.length)
    throw new InvalidArgumentError(`unknown event ${bad.join(', ')}; events: ${EVENTS.join(', ')}`)
  return list as Event[]
}

export function webhooksCommand(): Command {
  const webhooks = new Command('webhooks')
    .description('Order-event webhooks (Tuike servers only), signed with HMAC-SHA256')
    .addHelpText(
      'after',
      `
Examples:
  $ tuike webhooks add https://example.com/tuike --events order.settled,order.canceled
  $ tuike webhooks ls
  $ tuike webhooks deliveries wh_xxx
  $ tuike webhooks rm wh_xxx

Verify deliveries with verifyWebhook() from @tuike/sdk (see packages/sdk/README.md).`,
    )

  webhooks.addCommand(
    subcommand('add', 'Subscribe a URL; prints the signing secret once', [
      'tuike webhooks add https://example.com/tuike-hook',
      'tuike webhooks add https://example.com/hook --events order.settled,order.canceled -q',
    ])
      .argument('<url>', 'http(s) URL that receives POSTed events')
      .option('--events <list>', `comma list of ${EVENTS.join(', ')} (default: all)`, events)
      .action(async (url: string, opts: { events?: Event[] }, cmd: Command) => {
        const r = await clientFor(cmd).tuike.webhooks.create({
          url,
          ...(opts.events ? { events: opts.events } : {}),
        })
        if (common(cmd).json) return printJson({ webhookId: r.webhookId, secret: r.secret })
        if (common(cmd).quiet) return void process.stdout.write(`${r.webhookId}\n`)
        process.stdout.write(
          `webhook ${r.webhookId}\nsecret  ${r.secret}  (shown once: it signs every delivery)\n`,
        )
      }),
  )

  webhooks.addCommand(
    listCommand(
      subcommand(
        'ls',
        'List webhooks (secrets are never shown again)',
        ['tuike webhooks ls', 'tuike webhooks ls --json'],
        { alias: 'list' },
      ),
      async (cmd) => (await clientFor(cmd).tuike.webhooks.list()).webhookList,
      {
        head: () => ['webhookId', 'url', 'events', timeHead('created')],
        row: (w) => [w.webhookId, w.url, w.events.join(','), localTime(w.createdAt)],
      },
    ),
  )

  webhooks.addCommand(
    subcommand('rm <webhookId>', 'Remove a webhook; its pending deliveries are dropped', [
      'tuike webhooks rm wh_0123456789',
    ]).action(async (id: string, _opts: unknown, cmd: Command) => {
      await clientFor(cmd).tuike.webhooks.delete(id)
      if (common(cmd).json) printJson({ webhookId: id, removed: true })
      else if (!common(cmd).quiet) process.stdout.write(`removed ${id}\n`)
    }),
  )

  webhooks.addCommand(
    subcommand('test <webhookId>', 'Send a signed webhook.test event now and show the answer', [
      'tuike webhooks test wh_0123456789',
    ]).action(async (id: string, _opts: unknown, cmd: Command) => {
      const r = await clientFor(cmd).tuike.webhooks.test(id)
      if (common(cmd).json) printJson(r)
      else process.stdout.write(`${JSON.stringify(r)}\n`)
    }),
  )

  webhooks.addCommand(
    listCommand(
      subcommand('deliveries <webhookId>', "A webhook's latest deliveries with every attempt", [
        'tuike webhooks deliveries wh_0123456789',
        'tuike webhooks deliveries wh_0123456789 --json',
      ]),
      async (cmd) =>
        (await clientFor(cmd).tuike.webhooks.deliveries({ webhookId: cmd.args[0]! })).deliveryList,
      {
        head: () => ['deliveryId', 'event', 'orderId', 'status', 'attempts', 'last answer'],
        row: (d) => {
          const last = d.attempts.at(-1)
          return [
            d.deliveryId,
            d.event,
            d.orderId,
            d.status,
            String(d.attempts.length),
            last ? `${last.responseStatus || last.error} at ${zonedTime(last.at)}` : '—',
          ]
        },
      },
    ),
  )

  webhooks.addCommand(
    subcommand('redeliver <deliveryId>', 'Queue a delivery again (same delivery id)', [
      'tuike webhooks redeliver dl_0123456789',
    ]).action(async (id: string, _opts: unknown, cmd: Command) => {
      await clientFor(cmd).tuike.webhooks.redeliver(id)
      if (!common(cmd).quiet && !common(cmd).json) process.stdout.write(`queued ${id}\n`)
      else if (common(cmd).json) printJson({ deliveryId: id, queued: true })
    }),
  )
  return webhooks
}
