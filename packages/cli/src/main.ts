/**
 * The `tuike` binary: `tuike serve`, `tuike admin …`, and the promoter commands.
 * @module
 */
import { Command, CommanderError } from 'commander'
import { adminCommand } from './commands/admin.ts'
import { seedCommand } from './commands/seed.ts'
import { serveCommand } from './commands/serve.ts'
import { CliError } from './errors.ts'

const program = new Command('tuike')
  .description('Tuike: a self-hostable WeChat union promoter (推客) platform, and the tools on it')
  .version('0.1.0')
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) })

program.addCommand(serveCommand())
program.addCommand(seedCommand())
program.addCommand(adminCommand())

// Subcommands built with `new Command()` do not inherit exitOverride; usage errors must exit 2.
const overrideExit = (cmd: Command): void => {
  cmd.exitOverride()
  for (const sub of cmd.commands) overrideExit(sub)
}
overrideExit(program)

try {
  await program.parseAsync(process.argv)
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode === 0 ? 0 : 2
  } else if (err instanceof CliError) {
    process.stderr.write(`tuike: ${err.message}\n`)
    process.exitCode = err.exitCode
  } else {
    process.stderr.write(`tuike: ${(err as Error)?.message ?? String(err)}\n`)
    process.exitCode = 1
  }
}
