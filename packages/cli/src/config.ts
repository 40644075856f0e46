/**
 * Named credential profiles in the user's config directory: `$TUIKE_CONFIG_DIR`, else
 * `$XDG_CONFIG_HOME/tuike`, else `~/.config/tuike`. The file holds appsecrets, so it is written
 * with mode 0600 (and its directory 0700) every time.
 * @module
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { CliError } from './errors.ts'

/** A profile holds a promoter's appid and appsecret, an operator's admin key, or both. */
export interface Profile {
  appid?: string
  secret?: string
  /** The operator key of a Tuike server, for `tuike admin …` (`tuike login --admin`). */
  adminKey?: string
  /** Omitted means the SDK default (TUIKE_BASE_URL, else https://api.weixin.qq.com). */
  baseURL?: string
}

export interface ConfigFile {
  /** The profile used when no --profile or TUIKE_PROFILE is given. */
  current?: string
  profiles: Record<string, Profile>
}

export function configDir(): string {
  if (process.env.TUIKE_CONFIG_DIR) return process.env.TUIKE_CONFIG_DIR
  const base = process.env.XDG_CONFIG_HOME || join(homedir(), '.config')
  return join(base, 'tuike')
}

export function configPath(): string {
  return join(configDir(), 'config.json')
}

export function readConfig(): ConfigFile {
  const file = configPath()
  if (!existsSync(file)) return { profiles: {} }
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<ConfigFile>
    return { current: parsed.current, profiles: parsed.profiles ?? {} }
  } catch (err) {
    throw new CliError(`cannot read ${file}: ${(err as Error).message}`, 2)
  }
}

export function writeConfig(config: ConfigFile): void {
  const dir = configDir()
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const file = configPath()
  const tmp = `${file}.${process.pid}.tmp`
  // Written under a temporary name with 0600 from the start, then renamed: never world-readable.
  writeFileSync(tmp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 })
  chmodSync(tmp, 0o600)
  renameSync(tmp, file)
}

/** The profile name in effect: --profile, else TUIKE_PROFILE, else the current one, else "default". */
export function profileName(flag: string | undefined, config = readConfig()): string {
  return flag || process.env.TUIKE_PROFILE || config.current || 'default'
}
