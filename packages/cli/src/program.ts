/**
 * The `tuike` command tree: `tuike serve`, `tuike admin …`, and the promoter commands. Built by
 * a function so tests can walk every command's help without starting a process per command.
 * @module
 */
import { Command, Option } from 'commander'

/**
 * Every top-level command, in help order, and how to load it. A run loads only the command it
 * names (a command module pulls in the SDK, the server or the console), so `tuike --version` and
 * `tuike products list` start without compiling the rest.
 */
const COMMANDS = {
  login: async () => (await import('./commands/login.ts')).loginCommand(),
  logout: async () => (await import('./commands/login.ts')).logoutCommand(),
  token: async () => (await import('./commands/login.ts')).tokenCommand(),
  categories: async () => (await import('./commands/products.ts')).categoriesCommand(),
  products: async () => (await import('./commands/products.ts')).productsCommand(),
  material: async () => (await import('./commands/material.ts')).materialCommand(),
  spots: async () => (await import('./commands/spots.ts')).spotsCommand(),
  orders: async () => (await import('./commands/orders.ts')).ordersCommand(),
  report: async () => (await import('./commands/report.ts')).reportCommand(),
  plans: async () => (await import('./commands/plans.ts')).plansCommand(),
  'open-account': async () => (await import('./commands/customize.ts')).openAccountCommand(),
  customize: async () => (await import('./commands/customize.ts')).customizeCommand(),
  trade: async () => (await import('./commands/trade.ts')).tradeCommand(),
  webhooks: async () => (await import('./commands/webhooks.ts')).webhooksCommand(),
  store: async () => (await import('./commands/store.ts')).storeCommand(),
  serve: async () => (await import('./commands/serve.ts')).serveCommand(),
  seed: async () => (await import('./commands/seed.ts')).seedCommand(),
  admin: async () => (await import('./commands/admin.ts')).adminCommand(),
} satisfies Record<string, () => Promise<Command>>
export type CommandName = keyof typeof COMMANDS
/** units.ts's (the SDK's DEFAULT_TIME_ZONE): the zone a run starts in. */
const DEFAULT_ZONE = 'Asia/Shanghai'
/** Whether a program of this process set another zone. */
let zoneChanged = false
export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[]

/**
 * The commands a command line needs: the one it names; none for a bare `--version`; all of
 * them when it names none of them (help, a typo, a bare `tuike`, `completion`, which walks the
 * tree), so help and suggestions see every command.
 */
export function commandsFor(args: readonly string[]): readonly CommandName[] | 'all' {
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) return []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (arg === '--tz') i++
    else if (!arg.startsWith('-')) return arg in COMMANDS ? [arg as CommandName] : 'all'
  }
  return 'all'
}

/** The command tree with the commands named (main.ts passes `commandsFor(argv)`), or all. */
export async function buildProgram(
  names: readonly CommandName[] | 'all' = 'all',
): Promise<Command> {
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
        .default(DEFAULT_ZONE, 'Beijing time'),
    )
    // Before any command runs: every time it prints or parses uses this zone. units.ts starts in
    // the default one, so a run in it imports nothing here; another zone, or a change back in
    // the same process (tests build several programs), loads the check.
    .hook('preSubcommand', async (cmd) => {
      const tz = cmd.opts<{ tz: string }>().tz
      if (tz === DEFAULT_ZONE && !zoneChanged) return
      zoneChanged = true
      const { CliError, setTimeZone } = await import('./shared.ts')
      try {
        setTimeZone(tz)
      } catch (err) {
        throw new CliError(`--tz: ${(err as Error).message}`, 2)
      }
    })

  const load = names === 'all' ? COMMAND_NAMES : names
  for (const command of await Promise.all(load.map((name) => COMMANDS[name]()))) {
    program.addCommand(command)
  }
  if (names === 'all') {
    const { completionCommand } = await import('./commands/completion.ts')
    program.addCommand(completionCommand(program))
  }
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
