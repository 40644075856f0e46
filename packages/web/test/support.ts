/**
 * What the console's route tests share: a browser stand-in over app.request.
 * @module
 */
import type { Hono } from 'hono'

/** A tiny cookie jar over app.request. */
export function browser(app: Hono) {
  const jar = new Map<string, string>()
  const request = async (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers)
    if (jar.size) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '))
    const res = await app.request(`http://localhost${path}`, {
      ...init,
      headers,
      redirect: 'manual',
    })
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const [k, v] = pair!.split('=')
      if (/Max-Age=0/i.test(line) || v === '') jar.delete(k!)
      else jar.set(k!, v!)
    }
    return res
  }
  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? ''
  const post = (path: string, form: Record<string, string>) =>
    request(path, { method: 'POST', body: new URLSearchParams(form) })
  return { jar, request, post, csrfOf }
}
