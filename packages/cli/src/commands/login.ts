/**
 * `tuike login`, `tuike logout` and `tuike token`: named credential profiles, and a look at the
 * current access_token (masked) and how long it lives.
 * @module
 */
import { Command, Option } from 'commander'
import { type ConfigFile, configPath, profileName, readConfig, writeConfig } from '../config.ts'
import { clientFor, common, resolveCredentials, sdkClient, withCommon } from '../context.ts'
import { CliError } from '../errors.ts'
import { printJson, printTable } from '../output.ts'

async function readSecretFromStdin(): Promise<string> {
  let text = ''
  for await (const chunk of process.stdin) text += chunk
  return text.split(/\r?\n/)[0]!.trim()
}

/**
 * Ask on the terminal without echoing what is typed. The question is written once and stays:
 * stdin is read raw, character by character (readline would redraw, and so erase, the line).
 */
export function promptHidden(question: string): Promise<string> {
  const input = process.stdin
  // Echo off before the question shows, so keys typed the moment it appears are not echoed.
  input.setRawMode(true)
  process.stderr.write(question)
  input.resume()
  input.setEncoding('utf8')
  return new Promise((resolve) => {
    let answer = ''
    const done = (code?: number) => {
      input.setRawMode(false)
      input.pause()
      input.off('data', onData)
      process.stderr.write('\n')
      if (code !== undefined) process.exit(code)
      resolve(answer.trim())
    }
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return done()
        if (ch === '\u0003') return done(130) // Ctrl-C
        if (ch === '\u007f' || ch === '\b') answer = [...answer].slice(0, -1).join('')
        else if (ch >= ' ') answer += ch
      }
    }
    input.on('data', onData)
  })
}

/** `abcd…wxyz (157 chars)`: enough to tell two tokens apart, useless to anyone who reads it. */
export function maskToken(token: string): string {
  if (token.length <= 12) return '*'.repeat(token.length)
  return `${token.slice(0, 4)}…${token.slice(-4)} (${token.length} chars)`
}

export function loginCommand(): Command {
  return new Command('login')
    .description('Save a credential profile (appid, appsecret, base URL) after checking it works')
    .addOption(
      new Option('--profile <name>', 'profile name (default: "default")').env('TUIKE_PROFILE'),
    )
    .addOption(new Option('--appid <appid>', '推客 appid').env('TUIKE_APPID'))
    .addOption(
      new Option('--base-url <url>', 'a Tuike server URL (default: https://api.weixin.qq.com)').env(
        'TUIKE_BASE_URL',
      ),
    )
    .option('--admin', 'save the operator role: the admin key of a Tuike server (tuike admin …)')
    .option('--secret-stdin', 'read the appsecret (or admin key) from the first line of stdin')
    .option('--no-verify', 'save without checking the credential first')
    .option('--default', 'make this the profile used when --profile is not given')
    .option('--list', 'list the saved profiles (never their secrets) and exit')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      `
The appsecret is read from TUIKE_APPSECRET, from stdin with --secret-stdin, or asked for on the
terminal (not echoed). It is never accepted as a flag. With --admin, the same for the admin key
(TUIKE_ADMIN_KEY): one profile can hold a promoter's appid and secret and an operator's key.
Profiles live in $TUIKE_CONFIG_DIR, else $XDG_CONFIG_HOME/tuike, else ~/.config/tuike
(config.json, mode 0600).

Examples:
  $ tuike login --appid wx0123456789abcdef --base-url http://127.0.0.1:8787
  $ printf '%s\\n' "$SECRET" | tuike login --profile staging --appid wx… --base-url http://127.0.0.1:8787 --secret-stdin
  $ tuike login --admin --base-url http://127.0.0.1:8787     # asks for the admin key
  $ tuike login --list`,
    )
    .action(async (opts: LoginOptions) => {
      const config = readConfig()
      if (opts.list) return listProfiles(config, opts.json)
      const name = profileName(opts.profile, config)
      const baseURL = opts.baseUrl?.replace(/\/+$/, '') ?? config.profiles[name]?.baseURL
      const role = opts.admin
        ? await operatorRole(opts, baseURL)
        : await promoterRole(opts, baseURL)
      // The other role's credential in the profile stays.
      config.profiles[name] = { ...config.profiles[name], ...role, ...(baseURL ? { baseURL } : {}) }
      if (opts.default || !config.current) config.current = name
      writeConfig(config)
      const result = {
        profile: name,
        role: opts.admin ? 'operator' : 'promoter',
        ...(opts.admin ? {} : { appid: opts.appid }),
        baseURL: baseURL ?? (opts.admin ? ADMIN_DEFAULT_URL : 'https://api.weixin.qq.com'),
        verified: opts.verify,
        config: configPath(),
      }
      if (opts.json) return printJson(result)
      const who = opts.admin ? 'operator key' : `appid ${opts.appid}`
      process.stdout.write(
        `${opts.verify ? 'Logged in' : 'Saved'}: profile "${name}", ${who}, ${result.baseURL}\nsaved to ${result.config} (mode 0600)\n`,
      )
    })
}

