/**
 * The Examples section of a command's --help, in one shape everywhere (a test walks every
 * command and checks it has one).
 * @module
 */
import { Command } from 'commander'
import { withCommon } from './context.ts'

/** `.addHelpText('after', examples('tuike spots ls', …))`: each line shown as `  $ line`. */
export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}`
}

/**
 * The head every subcommand starts with: its description, the Examples of its --help, and its
 * alias and arguments when it has them.
 */
export function about(
  cmd: Command,
  description: string,
  lines: string[],
  more: { alias?: string; args?: string[] } = {},
): Command {
  cmd.addHelpText('after', examples(...lines))
  if (more.alias) cmd.alias(more.alias)
  cmd.description(description)
  for (const arg of more.args ?? []) cmd.argument(arg)
  return cmd
}

/**
 * A subcommand with the common options, its usage written as commander's own
 * `.command('rm <id>')`: the name, then its arguments.
 */
export function subcommand(
  usage: string,
  description: string,
  lines: string[],
  more: { alias?: string } = {},
): Command {
  const [name, ...args] = usage.split(' ')
  return about(withCommon(new Command(name)), description, lines, { ...more, args })
}
