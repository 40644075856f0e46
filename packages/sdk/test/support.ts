/**
 * Test helpers: a recording fetch that answers like WeChat, and a client wired to it.
 * @module
 */
import { type ClientOptions, TuikeClient } from '../src/index.ts'

export const APPID = 'wx0123456789abcdef'
export const SECRET = 'S3cr3t-appsecret-0123456789abcdef'
export const TOKEN = 'TOKEN-0123456789-abcdefghijklmnop'

export interface Recorded {
  method: string
  url: URL
  /** The raw query string after `?`. */
  rawQuery: string
  headers: Headers
  body: string | undefined
}

export type Responder = (req: Recorded, n: number) => unknown | Response | Promise<unknown>

/** A fetch that records every request and answers with `respond` (JSON unless a Response). */
export function recordingFetch(respond: Responder = defaultResponder) {
  const calls: Recorded[] = []
  const fetch = async (input: string, init: RequestInit = {}) => {
    const url = new URL(input)
    const rec: Recorded = {
      method: init.method ?? 'GET',
      url,
      rawQuery: input.includes('?') ? input.slice(input.indexOf('?') + 1) : '',
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? init.body : undefined,
    }
    calls.push(rec)
    const out = await respond(rec, calls.length)
    if (out instanceof Response) return out
    return new Response(JSON.stringify(out), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    })
  }
  return { fetch, calls }
}

/** Token endpoints issue TOKEN; list endpoints answer an empty page; others `{errcode:0}`. */
export function defaultResponder(req: Recorded): unknown {
  if (req.url.pathname.startsWith('/cgi-bin/')) return { access_token: TOKEN, expires_in: 7200 }
  return {
    errcode: 0,
    errmsg: 'ok',
    promotionSourceList: [],
    productList: [],
    orderList: [],
    tagList: [],
    total: 0,
    totalNum: 0,
  }
}

export function recordingClient(respond?: Responder, options: ClientOptions = {}) {
  const { fetch, calls } = recordingFetch(respond)
  const client = new TuikeClient({
    appId: APPID,
    appSecret: SECRET,
    baseURL: 'https://api.test',
    fetch,
    sleep: async () => {},
    ...options,
  })
  return { client, calls, api: () => calls.filter((c) => !c.url.pathname.startsWith('/cgi-bin/')) }
}
