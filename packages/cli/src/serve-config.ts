/**
 * `tuike serve` settings checked before anything starts: each bad value is one line naming the
 * option and what it accepts (exit 2); a TUIKE_* variable no command reads is warned about (a
 * typo would otherwise be ignored silently); `--print-config` shows the effective settings, where
 * each came from, with secrets masked.
 * @module
 */
import type { Command } from 'commander'
import { CliError } from './errors.ts'

/** TUIKE_* variables read outside command options (profiles, the SDK, the CLI clock, tests). */
export const OTHER_ENV = [
  'TUIKE_APPSECRET',
  'TUIKE_CONFIG_DIR',
  'TUIKE_NOW',
  'TUIKE_TEST_PG_URL',
  'TUIKE_TEST_REDIS_URL',
  'TUIKE_WEBHOOK_SECRET',
]

/** Shortest admin key accepted: a guessable key opens the whole operator API. */
export const ADMIN_KEY_MIN = 32

/** Every TUIKE_* variable some option of some command reads, plus OTHER_ENV. */
export function knownEnv(cmd: Command): Set<string> {
  let root = cmd
  while (root.parent) root = root.parent
  const known = new Set(OTHER_ENV)
  const walk = (c: Command) => {
    for (const o of c.options) if (o.envVar) known.add(o.envVar)
    c.commands.forEach(walk)
  }
  walk(root)
  return known
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!
      row[j] = Math.min(up + 1, row[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1))
      diag = up
    }
  }
  return row[b.length]!
}

/** One warning line per unknown TUIKE_* variable in `env`, with the likely intended one. */
export function unknownEnvWarnings(env: NodeJS.ProcessEnv, known: Set<string>): string[] {
  return Object.keys(env)
    .filter((k) => k.startsWith('TUIKE_') && !known.has(k))
    .sort()
    .map((k) => {
      const near = [...known].find((n) => distance(k, n) <= 2)
      return `tuike: warning: ${k} is not a Tuike setting and is ignored${near ? ` (did you mean ${near}?)` : ''}`
    })
}

/** A URL with its password masked. */
export function maskUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@')
}

export interface CheckedOptions {
  db: string
  adminKey?: string
  redis?: string
  publicUrl?: string
}

/** The first invalid setting, as the one line `tuike` prints (exit 2). */
export function validateServe(opts: CheckedOptions): void {
  const fail = (msg: string) => {
    throw new CliError(msg, 2)
  }
  if (!/^sqlite:.+/.test(opts.db) && !/^postgres(ql)?:\/\/./.test(opts.db))
    fail(
      `--db (TUIKE_DB): "${maskUrl(opts.db).slice(0, 60)}" is not a database URL; use sqlite:<file> or postgres://user@host:5432/db`,
    )
  if (opts.adminKey !== undefined && opts.adminKey !== '' && opts.adminKey.length < ADMIN_KEY_MIN)
    fail(
      `--admin-key (TUIKE_ADMIN_KEY): too short (${opts.adminKey.length} characters); use at least ${ADMIN_KEY_MIN}, or leave it unset and one is generated`,
    )
  if (opts.redis && !/^rediss?:\/\/./.test(opts.redis))
    fail(
      `--redis (TUIKE_REDIS_URL): "${maskUrl(opts.redis)}" is not a Redis URL; use redis://host:6379 or rediss://…`,
    )
  // An empty variable (TUIKE_PUBLIC_URL=) counts as unset, as it does for the server.
  if (opts.publicUrl) {
    let ok = false
    try {
      ok = /^https?:$/.test(new URL(opts.publicUrl).protocol)
    } catch {}
    if (!ok)
      fail(
        `--public-url (TUIKE_PUBLIC_URL): "${opts.publicUrl}" is not an http(s) URL; use e.g. https://tuike.example.com`,
      )
  }
}

const SECRET_OPTIONS = new Set(['adminKey'])
const URL_OPTIONS = new Set(['db', 'redis'])

/** The effective `tuike serve` settings, one per line with its source, secrets masked. */
export function describeConfig(cmd: Command, fixed: Record<string, unknown>): string {
  const values = cmd.opts<Record<string, unknown>>()
  const rows: [string, string, string][] = []
  for (const o of cmd.options) {
    const key = o.attributeName()
    if (key === 'printConfig' || key === 'help') continue
    const value = values[key]
    const source = cmd.getOptionValueSource(key)
    let shown: string
    if (o.negate) shown = value === false ? 'on' : 'off'
    else if (value === undefined) shown = '(not set)'
    else if (SECRET_OPTIONS.has(key))
      shown = value === '' ? '(not set)' : `*** (${String(value).length} characters)`
    else if (URL_OPTIONS.has(key)) shown = maskUrl(String(value))
    else shown = String(value)
    const from = source === 'env' ? `env ${o.envVar}` : source === 'cli' ? 'flag' : (source ?? '')
    rows.push([o.long ?? key, shown, from])
  }
  const width = Math.max(...rows.map((r) => r[0].length))
  const lines = rows.map(([k, v, s]) => `  ${k.padEnd(width)}  ${v}${s ? `  (${s})` : ''}`)
  const fixedWidth = Math.max(...Object.keys(fixed).map((k) => k.length))
  return [
    'tuike serve settings:',
    ...lines,
    'Server settings (the defaults in packages/server/src/config.ts with the options above):',
    ...Object.entries(fixed).map(([k, v]) => `  ${k.padEnd(fixedWidth)}  ${JSON.stringify(v)}`),
    '',
  ].join('\n')
}
