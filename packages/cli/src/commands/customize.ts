/**
 * `tuike open-account bind|show` and `tuike customize set|rm|get`: custom user parameters
 * (自定义用户参数). A value bound to a buyer's unionid comes back as customUserId on their orders.
 * @module
 */
import { Command } from 'commander'
import { clientFor, common } from '../context.ts'
import { subcommand } from '../help.ts'
import { printJson } from '../output.ts'

function done(cmd: Command, value: Record<string, unknown>, human: string): void {
  if (common(cmd).json) printJson(value)
  else if (!common(cmd).quiet) process.stdout.write(`${human}\n`)
}

export function openAccountCommand(): Command {
  const account = new Command('open-account')
    .description('The Open Platform account bound for custom user parameters')
    .addHelpText(
      'after',
      '\nExamples:\n  $ tuike open-account bind wx0123456789abcdef\n  $ tuike open-account show',
    )
  account.addCommand(
    subcommand('bind', 'Bind an Open Platform appid of the same legal entity (2 re-binds a year)', [
      'tuike open-account bind wx0123456789abcdef',
    ])
      .argument('<openAppid>', 'Open Platform appid')
      .action(async (openAccount: string, _opts: unknown, cmd: Command) => {
        await clientFor(cmd).openAccount.bind({ openAccount })
        done(cmd, { openAccount }, `bound ${openAccount}`)
      }),
  )
  account.addCommand(
    subcommand('show', 'Show the bound Open Platform appid', [
      'tuike open-account show',
      'tuike open-account show --json',
    ]).action(async (_opts: unknown, cmd: Command) => {
      const r = await clientFor(cmd).openAccount.retrieve()
      done(cmd, { openAccount: r.openAccount }, r.openAccount || '(none bound)')
    }),
  )
  return account
}

export function customizeCommand(): Command {
  const customize = new Command('customize')
    .description('Custom user parameters per buyer unionid (reach orders as customUserId)')
    .addHelpText(
      'after',
      `
Examples:
  $ tuike customize set oUNIONID123 member-0042
  $ tuike customize get oUNIONID123
  $ tuike customize rm oUNIONID123`,
    )
  customize.addCommand(
    subcommand('set <unionid> <value>', 'Bind a value to a unionid (replaces the previous one)', [
      'tuike customize set oUnionId0000000000000000001 vip-2026',
    ]).action(async (unionid: string, customizeInfo: string, _opts: unknown, cmd: Command) => {
      await clientFor(cmd).openAccount.addCustomizeInfo({ unionid, customizeInfo })
      done(cmd, { unionid, customizeInfo }, `${unionid} → ${customizeInfo}`)
    }),
  )
  customize.addCommand(
    subcommand('get <unionid>', "Show a unionid's value (empty when none)", [
      'tuike customize get oUnionId0000000000000000001',
    ]).action(async (unionid: string, _opts: unknown, cmd: Command) => {
      const r = await clientFor(cmd).openAccount.retrieveCustomizeInfo({ unionid })
      done(cmd, { unionid, customizeInfo: r.customizeInfo }, r.customizeInfo)
    }),
  )
  customize.addCommand(
    subcommand('rm <unionid>', "Remove a unionid's value", [
      'tuike customize rm oUnionId0000000000000000001',
    ]).action(async (unionid: string, _opts: unknown, cmd: Command) => {
      await clientFor(cmd).openAccount.deleteCustomizeInfo({ unionid })
      done(cmd, { unionid, removed: true }, `removed ${unionid}`)
    }),
  )
  return customize
}
