/**
 * What every promoter command shares: the common options (--profile, --appid, --base-url,
 * --json, -q), resolving credentials (flags over env over the profile), and the SDK client.
 * @module
 */
import { type ClientOptions, TuikeClient } from '@tuike/sdk'
import { type Command, Option } from 'commander'
import { configPath, profileName, readConfig } from './config.ts'
import { CliError } from './errors.ts'
import { httpFetch } from './http-fetch.ts'

export interface CommonOptions {
  profile?: string
  appid?: string
  baseUrl?: string
  json?: boolean
  quiet?: boolean
}

/** Add the shared options to a promoter command. */
export function withCommon(cmd: Command): Command {
  return cmd
    .addOption(
      new Option('--profile <name>', 'credential profile (see tuike login)').env('TUIKE_PROFILE'),
    )
    .addOption(
      new Option('--appid <appid>', '推客 appid (overrides the profile)').env('TUIKE_APPID'),
    )
    .addOption(
      new Option(
        '--base-url <url>',
        'API base URL: a Tuike server, or https://api.weixin.qq.com',
      ).env('TUIKE_BASE_URL'),
    )
    .option('--json', 'machine-readable JSON (NDJSON for streams)')
    .option('-q, --quiet', 'print only the essentials (ids, links), no summaries')
}

export function common(cmd: Command): CommonOptions {
  return cmd.optsWithGlobals<CommonOptions>()
}

export interface Resolved {
  profile: string
  appid: string
  secret: string
  baseURL: string | undefined
}

/**
 * Credentials in effect. The appsecret comes from TUIKE_APPSECRET or the profile only: never a
 * flag, so it does not land in shell history or the process list.
 */
export function resolveCredentials(cmd: Command): Resolved {
  const opts = common(cmd)
  const config = readConfig()
  const name = profileName(opts.profile, config)
  const stored = config.profiles[name]
  if (opts.profile && !stored && !process.env.TUIKE_APPSECRET) {
    throw new CliError(
      `no profile "${opts.profile}" in ${configPath()}: run tuike login --profile ${opts.profile}`,
      2,
    )
  }
  const appid = opts.appid ?? stored?.appid
  const secret = process.env.TUIKE_APPSECRET || stored?.secret
  const baseURL = opts.baseUrl ?? stored?.baseURL
  if (!appid || !secret) {
    throw new CliError(
      'no credentials: run `tuike login`, or set TUIKE_APPID and TUIKE_APPSECRET',
      2,
    )
  }
  return { profile: name, appid, secret, baseURL: baseURL?.replace(/\/+$/, '') }
}

/**
 * Every SDK client the CLI makes: it sends over node:http (see http-fetch.ts), not Node's fetch,
 * whose first call loads undici (~0.2 s of CPU).
 */
export function sdkClient(options: Omit<ClientOptions, 'fetch'>): TuikeClient {
  return new TuikeClient({ ...options, fetch: httpFetch })
}

/** The SDK client of a command's credentials. */
export function clientFor(cmd: Command): TuikeClient {
  const c = resolveCredentials(cmd)
  return sdkClient({ appId: c.appid, appSecret: c.secret, baseURL: c.baseURL })
}
