/**
 * `tuike serve`: run the platform (what `npm start` runs).
 * @module
 */
import cluster from 'node:cluster'
import { availableParallelism } from 'node:os'
import type { ServeOptions } from '@tuike/server/serve'
import { Command, InvalidArgumentError, Option } from 'commander'
import {
  describeConfig,
  knownEnv,
  maskUrl,
  unknownEnvWarnings,
  validateServe,
} from '../serve-config.ts'

function seconds(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError('must be a whole number of seconds')
  return n
}

function port(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('must be a port number (0–65535)')
  return n
}

function positive(what: string) {
  return (value: string): number => {
    const n = Number(value)
    if (!Number.isInteger(n) || n < 1)
      throw new InvalidArgumentError(`must be a whole number of ${what} (≥ 1)`)
    return n
  }
}

function count(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError('must be a whole number (0 is none)')
  return n
}

interface ServeCliOptions {
  port: number
  host: string
  db: string
  adminKey?: string
  seed?: 'demo' | 'none'
  publicUrl?: string
  settlementDelay?: number
  testClock?: boolean
  pgPoolMax?: number
  pgStatementTimeout?: number
  redis?: string
  shutdownTimeout?: number
  unionMinuteQuota?: number
  unionDailyQuota?: number
  failedSecretLimit?: number
  failedAddressLimit?: number
  trustProxy?: boolean
  allowPrivateWebhooks?: boolean
  webhookRetryBase?: number
  logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent'
  logFormat: 'auto' | 'json' | 'pretty'
  metricsPort?: number
  metricsHost: string
  drainDelay: number
  migrate: boolean
  printConfig?: boolean
  storeShortLink?: string
  storeStrictOrderList?: boolean
  faults?: boolean
  workers?: number
}

