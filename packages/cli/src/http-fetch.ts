/**
 * The `fetch` the CLI hands its SDK client: one request over node:http(s). Node's own fetch
 * loads undici (and compiles its HTTP parser) on the first call, about 0.2 s of CPU, more than
 * the rest of a one-shot command; node:http is in the binary's snapshot. It answers what the
 * SDK reads of a response (status, headers, the body as text), follows redirects as fetch does,
 * and takes the caller's AbortSignal.
 * @module
 */
import type { IncomingHttpHeaders, IncomingMessage, RequestOptions } from 'node:http'
import { createRequire } from 'node:module'

type Request = (
  url: string,
  options: RequestOptions,
  done: (res: IncomingMessage) => void,
) => {
  on(event: 'error', listener: (err: Error) => void): void
  end(body?: string): void
}

const load = createRequire(import.meta.url)
const MAX_REDIRECTS = 20

/** The response headers through the part of the Headers interface the SDK and its errors use. */
class AnswerHeaders {
  readonly #h: IncomingHttpHeaders
  constructor(headers: IncomingHttpHeaders) {
    this.#h = headers
  }
  get(name: string): string | null {
    const v = this.#h[name.toLowerCase()]
    return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v
  }
  has(name: string): boolean {
    return this.#h[name.toLowerCase()] !== undefined
  }
  forEach(each: (value: string, name: string) => void): void {
    for (const name of Object.keys(this.#h).sort()) each(this.get(name)!, name)
  }
}

/** Credentials a redirect to another origin must not carry (fetch drops them the same way). */
const CREDENTIALS = new Set(['authorization', 'cookie', 'proxy-authorization'])

function redirectHeaders(headers: HeadersInit | undefined, sameOrigin: boolean) {
  const h = headers as Record<string, string> | undefined
  if (sameOrigin || !h) return h
  return Object.fromEntries(Object.entries(h).filter(([k]) => !CREDENTIALS.has(k.toLowerCase())))
}

/** A `fetch` for the SDK's `fetch` option (a string URL and the init the SDK builds). */
export function httpFetch(url: string, init: RequestInit = {}, redirects = 0): Promise<Response> {
  const { request } = load(url.startsWith('https:') ? 'node:https' : 'node:http') as {
    request: Request
  }
  const method = init.method ?? 'GET'
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        headers: init.headers as Record<string, string> | undefined,
        signal: init.signal ?? undefined,
      },
      (res) => {
        const status = res.statusCode ?? 0
        const location = res.headers.location
        if (location && [301, 302, 303, 307, 308].includes(status)) {
          res.resume()
          if (redirects >= MAX_REDIRECTS) return reject(new TypeError('redirect count exceeded'))
          // As fetch: 303, and 301/302 after a POST, go on as a GET without the body.
          const asGet = status === 303 || ((status === 301 || status === 302) && method === 'POST')
          const to = new URL(location, url)
          const next = {
            ...init,
            ...(asGet && { method: 'GET', body: undefined }),
            headers: redirectHeaders(init.headers, new URL(url).origin === to.origin),
          }
          return resolve(httpFetch(to.href, next, redirects + 1))
        }
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('error', reject)
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          const answer = {
            status,
            statusText: res.statusMessage ?? '',
            ok: status >= 200 && status < 300,
            url,
            redirected: redirects > 0,
            headers: new AnswerHeaders(res.headers),
            text: async () => text,
            json: async () => JSON.parse(text) as unknown,
          }
          // What the SDK reads of a Response; nothing here builds undici's.
          resolve(answer as unknown as Response)
        })
      },
    )
    req.on('error', reject)
    req.end(typeof init.body === 'string' ? init.body : undefined)
  })
}
