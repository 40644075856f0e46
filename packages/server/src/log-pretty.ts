/**
 * One log line as a person reads it on a terminal: `14:03:07.123 INFO  GET /path 200 1.2 ms
 * rid=…` for a request, `time LEVEL message key=value …` for anything else. Built in because a
 * dev-only formatter (pino-pretty) is not worth its dependencies.
 * @module
 */

const LEVEL_COLOR: Record<string, string> = {
  trace: '90',
  debug: '90',
  info: '32',
  warn: '33',
  error: '31',
  fatal: '31',
}

/** Fields a readable line leaves out or puts in fixed places. */
const SKIP = new Set(['level', 'time', 'pid', 'msg', 'method', 'url', 'status', 'ms'])

function value(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v)
  return /[\s"=]/.test(s) ? JSON.stringify(s) : s
}

/** Format one pino JSON line; anything that is not JSON passes through unchanged. */
export function prettyLine(json: string, color: boolean): string {
  let o: Record<string, unknown>
  try {
    o = JSON.parse(json) as Record<string, unknown>
  } catch {
    return json
  }
  const paint = (code: string | undefined, s: string) =>
    color && code ? `\x1b[${code}m${s}\x1b[0m` : s
  const time = typeof o.time === 'string' ? o.time.slice(11, 23) : ''
  const level = String(o.level ?? 'info')
  const head = `${paint('90', time)} ${paint(LEVEL_COLOR[level], level.toUpperCase().padEnd(5))}`
  const text =
    o.msg === 'request' && o.method
      ? `${o.method} ${o.url} ${o.status} ${o.ms} ms`
      : `${o.msg ?? ''}`
  const rest = Object.entries(o)
    .filter(([k]) => !SKIP.has(k) && !(o.msg === 'request' && k === 'endpoint'))
    .map(([k, v]) => paint('90', `${k}=${value(v)}`))
  return `${[head, text, ...rest].join(' ')}\n`
}
