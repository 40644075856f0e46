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
    sink(redactURL(JSON.stringify({ t: new Date().toISOString(), level, msg, ...fields })))
  return {
    info: (msg, fields) => write('info', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
  }
}

export const silentLogger: Logger = { info() {}, error() {} }
