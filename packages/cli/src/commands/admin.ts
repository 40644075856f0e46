/**
 * `tuike admin …`: operator commands against a running server's /admin/v1 API.
 * @module
 */
import type { TuikeClient } from '@tuike/sdk'
import { Command, Option } from 'commander'
import { profileName, readConfig } from '../config.ts'
import { sdkClient } from '../context.ts'
import { CliError } from '../errors.ts'
import { about, examples } from '../help.ts'
import { listCommand } from '../listing.ts'
import { note } from '../output.ts'
import { localTime, timeHead } from '../units.ts'
import { backupCommand, migrateCommand, restoreCommand, rotateKeyCommand } from './admin-db.ts'
import { faultsCommand } from './admin-faults.ts'
import { importCommand } from './admin-import.ts'
import { clockCommand, ordersCommand, purchaseCommand } from './admin-orders.ts'
import { ADMIN_DEFAULT_URL } from './login.ts'

interface AdminOptions {
  baseUrl?: string
  url?: string
  adminKey?: string
  profile?: string
}

/**
 * The SDK client of the server's operator API. The server: --base-url / TUIKE_BASE_URL, else the
 * deprecated --url / TUIKE_URL (with a warning), else the profile's, else npm start's. The key:
 * --admin-key / TUIKE_ADMIN_KEY, else the profile's (tuike login --admin).
 */
export function adminClient(cmd: Command): TuikeClient {
  const opts = cmd.optsWithGlobals<AdminOptions>()
  const config = readConfig()
  const name = profileName(opts.profile, config)
  const stored = config.profiles[name]
  if (opts.url !== undefined)
    note('tuike: --url and TUIKE_URL are deprecated; use --base-url or TUIKE_BASE_URL')
  const adminKey = opts.adminKey || stored?.adminKey
  if (!adminKey)
    throw new CliError(
      `no admin key: pass --admin-key, set TUIKE_ADMIN_KEY, or save it with tuike login --admin${opts.profile ? ` --profile ${opts.profile}` : ''}`,
      2,
    )
  const baseURL = opts.baseUrl || opts.url || stored?.baseURL || ADMIN_DEFAULT_URL
  return sdkClient({ baseURL: baseURL.replace(/\/+$/, ''), adminKey })
}

export function print(cmd: Command, value: unknown, human: () => void): void {
  if (cmd.optsWithGlobals<{ json?: boolean }>().json)
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
  else human()
}

