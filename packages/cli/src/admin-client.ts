/**
 * A small client for the operator API (/admin/v1) of a running Tuike server.
 * @module
 */
import { CliError } from './errors.ts'

export interface AdminTarget {
  url: string
  adminKey: string
}

export async function adminRequest<T>(
  target: AdminTarget,
  method: string,
  path: string,
  body?: unknown,
  /** A raw body (NDJSON) instead of a JSON one. */
  rawBody?: string,
): Promise<T> {
  let res: Response
  try {
    res = await fetch(new URL(path, target.url), {
      method,
      headers: {
        authorization: `Bearer ${target.adminKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(rawBody === undefined ? {} : { 'content-type': 'application/x-ndjson' }),
      },
      body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
    })
  } catch (err) {
    throw new CliError(`cannot reach ${target.url}: ${(err as Error).message}`)
  }
  const data = (await res.json().catch(() => ({}))) as { errcode?: number; errmsg?: string }
  if (!res.ok) {
    throw new CliError(
      `${res.status} errcode ${data.errcode ?? '?'}: ${data.errmsg ?? res.statusText}`,
    )
  }
  return data as T
}

/** Resolve `/segment/${value}` with each value percent-encoded; `..`, `?` and `#` cannot escape. */
export function path(strings: TemplateStringsArray, ...values: string[]): string {
  return strings.reduce(
    (out, s, i) => out + s + (i < values.length ? encodeURIComponent(values[i]!) : ''),
    '',
  )
}
