/**
 * The server's log: one line per event, credentials redacted before anything is written.
 * @module
 */
import { redactURL } from './security/redact.ts'

export type LogSink = (line: string) => void

export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void
  error(msg: string, fields?: Record<string, unknown>): void
}

export function createLogger(sink: LogSink = (line) => process.stderr.write(`${line}\n`)): Logger {
  const write = (level: string, msg: string, fields?: Record<string, unknown>) =>
    // Redacted value by value, before JSON escaping: a credential ends at `&`, `#` or a space
    // of the URL, never at a quote of the log line.
    sink(
      JSON.stringify({ t: new Date().toISOString(), level, msg, ...fields }, (_, v) =>
        typeof v === 'string' ? redactURL(v) : v,
      ),
    )
  return {
    info: (msg, fields) => write('info', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
  }
}

export const silentLogger: Logger = { info() {}, error() {} }
