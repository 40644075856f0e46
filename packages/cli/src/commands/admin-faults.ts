/**
 * `tuike admin faults add|ls|rm|log`: the sandbox's fault rules and the log of faults that fired
 * (docs/sandbox.md).
 * @module
 */
import type { AdminFaultsCreateBody, AdminFaultsListResponse, TuikeClient } from '@tuike/sdk'
import { Command, InvalidArgumentError, Option } from 'commander'
import { about, examples } from '../help.ts'
import { listCommand } from '../listing.ts'

// Every kind the contract accepts, no more: a kind added there fails tsc here until listed.
const KINDS = Object.keys({
  errcode: 1,
  latency: 1,
  drop: 1,
  'invalidate-tokens': 1,
  'paging-drift': 1,
  'duplicate-deliveries': 1,
} satisfies Record<AdminFaultsCreateBody['kind'], 1>)

function int(what: string) {
  return (v: string) => {
    if (!/^-?\d+$/.test(v)) throw new InvalidArgumentError(`${what} must be a whole number`)
    return Number(v)
  }
}

function rate(v: string): number {
  const percent = v.endsWith('%')
  const n = Number(percent ? v.slice(0, -1) : v) / (percent ? 100 : 1)
  if (!Number.isFinite(n) || n <= 0 || n > 1)
    throw new InvalidArgumentError('must be in (0, 1] or a percentage such as 20%')
  return n
}

interface AddOptions {
  appid?: string
  endpoint?: string
  rate?: number
  times?: number
  seed?: number
  errcode?: number
  latency?: number
  jitter?: number
  window?: number
}

/** What a rule does, in a word: its errcode, its latency or its window. */
function what(r: AdminFaultsListResponse['faults'][number]): string {
  if (r.kind === 'errcode' || r.kind === 'invalidate-tokens') return String(r.errcode ?? 40001)
  if (r.kind === 'latency') return `${r.latencyMs}±${r.jitterMs}ms`
  if (r.kind === 'duplicate-deliveries') return `window ${r.windowMs}ms`
  return ''
}

const time = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z')

export function faultsCommand(
  client: (cmd: Command) => TuikeClient,
  print: (cmd: Command, value: unknown, human: () => void) => void,
): Command {
  const faults = new Command('faults').addHelpText(
    'after',
    examples(
      'tuike admin faults add errcode --errcode 45011 --endpoint product/category --times 2',
      'tuike admin faults ls',
    ),
  )
  faults.description(
    'Sandbox fault rules: make calls fail, stall, drop, lose tokens, drift between pages (docs/sandbox.md)',
  )

  faults
    .command('add <kind>')
    .description(`Add a fault rule; kind: ${KINDS.join(', ')}`)
    .option('--appid <appid>', 'only calls of this account (default: every account)')
    .option('--endpoint <id>', 'only this contract endpoint id, e.g. order/search (default: all)')
    .option('--rate <p>', 'probability a matching call fires: 0.2 or 20% (default 1)', rate)
    .option('--times <n>', 'fire only for the next n matching calls', int('--times'))
    .option(
      '--seed <n>',
      'seed of the draws: the same calls replay the same faults (default 1)',
      int('--seed'),
    )
    .option(
      '--errcode <code>',
      'errcode: the WeChat errcode to answer; invalidate-tokens: 40001 or 42001',
      int('--errcode'),
    )
    .option('--latency <ms>', 'latency: milliseconds added', int('--latency'))
    .option(
      '--jitter <ms>',
      'latency: ± this many milliseconds, drawn from the seed',
      int('--jitter'),
    )
    .addOption(
      new Option(
        '--window <ms>',
        'duplicate-deliveries: deliveries within it are reordered',
      ).argParser(int('--window')),
    )
    .addHelpText(
      'after',
      `
Examples:
  $ tuike admin faults add errcode --errcode 45011 --endpoint order/search --times 3
  $ tuike admin faults add errcode --errcode -1 --rate 20% --seed 7 --appid wx0123456789abcdef
  $ tuike admin faults add latency --latency 800 --jitter 200
  $ tuike admin faults add drop --endpoint promotion/add --times 1
  $ tuike admin faults add invalidate-tokens --appid wx0123456789abcdef --times 1
  $ tuike admin faults add paging-drift --endpoint order/search --rate 50%
  $ tuike admin faults add duplicate-deliveries --window 5000`,
    )
    .action(async (kind: string, opts: AddOptions, cmd: Command) => {
      const body = {
        kind,
        appid: opts.appid,
        endpoint: opts.endpoint,
        rate: opts.rate,
        times: opts.times,
        seed: opts.seed,
        errcode: opts.errcode,
        latencyMs: opts.latency,
        jitterMs: opts.jitter,
        windowMs: opts.window,
      } as AdminFaultsCreateBody
      // The server checks the kind and the fields it needs, naming the field (200002).
      const created = await client(cmd).admin.faults.create(body)
      print(cmd, created, () => process.stdout.write(`${created.faultId}\n`))
    })

  listCommand(
    about(
      faults.command('list'),
      'List fault rules with how often each matched and fired',
      ['tuike admin faults list', 'tuike admin faults ls --json'],
      { alias: 'ls' },
    ),
    async (cmd) => (await client(cmd).admin.faults.list()).faults,
    {
      head: () => [
        'faultId',
        'kind',
        'appid',
        'endpoint',
        'rate',
        'times',
        'seed',
        'what',
        'matched',
        'fired',
      ],
      row: (r) => [
        r.faultId,
        r.kind,
        r.appid ?? '*',
        r.endpoint ?? '*',
        String(r.rate),
        r.times === null ? '-' : String(r.times),
        String(r.seed),
        what(r),
        String(r.matched),
        String(r.fired),
      ],
    },
  )

  faults
    .command('rm <faultId>')
    .addHelpText('after', examples('tuike admin faults rm ft_0123456789'))
    .alias('remove')
    .description('Remove a fault rule (its log entries stay)')
    .action(async (faultId: string, _opts: unknown, cmd: Command) => {
      const r = await client(cmd).admin.faults.delete(faultId)
      print(cmd, r, () => process.stdout.write(`removed ${r.faultId}\n`))
    })

  listCommand(
    about(
      faults.command('log'),
      'The faults that fired, newest first (time, account, endpoint, rule, what)',
      ['tuike admin faults log', 'tuike admin faults log --json'],
    ),
    async (cmd) => (await client(cmd).admin.faults.log()).entries,
    {
      head: () => ['time', 'appid', 'endpoint', 'rule', 'kind', 'what'],
      row: (e) => [time(e.at), e.appid || '-', e.endpoint, e.faultId, e.kind, e.detail],
    },
  )
  return faults
}