export function serveCommand(): Command {
  return new Command('serve')
    .description('Run the Tuike server (union API, admin API, docs)')
    .addOption(
      new Option('--port <port>', 'port to listen on')
        .env('TUIKE_PORT')
        .default(8787)
        .argParser(port),
    )
    .addOption(
      new Option('--host <host>', 'address to bind').env('TUIKE_HOST').default('127.0.0.1'),
    )
    .addOption(
      new Option('--db <url>', 'database: sqlite:<file>, or a postgres:// URL')
        .env('TUIKE_DB')
        .default('sqlite:./.tuike/tuike.db'),
    )
    .addOption(
      new Option('--admin-key <key>', 'operator key (generated and printed once when absent)').env(
        'TUIKE_ADMIN_KEY',
      ),
    )
    .addOption(
      new Option(
        '--seed <what>',
        'seed data: demo or none (default: demo when the database is empty)',
      )
        .env('TUIKE_SEED')
        .choices(['demo', 'none']),
    )
    .addOption(
      new Option('--public-url <url>', 'base URL of short links (default: the listen URL)').env(
        'TUIKE_PUBLIC_URL',
      ),
    )
    .addOption(
      new Option(
        '--settlement-delay <seconds>',
        'seconds from confirmed receipt to settled commission (default 7 days)',
      )
        .env('TUIKE_SETTLEMENT_DELAY')
        .argParser(seconds),
    )
    .addOption(
      new Option('--pg-pool-max <n>', 'PostgreSQL connections of this instance (default 10)')
        .env('TUIKE_PG_POOL_MAX')
        .argParser(positive('connections')),
    )
    .addOption(
      new Option(
        '--pg-statement-timeout <ms>',
        'PostgreSQL statement timeout in milliseconds (default none)',
      )
        .env('TUIKE_PG_STATEMENT_TIMEOUT')
        .argParser(positive('milliseconds')),
    )
    .addOption(
      new Option(
        '--redis <url>',
        'Redis for quota counts shared by several instances (default: counted in process)',
      ).env('TUIKE_REDIS_URL'),
    )
    .addOption(
      new Option(
        '--union-minute-quota <n>',
        'union calls per appid per endpoint per minute, 45011 beyond (default 0: none)',
      )
        .env('TUIKE_UNION_MINUTE_QUOTA')
        .argParser(count),
    )
    .addOption(
      new Option(
        '--union-daily-quota <n>',
        'union calls per appid per endpoint per day, 45009 beyond (default 0: none)',
      )
        .env('TUIKE_UNION_DAILY_QUOTA')
        .argParser(count),
    )
    .addOption(
      new Option(
        '--failed-secret-limit <n>',
        'wrong appsecrets per appid (and wrong admin keys in all) per minute before 45011 refuses without checking (default 10; 0: none)',
      )
        .env('TUIKE_FAILED_SECRET_LIMIT')
        .argParser(count),
    )
    .addOption(
      new Option(
        '--failed-address-limit <n>',
        'wrong appsecrets and admin keys per client address per minute before 45011 (default 30; 0: none)',
      )
        .env('TUIKE_FAILED_ADDRESS_LIMIT')
        .argParser(count),
    )
    .addOption(
      new Option(
        '--trust-proxy',
        'behind a reverse proxy: the client address is the last X-Forwarded-For entry (the one the proxy appended)',
      ).env('TUIKE_TRUST_PROXY'),
    )
    .addOption(
      new Option(
        '--shutdown-timeout <seconds>',
        'on SIGTERM/SIGINT, seconds to let running requests finish before cutting them (default 10)',
      )
        .env('TUIKE_SHUTDOWN_TIMEOUT')
        .argParser(seconds),
    )
    .addOption(
      new Option(
        '--allow-private-webhooks',
        'accept webhook URLs on loopback and private addresses (on with --test-clock)',
      ).env('TUIKE_ALLOW_PRIVATE_WEBHOOKS'),
    )
    .addOption(
      new Option(
        '--faults',
        'sandbox: honour the per-request X-Tuike-Fault header (docs/sandbox.md); never on a production server',
      ).env('TUIKE_FAULTS'),
    )
    .addOption(
      new Option(
        '--webhook-retry-base <ms>',
        'first webhook retry delay in milliseconds, doubling per attempt for 24 h (default 10000)',
      )
        .env('TUIKE_WEBHOOK_RETRY_BASE')
        .argParser(positive('milliseconds')),
    )
    .addOption(
      new Option(
        '--drain-delay <seconds>',
        'on SIGTERM, seconds /readyz answers 503 while requests are still served, before the listener closes',
      )
        .env('TUIKE_DRAIN_DELAY')
        .default(0)
        .argParser(seconds),
    )
    .addOption(
      new Option('--metrics-port <port>', 'also serve /metrics here, without the admin key')
        .env('TUIKE_METRICS_PORT')
        .argParser(port),
    )
    .addOption(
      new Option('--metrics-host <host>', 'address of the --metrics-port listener')
        .env('TUIKE_METRICS_HOST')
        .default('127.0.0.1'),
    )
    .addOption(
      new Option('--log-level <level>', 'lowest level logged')
        .env('TUIKE_LOG_LEVEL')
        .choices(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'])
        .default('info'),
    )
    .addOption(
      new Option('--log-format <format>', 'auto: readable on a terminal, JSON lines otherwise')
        .env('TUIKE_LOG_FORMAT')
        .choices(['auto', 'json', 'pretty'])
        .default('auto'),
    )
    .addOption(
      new Option(
        '--no-migrate',
        'apply no migration at start; refuse a database that lacks one (run tuike admin migrate up first)',
      ).env('TUIKE_NO_MIGRATE'),
    )
    .addOption(
      new Option('--workers <n>', 'serving processes sharing the port (default: one per core)')
        .env('TUIKE_WORKERS')
        .argParser(positive('workers')),
    )
    .addOption(
      new Option('--print-config', 'print the effective settings (secrets masked) and exit'),
    )
    .addOption(
      new Option(
        '--store-short-link <template>',
        'the 推客带货 short_link format, {code} replaced by the material code (default "#小店://推客带货/{code}")',
      )
        .env('TUIKE_STORE_SHORT_LINK')
        .argParser((v: string) => {
          if (!v.includes('{code}')) throw new InvalidArgumentError('must contain {code}')
          return v
        }),
    )
    .addOption(
      new Option(
        '--store-strict-order-list',
        'order/list/get requires create_time_range or update_time_range (10024000 without)',
      ).env('TUIKE_STORE_STRICT_ORDER_LIST'),
    )
    .addOption(
      new Option(
        '--test-clock',
        'start a clock that only moves through POST /admin/v1/clock/advance (demos, tests)',
      ),
    )
    .addHelpText(
      'after',
      `
Examples:
  $ tuike serve
  $ tuike serve --port 9000 --db postgres://postgres@127.0.0.1:5432/tuike
  $ TUIKE_ADMIN_KEY=… tuike serve --seed none`,
    )
    .action(async (opts: ServeCliOptions, cmd: Command) => {
      const {
        testClock,
        publicUrl,
        settlementDelay,
        pgStatementTimeout,
        redis,
        unionMinuteQuota,
        unionDailyQuota,
        failedSecretLimit,
        failedAddressLimit,
        trustProxy,
        allowPrivateWebhooks,
        webhookRetryBase,
        logLevel,
        logFormat,
        migrate,
        printConfig,
        storeShortLink,
        storeStrictOrderList,
        faults,
        workers = availableParallelism(),
        ...rest
      } = opts
      // Said once, by the primary (a worker's environment also carries the cluster's own).
      if (cluster.isPrimary)
        for (const line of unknownEnvWarnings(process.env, knownEnv(cmd)))
          process.stderr.write(`${line}\n`)
      validateServe(opts)
      const config = {
        ...(publicUrl ? { publicUrl: publicUrl.replace(/\/+$/, '') } : {}),
        ...(settlementDelay !== undefined ? { settlementDelay } : {}),
        ...(unionMinuteQuota !== undefined ? { unionMinuteQuota } : {}),
        ...(unionDailyQuota !== undefined ? { unionDailyQuota } : {}),
        ...(failedSecretLimit !== undefined ? { failedSecretLimit } : {}),
        ...(failedAddressLimit !== undefined ? { failedAddressLimit } : {}),
        ...(trustProxy ? { trustProxy: true } : {}),
        ...(allowPrivateWebhooks ? { allowPrivateWebhooks: true } : {}),
        ...(webhookRetryBase !== undefined ? { webhookRetryBaseMs: webhookRetryBase } : {}),
        ...(storeShortLink ? { storeShortLinkTemplate: storeShortLink } : {}),
        ...(storeStrictOrderList ? { storeStrictOrderList: true } : {}),
        ...(faults ? { faults: true } : {}),
      }
      // Loaded on use: promoter commands start without loading the server.
      const { TestClock, DEFAULT_CONFIG, createLogger } = await import('@tuike/server')
      if (printConfig) {
        process.stdout.write(describeConfig(cmd, { ...DEFAULT_CONFIG, ...config }))
        return
      }
      const { startServer, startCluster, startWorker } = await import('@tuike/server/serve')
      const { registerConsole } = await import('@tuike/web')
      const options: ServeOptions = {
        // The platform and its console, composed here: the server does not know the console.
        mount: (tuike, database) =>
          registerConsole(tuike.app, {
            db: database.db,
            schema: database.schema,
            testClock: tuike.clock instanceof TestClock,
          }),
        ...rest,
        pgStatementTimeoutMs: pgStatementTimeout,
        redisUrl: redis,
        clock: testClock ? new TestClock() : undefined,
        config,
        log: createLogger(undefined, { level: logLevel, format: logFormat }),
        migrations: migrate ? 'apply' : 'require',
      }
      if (cluster.isWorker) {
        // A worker of --workers N: the primary prints the banner and tells it when to stop.
        const worker = await startWorker(options)
        process.once('SIGTERM', () => void worker.close().then(() => process.exit(0)))
        process.on('SIGINT', () => {})
        return
      }
      const server = workers > 1 ? await startCluster(options, workers) : await startServer(options)
      const out = (line = '') => process.stdout.write(`${line}\n`)
      out(`Tuike is listening on ${server.url}`)
      out(
        `  Console:   ${server.url}/  (promoters)  ${server.url}/inst  (机构)  ${server.url}/ops  (operators)`,
      )
      out(`  API docs:  ${server.url}/docs  (OpenAPI: ${server.url}/openapi.json)`)
      out(`  Database:  ${maskUrl(opts.db)}`)
      out(`  Workers:   ${workers}`)
      if (redis) out(`  Quotas:    counted in Redis ${maskUrl(redis)}`)
      if (server.metricsUrl) out(`  Metrics:   ${server.metricsUrl}/metrics  (no admin key)`)
      if (server.createdAdminKey) {
        out()
        out(`  Admin key (shown once; keep it):  ${server.createdAdminKey}`)
      }
      if (server.demo) {
        out()
        out('  Demo promoter (secret shown once):')
        out(`    appid:  ${server.demo.appid}`)
        out(`    secret: ${server.demo.secret}`)
        out(
          `    try:    curl '${server.url}/cgi-bin/token?grant_type=client_credential&appid=${server.demo.appid}&secret=${server.demo.secret}'`,
        )
        const inst = server.demo.institution
        out()
        out('  Demo 机构 of the 推客带货 API /channels/ec/* (secret shown once):')
        out(`    appid:   ${inst.appid}`)
        out(`    secret:  ${inst.secret}`)
        out(`    sharers: ${inst.sharers.join(', ')}`)
        out(
          `    try:     curl '${server.url}/cgi-bin/token?grant_type=client_credential&appid=${inst.appid}&secret=${inst.secret}'`,
        )
      } else if (server.demoAppid) {
        out(
          `  Demo promoter appid: ${server.demoAppid} (tuike admin promoter rotate-secret for a new secret)`,
        )
        if (server.demoInstitutionAppid)
          out(`  Demo 机构 appid:     ${server.demoInstitutionAppid}`)
      }
      const stop = async (signal: string) => {
        process.stderr.write(`tuike: ${signal}, draining requests…\n`)
        await server.close()
        process.exit(0)
      }
      process.once('SIGTERM', () => void stop('SIGTERM'))
      process.once('SIGINT', () => void stop('SIGINT'))
    })
}
