/**
 * The console's only way to data: the platform's own HTTP APIs, called in process through
 * `app.request()` with the credential from the server-side session (a promoter's access_token
 * on the union API, the admin key on /admin/v1). Nothing here touches the database.
 * @module
 */

/** What the console needs of the server app: Hono's in-process request. */
export interface RequestTarget {
  request(input: string, init?: RequestInit): Response | Promise<Response>
}

/** A non-zero errcode (union API) or a non-2xx answer (admin API). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`${errcode}: ${errmsg}`)
    this.name = 'ApiError'
  }
}

/** The token is no longer good (invalid, superseded, expired, account disabled): sign out. */
export const TOKEN_ERRCODES = new Set([40001, 40014, 41001, 42001, 48001])

type Query = Record<string, string | number | undefined>

function queryString(query: Query): string {
  const parts: string[] = []
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === '') continue
    parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
  }
  return parts.join('&')
}

async function readJson(res: Response): Promise<any> {
  const text = await res.text()
  try {
    return text ? JSON.parse(text) : {}
  } catch {
    throw new ApiError(res.status, -1, `unexpected answer (HTTP ${res.status})`)
  }
}

/** Strip the ` rid: …` suffix of an errmsg for display (the rid stays in the log). */
export function plainErrmsg(errmsg: string): string {
  return errmsg.replace(/\s*rid: \S+$/, '')
}

/** Union API calls with a promoter's access_token. */
export class UnionApi {
  constructor(
    readonly app: RequestTarget,
    readonly origin: string,
    readonly token: string,
  ) {}

  async get<T = any>(path: string, query: Query = {}): Promise<T> {
    const qs = queryString({ ...query, access_token: this.token })
    return this.#check(await this.app.request(`${this.origin}${path}?${qs}`))
  }

  async post<T = any>(path: string, body: unknown): Promise<T> {
    const qs = queryString({ access_token: this.token })
    return this.#check(
      await this.app.request(`${this.origin}${path}?${qs}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    )
  }

  async #check(res: Response): Promise<any> {
    const body = await readJson(res)
    const errcode = typeof body.errcode === 'number' ? body.errcode : 0
    if (errcode !== 0 || res.status >= 400) {
      throw new ApiError(res.status, errcode || -1, String(body.errmsg ?? `HTTP ${res.status}`))
    }
    return body
  }
}

/** Operator API calls with the admin key. */
export class AdminApi {
  constructor(
    readonly app: RequestTarget,
    readonly origin: string,
    readonly key: string,
  ) {}

  async call<T = any>(method: string, path: string, body?: unknown, raw?: string): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.key}` }
    let payload: string | undefined
    if (raw !== undefined) {
      headers['content-type'] = 'application/x-ndjson'
      payload = raw
    } else if (body !== undefined) {
      headers['content-type'] = 'application/json'
      payload = JSON.stringify(body)
    }
    const res = await this.app.request(`${this.origin}/admin/v1${path}`, {
      method,
      headers,
      body: payload,
    })
    const json = await readJson(res)
    if (res.status >= 400) {
      throw new ApiError(res.status, Number(json.errcode ?? -1), String(json.errmsg ?? res.status))
    }
    return json
  }
}

/** Percent-encode each interpolated path segment and refuse `..` (style guide rule 2). */
export function path(strings: TemplateStringsArray, ...values: string[]): string {
  return strings.reduce((out, s, i) => {
    if (i === 0) return s
    const v = values[i - 1]!
    if (v === '.' || v === '..') throw new Error(`invalid path segment ${v}`)
    return out + encodeURIComponent(v) + s
  }, '')
}
