/**
 * The `tuike` binary: `tuike serve`, `tuike admin …`, and the promoter commands.
 * @module
 */
import { Command, CommanderError } from 'commander'
import { adminCommand } from './commands/admin.ts'
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
import { describeError } from './errors.ts'

const program = new Command('tuike')
  .description('Tuike: a self-hostable WeChat union promoter (推客) platform, and the tools on it')
  .version('0.1.0')
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) })

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
program.addHelpText(
  'after',
  `
Examples:
  $ tuike login --appid wx0123456789abcdef --base-url http://127.0.0.1:8787
  $ tuike products list --has-coupon --min-ratio 20% --sort commission-desc
  $ tuike material 3004567 --spot 朋友圈 --qr ./qr
  $ tuike orders sync --ledger orders.sqlite && tuike report --by spot --ledger orders.sqlite

Exit codes: 0 success, 1 API error, 2 usage error.`,
)

// Subcommands built with `new Command()` do not inherit exitOverride; usage errors must exit 2.
const overrideExit = (cmd: Command): void => {
  cmd.exitOverride()
  for (const sub of cmd.commands) overrideExit(sub)
}
overrideExit(program)

// `tuike orders search --json | head`: a closed pipe ends the command quietly, as in other tools.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0)
  throw err
})

try {
  await program.parseAsync(process.argv)
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode === 0 ? 0 : 2
  } else {
    const { message, exitCode } = describeError(err)
    process.stderr.write(`tuike: ${message}\n`)
    process.exitCode = exitCode
  }
}
