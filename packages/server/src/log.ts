/**
 * The server's log (pino): one JSON line per event, or a short readable line on a terminal.
 * Every line carries the current request id (request-context.ts), and every string in it (the
 * message and each field, nested ones too) passes `redactURL` before it is written, so no
 * credential reaches the log whatever field holds it. Lines go to stderr through an asynchronous
 * destination: a request never waits for the terminal, and a failing log never fails a request.
 * @module
 */
import pino from 'pino'
import { prettyLine } from './log-pretty.ts'
import { currentRid } from './request-context.ts'
import { redactURL } from './security/redact.ts'

export type LogSink = (line: string) => void

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void
  info(msg: string, fields?: Record<string, unknown>): void
  warn(msg: string, fields?: Record<string, unknown>): void
  error(msg: string, fields?: Record<string, unknown>): void
  /**
   * The access line of a finished request: what `debug`/`info('request', fields)` writes, the
   * same JSON byte for byte, built without pino's generic per-line work (it is written for
   * every request). Optional: a logger without it gets `info('request', …)`.
   */
  request?(level: 'debug' | 'info', fields: RequestLine): void
  /** Write out what is still buffered (before the process exits). */
  flush(): void
}

/** The fields of an access line, in the order they are written. */
export interface RequestLine {
  method: string
  url: string
  status: number
  ms: number
  endpoint: string
  /** Only on an error (0 is left out). */
  errcode?: number
}

export interface LoggerOptions {
  /** Lowest level written (default info). */
  level?: LogLevel
  /** `json` lines, `pretty` lines for a person, or `auto`: pretty when stderr is a terminal. */
  format?: 'auto' | 'json' | 'pretty'
}

/**
 * A logger writing to `sink` (tests) or, by default, to stderr.
 *
 * @example
 * const log = createLogger(undefined, { level: 'debug' })
 * log.info('settlement sweep', { settled: 3 })
 */
export function createLogger(sink?: LogSink, options: LoggerOptions = {}): Logger {
  const pretty =
    options.format === 'pretty' || (options.format !== 'json' && !sink && process.stderr.isTTY)
  const destination = sink
    ? { write: (s: string) => sink(s.endsWith('\n') ? s.slice(0, -1) : s) }
    : // Writes of whole lines of at most PIPE_BUF bytes: the workers of `--workers N` share
      // stderr, and on a pipe such a write is never interleaved with another's.
      pino.destination({ dest: 2, sync: false, maxWrite: 4096 })
  // stderr closed (EPIPE) or full: the line is lost, the server goes on.
  if ('on' in destination) destination.on('error', () => {})
  const color = pretty && !process.env.NO_COLOR && !sink
  const stream = pretty
    ? { write: (s: string) => destination.write(prettyLine(s, color)) }
    : destination
  const p = pino(
    {
      level: options.level ?? 'info',
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }), log: redactFields },
      mixin: () => {
        const rid = currentRid()
        return rid ? { rid } : {}
      },
    },
    stream,
  )
  const flush = () => {
    if ('flushSync' in destination) {
      try {
        destination.flushSync()
      } catch {
        // Nothing buffered, or stderr is gone: nothing more can be written anyway.
      }
    }
  }
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (msg: string, fields?: Record<string, unknown>) => {
      try {
        p[level](fields ?? {}, redact(msg))
      } catch {
        // A log line that cannot be written must not fail the request that caused it.
      }
    }
  // pino's line for `request`: level, time (isoTime), base, mixin, fields, msg; strings
  // redacted (redactFields) and escaped as JSON.stringify does (pino's asString).
  const pid = `,"pid":${process.pid}`
  let lastMs = 0
  let lastTime = ''
  const request = (level: 'debug' | 'info', f: RequestLine) => {
    try {
      if (!p.isLevelEnabled(level)) return
      const now = Date.now()
      if (now !== lastMs) {
        lastMs = now
        lastTime = new Date(now).toISOString()
      }
      const rid = currentRid()
      stream.write(
        `{"level":"${level}","time":"${lastTime}"${pid}${rid ? `,"rid":${JSON.stringify(rid)}` : ''}` +
          `,"method":${JSON.stringify(redact(f.method))},"url":${JSON.stringify(redact(f.url))}` +
          `,"status":${f.status},"ms":${f.ms},"endpoint":${JSON.stringify(redact(f.endpoint))}` +
          `${f.errcode ? `,"errcode":${f.errcode}` : ''},"msg":"request"}\n`,
      )
    } catch {
      // As `at`: a line that cannot be written never fails the request.
    }
  }
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    request,
    flush,
  }
}

/** redactURL, skipping a string that has no parameter value (`=`) to redact. */
function redact(s: string): string {
  return s.includes('=') ? redactURL(s) : s
}

/** `fields` with `redactURL` applied to every string, at any depth. */
function redactFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(fields)) {
    out[k] =
      typeof v === 'string'
        ? redact(v)
        : v && typeof v === 'object' && !Array.isArray(v)
          ? redactFields(v as Record<string, unknown>)
          : Array.isArray(v)
            ? v.map((x) => (typeof x === 'string' ? redact(x) : x))
            : v
  }
  return out
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {}, flush() {} }
