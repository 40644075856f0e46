/**
 * The `tuike` command tree: `tuike serve`, `tuike admin …`, and the promoter commands. Built by
 * a function so tests can walk every command's help without starting a process per command.
 * @module
 */
import { Command, Option } from 'commander'
import { adminCommand } from './commands/admin.ts'
import { completionCommand } from './commands/completion.ts'
import { customizeCommand, openAccountCommand } from './commands/customize.ts'
import { loginCommand, logoutCommand, tokenCommand } from './commands/login.ts'
import { materialCommand } from './commands/material.ts'
import { ordersCommand } from './commands/orders.ts'
import { plansCommand } from './commands/plans.ts'
import { categoriesCommand, productsCommand } from './commands/products.ts'
import { reportCommand } from './commands/report.ts'
import { seedCommand } from './commands/seed.ts'
import { serveCommand } from './commands/serve.ts'
import { spotsCommand } from './commands/spots.ts'
import { storeCommand } from './commands/store.ts'
import { tradeCommand } from './commands/trade.ts'
import { webhooksCommand } from './commands/webhooks.ts'
import { CliError } from './errors.ts'
import { setTimeZone } from './units.ts'

export function buildProgram(): Command {
  const program = new Command('tuike')
    .description(
      'Tuike: a self-hostable WeChat union promoter (推客) platform, and the tools on it',
    )
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .addOption(
      new Option('--tz <zone>', 'time zone of times shown and read (IANA name)')
        .env('TUIKE_TZ')
        .default('Asia/Shanghai', 'Beijing time'),
    )
    // Before any command runs: every time it prints or parses uses this zone.
    .hook('preSubcommand', (cmd) => {
      try {
        setTimeZone(cmd.opts<{ tz: string }>().tz)
      } catch (err) {
        throw new CliError(`--tz: ${(err as Error).message}`, 2)
      }
    })

  program.addCommand(loginCommand())
  program.addCommand(logoutCommand())
  program.addCommand(tokenCommand())
  program.addCommand(categoriesCommand())
  program.addCommand(productsCommand())
  program.addCommand(materialCommand())
  program.addCommand(spotsCommand())
  program.addCommand(ordersCommand())
  program.addCommand(reportCommand())
  program.addCommand(plansCommand())
  program.addCommand(openAccountCommand())
  program.addCommand(customizeCommand())
  program.addCommand(tradeCommand())
  program.addCommand(webhooksCommand())
  program.addCommand(storeCommand())
  program.addCommand(serveCommand())
  program.addCommand(seedCommand())
  program.addCommand(adminCommand())
  program.addCommand(completionCommand(program))
  program.addHelpText(
    'after',
    `
Examples:
  $ tuike login --appid wx0123456789abcdef --base-url http://127.0.0.1:8787
  $ tuike products list --has-coupon --min-ratio 20% --sort commission-desc
  $ tuike material 3004567 --spot 朋友圈 --qr ./qr
  $ tuike orders sync --ledger orders.sqlite && tuike report --by spot --ledger orders.sqlite

Times are Beijing time (Asia/Shanghai) unless --tz or TUIKE_TZ names another zone; tables name
the zone in their titles. On a terminal tables fit its width; piped, they are tab-separated rows
under a header row (TUIKE_FORCE_TTY=1 draws them anyway).

Exit codes: 0 success, 1 API error, 2 usage error.`,
  )

  // Subcommands built with `new Command()` do not inherit exitOverride; usage errors must exit 2.
  const overrideExit = (cmd: Command): void => {
    cmd.exitOverride()
    for (const sub of cmd.commands) overrideExit(sub)
  }
  overrideExit(program)
  return program
}
