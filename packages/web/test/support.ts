/**
 * What the console's route tests share: a platform with the console in front of it, and a
 * browser stand-in over app.request.
 * @module
 */
import { createTuike, openDatabase, silentLogger } from '@tuike/server'
import { Hono } from 'hono'
import { type ConsoleDeps, registerConsole } from '../src/index.ts'

/**
 * A platform on in-memory SQLite with `adminKey` set and the console mounted in front of it, as
 * `tuike serve` composes them. `app` is the console (falling through to the platform).
 */
export async function consoleOver(adminKey: string, deps: Omit<ConsoleDeps, 'db'> = {}) {
  const database = await openDatabase('sqlite::memory:')
  const tuike = await createTuike({ db: database.db, log: silentLogger })
  await tuike.services.settings.ensureAdminKey(adminKey)
  const app = new Hono()
  await registerConsole(app, { db: database.db, ...deps })
  app.all('*', (c) => tuike.app.fetch(c.req.raw))
  return { database, tuike, app }
}

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