export function adminCommand(): Command {
  const admin = new Command('admin')
    .description(
      'Operator commands: against a running server (--base-url, --admin-key), or beside its database (backup, restore, migrate, rotate-key)',
    )
    .addOption(
      new Option(
        '--base-url <url>',
        `server URL (default: the profile's, else ${ADMIN_DEFAULT_URL})`,
      ).env('TUIKE_BASE_URL'),
    )
    .addOption(new Option('--url <url>', 'deprecated: use --base-url').env('TUIKE_URL').hideHelp())
    .addOption(
      new Option('--admin-key <key>', "operator key (default: the profile's)").env(
        'TUIKE_ADMIN_KEY',
      ),
    )
    .addOption(
      new Option('--profile <name>', 'profile holding the admin key (tuike login --admin)').env(
        'TUIKE_PROFILE',
      ),
    )
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ tuike login --admin --base-url http://127.0.0.1:8787     # once: the key goes in a profile
  $ tuike admin promoter create --name "小明的店"
  $ tuike admin purchase "$LINK" --quantity 2 && tuike admin clock advance 8d
  $ tuike admin rotate-key --db sqlite:./.tuike/tuike.db      # a lost key: beside the database`,
    )

  const promoter = admin
    .command('promoter')
    .description('Promoter (推客) accounts')
    .addHelpText(
      'after',
      examples('tuike admin promoter create --name "小明的店"', 'tuike admin promoter ls'),
    )

  promoter
    .command('create')
    .description('Create a promoter account; prints its appid and secret (shown once)')
    .requiredOption('--name <name>', 'display name')
    .addHelpText('after', '\nExample:\n  $ tuike admin promoter create --name "小明的店" --json')
    .action(async (opts: { name: string }, cmd: Command) => {
      const created = await adminClient(cmd).admin.promoters.create({ name: opts.name })
      print(cmd, created, () => {
        process.stdout.write(`appid:  ${created.appid}\nsecret: ${created.secret}  (shown once)\n`)
      })
    })

  listCommand(
    about(
      promoter.command('list'),
      'List promoter accounts',
      ['tuike admin promoter list', 'tuike admin promoter ls --json'],
      { alias: 'ls' },
    ),
    async (cmd) => (await adminClient(cmd).admin.promoters.list()).promoters,
    {
      head: () => ['appid', 'name', 'status', 'max spots', timeHead('created')],
      row: (p) => [p.appid, p.name, p.status, String(p.promotionMaxCnt), localTime(p.createdAt)],
    },
  )

  for (const [verb, description] of [
    ['disable', 'Disable an account (its calls answer 48001)'],
    ['enable', 'Enable a disabled account'],
  ] as const) {
    promoter
      .command(`${verb} <appid>`)
      .description(description)
      .addHelpText('after', examples(`tuike admin promoter ${verb} wx0123456789abcdef`))
      .action(async (appid: string, _opts: unknown, cmd: Command) => {
        const p = await adminClient(cmd).admin.promoters[verb](appid)
        print(cmd, p, () => process.stdout.write(`${p.appid}: ${p.status}\n`))
      })
  }

  promoter
    .command('rotate-secret <appid>')
    .addHelpText('after', examples('tuike admin promoter rotate-secret wx0123456789abcdef'))
    .description('Issue a new appsecret (the old one stops working at once)')
    .action(async (appid: string, _opts: unknown, cmd: Command) => {
      const r = await adminClient(cmd).admin.promoters.rotateSecret(appid)
      print(cmd, r, () =>
        process.stdout.write(`appid:  ${r.appid}\nsecret: ${r.secret}  (shown once)\n`),
      )
    })

  promoter
    .command('set-max-spots <appid> <count>')
    .addHelpText('after', examples('tuike admin promoter set-max-spots wx0123456789abcdef 200'))
    .description('Set how many live promotion spots the account may have (promotionMaxCnt)')
    .action(async (appid: string, count: string, _opts: unknown, cmd: Command) => {
      const n = Number(count)
      if (!Number.isInteger(n) || n < 0)
        throw new CliError('count must be a non-negative integer', 2)
      const p = await adminClient(cmd).admin.promoters.update(appid, { promotionMaxCnt: n })
      print(cmd, p, () =>
        process.stdout.write(`${p.appid}: promotionMaxCnt ${p.promotionMaxCnt}\n`),
      )
    })

  promoter
    .command('set-quota <appid>')
    .description('Set per-minute / per-day union call quotas (45011 / 45009) of one account')
    .option('--minute <n|default>', 'calls per minute per endpoint; 0 = none, default = server')
    .option('--daily <n|default>', 'calls per day per endpoint; 0 = none, default = server')
    .addHelpText(
      'after',
      '\nExample:\n  $ tuike admin promoter set-quota wx0123456789abcdef --minute 600 --daily default',
    )
    .action(async (appid: string, opts: { minute?: string; daily?: string }, cmd: Command) => {
      const quota = (v: string | undefined, flag: string) => {
        if (v === undefined) return undefined
        if (v === 'default') return null
        const n = Number(v)
        if (!Number.isInteger(n) || n < 0)
          throw new CliError(`${flag} must be a non-negative integer or "default"`, 2)
        return n
      }
      const body = {
        ...(opts.minute !== undefined ? { minuteQuota: quota(opts.minute, '--minute') } : {}),
        ...(opts.daily !== undefined ? { dailyQuota: quota(opts.daily, '--daily') } : {}),
      }
      if (Object.keys(body).length === 0) throw new CliError('give --minute and/or --daily', 2)
      const p = await adminClient(cmd).admin.promoters.update(appid, body)
      const show = (q: number | null) =>
        q === null ? 'server default' : q === 0 ? 'none' : String(q)
      print(cmd, p, () =>
        process.stdout.write(
          `${p.appid}: per minute ${show(p.minuteQuota)}, per day ${show(p.dailyQuota)}\n`,
        ),
      )
    })

  const institution = about(
    admin.command('institution'),
    '机构 (institution) accounts of the 推客带货 API (/channels/ec/*)',
    ['tuike admin institution create --name "星河机构"', 'tuike admin institution ls'],
  )

  institution
    .command('create')
    .description(
      'Create a 机构 account; prints its appid and secret (shown once), original id and mini program',
    )
    .requiredOption('--name <name>', 'display name')
    .addHelpText('after', '\nExample:\n  $ tuike admin institution create --name "星河机构" --json')
    .action(async (opts: { name: string }, cmd: Command) => {
      const created = await adminClient(cmd).admin.institutions.create({ name: opts.name })
      print(cmd, created, () => {
        process.stdout.write(
          `appid:        ${created.appid}\nsecret:       ${created.secret}  (shown once)\nusername:     ${created.username}\nmini program: ${created.miniprogramAppid}\n`,
        )
      })
    })

  listCommand(
    about(
      institution.command('list'),
      'List 机构 accounts and their callback URLs',
      ['tuike admin institution list', 'tuike admin institution ls --json'],
      { alias: 'ls' },
    ),
    async (cmd) => (await adminClient(cmd).admin.institutions.list()).institutions,
    {
      head: () => ['appid', 'name', 'username', 'callback'],
      row: (i) => [
        i.appid,
        i.name,
        i.username,
        i.callback ? `${i.callback.mode} ${i.callback.url}` : '-',
      ],
    },
  )

  admin.addCommand(ordersCommand(adminClient, print))
  admin.addCommand(purchaseCommand(adminClient, print))
  admin.addCommand(clockCommand(adminClient, print))
  admin.addCommand(importCommand(adminClient))
  admin.addCommand(faultsCommand(adminClient, print))
  admin.addCommand(backupCommand())
  admin.addCommand(restoreCommand())
  admin.addCommand(migrateCommand())
  admin.addCommand(rotateKeyCommand())
  return admin
}