interface LoginOptions {
  profile?: string
  appid?: string
  baseUrl?: string
  admin?: boolean
  secretStdin?: boolean
  verify: boolean
  default?: boolean
  list?: boolean
  json?: boolean
}

/** The server `tuike admin` talks to when nothing names one (`npm start`'s). */
export const ADMIN_DEFAULT_URL = 'http://127.0.0.1:8787'

function listProfiles(config: ConfigFile, json?: boolean): void {
  const current = profileName(undefined, config)
  const rows = Object.entries(config.profiles).map(([name, p]) => ({
    profile: name,
    appid: p.appid ?? null,
    operator: !!p.adminKey,
    baseURL: p.baseURL ?? 'https://api.weixin.qq.com',
    current: name === current,
  }))
  if (json) {
    printJson(rows)
    return
  }
  printTable(
    ['', 'profile', 'appid', 'operator', 'base URL'],
    rows.map((r) => [
      r.current ? '*' : '',
      r.profile,
      r.appid ?? '-',
      r.operator ? 'yes' : '',
      r.baseURL,
    ]),
  )
}

/** A secret from `envName`, stdin (--secret-stdin) or the terminal; a usage error without one. */
async function readSecret(opts: LoginOptions, envName: string, what: string): Promise<string> {
  let secret = process.env[envName] ?? ''
  if (opts.secretStdin) secret = await readSecretFromStdin()
  else if (!secret && process.stdin.isTTY) secret = await promptHidden(`${what}: `)
  if (!secret)
    throw new CliError(
      `no ${what.split(' ')[0]}: set ${envName}, pipe it with --secret-stdin, or run on a terminal`,
      2,
    )
  return secret
}

async function promoterRole(opts: LoginOptions, baseURL: string | undefined) {
  if (!opts.appid) throw new CliError('pass --appid (or set TUIKE_APPID)', 2)
  const secret = await readSecret(opts, 'TUIKE_APPSECRET', `appsecret for ${opts.appid}`)
  if (opts.verify)
    await sdkClient({ appId: opts.appid, appSecret: secret, baseURL }).tokens.retrieveStable()
  return { appid: opts.appid, secret }
}

async function operatorRole(opts: LoginOptions, baseURL: string | undefined) {
  const adminKey = await readSecret(opts, 'TUIKE_ADMIN_KEY', 'admin key')
  if (opts.verify)
    await sdkClient({ baseURL: baseURL ?? ADMIN_DEFAULT_URL, adminKey }).admin.promoters.list()
  return { adminKey }
}

export function logoutCommand(): Command {
  return new Command('logout')
    .description('Remove a saved credential profile')
    .addOption(new Option('--profile <name>', 'profile to remove').env('TUIKE_PROFILE'))
    .addHelpText('after', '\nExample:\n  $ tuike logout --profile staging')
    .action((opts: { profile?: string }) => {
      const config = readConfig()
      const name = profileName(opts.profile, config)
      if (!config.profiles[name]) throw new CliError(`no profile "${name}"`, 2)
      delete config.profiles[name]
      if (config.current === name) config.current = Object.keys(config.profiles)[0]
      writeConfig(config)
      process.stdout.write(`removed profile "${name}"\n`)
    })
}

export function tokenCommand(): Command {
  return withCommon(new Command('token'))
    .description('Fetch the access_token and show it masked, with its remaining lifetime')
    .option('--raw', 'print the token itself and nothing else, for scripts (like gh auth token)')
    .addHelpText(
      'after',
      `
The token grants the account's API: --raw prints it in full, so keep it out of logs.

Examples:
  $ tuike token
  $ tuike token --profile staging --json
  $ curl -s "$TUIKE_BASE_URL/union/promoter/promotion/list?access_token=$(tuike token --raw)"`,
    )
    .action(async (opts: { raw?: boolean }, cmd: Command) => {
      const creds = resolveCredentials(cmd)
      const t = await clientFor(cmd).tokens.retrieveStable()
      if (opts.raw) return void process.stdout.write(`${t.access_token}\n`)
      const result = {
        profile: creds.profile,
        appid: creds.appid,
        token: maskToken(t.access_token),
        expiresIn: t.expires_in,
      }
      const o = common(cmd)
      if (o.json) printJson(result)
      else if (o.quiet) process.stdout.write(`${t.expires_in}\n`)
      else {
        const m = Math.floor(t.expires_in / 60)
        process.stdout.write(
          `token:      ${result.token}\nexpires in: ${m} min ${t.expires_in % 60} s\nappid:      ${creds.appid} (profile "${creds.profile}")\n`,
        )
      }
    })
}
