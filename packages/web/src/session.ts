/**
 * Console sessions kept in the database (table `console_sessions`, migrations.ts): the browser
 * holds only a random session id in an httpOnly, SameSite=Strict cookie; the table keeps its
 * SHA-256, the session's CSRF token, and the credential the console calls the API with (an
 * access_token or the admin key) sealed with AES-256-GCM under a key derived from the session id,
 * so the table alone (a backup, a leaked dump) yields neither a session nor a credential.
 * @module
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto'
import { DEFAULT_TIME_ZONE, isTimeZone } from '@tuike/sdk'
import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { Kysely } from 'kysely'

/** The console's own table (migrations.ts). */
export type ConsoleSessionsDb = {
  console_sessions: {
    id_hash: string
    kind: 'promoter' | 'operator' | 'institution'
    subject: string
    credential: string
    csrf: string
    created_at: number
    expires_at: number
  }
}

export type SessionKind = 'promoter' | 'operator' | 'institution'

export interface Session {
  kind: SessionKind
  /** The promoter's or 机构's appid, or `operator`. */
  subject: string
  /** access_token or admin key: used server-side only. */
  credential: string
  csrf: string
  expiresAt: number
}

export interface SessionOptions {
  /** Milliseconds since the epoch; real time by default (the server's test clock never ends a session). */
  now?: () => number
  /** Idle seconds before a session ends (default 2 h); each request extends it. */
  idleSeconds?: number
  /** Seconds after sign-in when a session ends regardless (default 12 h). */
  maxSeconds?: number
}

/** Cookie name per kind: a browser may be signed in as a promoter and as the operator at once. */
export const COOKIE: Record<SessionKind, string> = {
  promoter: 'tuike_session',
  operator: 'tuike_ops_session',
  institution: 'tuike_inst_session',
}
/** Double-submit cookie that protects the two sign-in forms (no session exists yet). */
export const LOGIN_CSRF_COOKIE = 'tuike_login_csrf'

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')
export const randomId = () => randomBytes(32).toString('base64url')

const sealKey = (id: string) => createHash('sha256').update(`tuike-console-seal:${id}`).digest()

/** Encrypt `text` for the holder of session `id`: `iv.ciphertext.tag`, base64url. */
function seal(id: string, text: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', sealKey(id), iv)
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()])
  return [iv, body, cipher.getAuthTag()].map((b) => b.toString('base64url')).join('.')
}

/** Decrypt what seal() made for session `id`; undefined when it does not open. */
function unseal(id: string, sealed: string): string | undefined {
  const [iv, body, tag] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'))
  if (!iv || !body || !tag) return undefined
  try {
    const decipher = createDecipheriv('aes-256-gcm', sealKey(id), iv)
    decipher.setAuthTag(tag)
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8')
  } catch {
    return undefined
  }
}

/** Constant-time string comparison. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y)
}

export class SessionStore {
  readonly #db: Kysely<ConsoleSessionsDb>
  readonly #now: () => number
  readonly #idle: number
  readonly #max: number
  #lastSweep = 0

  constructor(db: Kysely<ConsoleSessionsDb>, options: SessionOptions = {}) {
    this.#db = db
    this.#now = options.now ?? Date.now
    this.#idle = options.idleSeconds ?? 2 * 3600
    this.#max = options.maxSeconds ?? 12 * 3600
  }

  #seconds(): number {
    return Math.floor(this.#now() / 1000)
  }

  /** Start a session; `notAfter` (Unix seconds) caps it, e.g. at the access_token's expiry. */
  async create(
    kind: SessionKind,
    subject: string,
    credential: string,
    notAfter?: number,
  ): Promise<{ id: string; session: Session }> {
    const now = this.#seconds()
    const id = randomId()
    const csrf = randomId()
    const expiresAt = Math.min(now + this.#idle, now + this.#max, notAfter ?? Infinity)
    await this.#db
      .insertInto('console_sessions')
      .values({
        id_hash: sha256(id),
        kind,
        subject,
        credential: seal(id, credential),
        csrf,
        created_at: now,
        expires_at: expiresAt,
      })
      .execute()
    await this.#sweep(now)
    return { id, session: { kind, subject, credential, csrf, expiresAt } }
  }

  /** The live session of `id` and `kind`, extended by the idle time; undefined when none. */
  async get(id: string | undefined, kind: SessionKind): Promise<Session | undefined> {
    if (!id) return undefined
    const now = this.#seconds()
    const row = await this.#db
      .selectFrom('console_sessions')
      .selectAll()
      .where('id_hash', '=', sha256(id))
      .executeTakeFirst()
    if (!row || row.kind !== kind) return undefined
    const credential = unseal(id, row.credential)
    if (credential === undefined) return undefined
    const expiresAt = Number(row.expires_at)
    if (expiresAt <= now) {
      await this.destroy(id)
      return undefined
    }
    // Sliding idle expiry within the absolute maximum. A promoter session outliving its token
    // ends at the next API call (42001), which signs the browser out.
    const next = Math.min(now + this.#idle, Number(row.created_at) + this.#max)
    if (next - expiresAt > 60) {
      await this.#db
        .updateTable('console_sessions')
        .set({ expires_at: next })
        .where('id_hash', '=', row.id_hash)
        .execute()
    }
    return {
      kind: row.kind,
      subject: row.subject,
      credential,
      csrf: row.csrf,
      expiresAt: Math.max(next, expiresAt),
    }
  }

  async destroy(id: string): Promise<void> {
    await this.#db.deleteFrom('console_sessions').where('id_hash', '=', sha256(id)).execute()
  }

  /** Remove expired sessions, at most once a minute. */
  async #sweep(now: number): Promise<void> {
    if (now - this.#lastSweep < 60) return
    this.#lastSweep = now
    await this.#db.deleteFrom('console_sessions').where('expires_at', '<=', now).execute()
  }
}

/** Whether the request reached us over HTTPS (directly or through a proxy that says so). */
export function isHttps(c: Context): boolean {
  return (
    new URL(c.req.url).protocol === 'https:' ||
    c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https'
  )
}

export function setSessionCookie(c: Context, kind: SessionKind, id: string): void {
  setCookie(c, COOKIE[kind], id, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: isHttps(c),
    path: '/',
  })
}

export function clearSessionCookie(c: Context, kind: SessionKind): void {
  deleteCookie(c, COOKIE[kind], { path: '/', secure: isHttps(c) })
}

export function sessionId(c: Context, kind: SessionKind): string | undefined {
  return getCookie(c, COOKIE[kind])
}

/** The visitor's time zone setting (设置): a cookie, so both consoles of a browser share it. */
const TZ_COOKIE = 'tuike_tz'

/** The zone the visitor chose, Beijing time when none (or an unknown one). */
export function timeZoneOf(c: Context): string {
  const tz = getCookie(c, TZ_COOKIE)
  return tz && isTimeZone(tz) ? tz : DEFAULT_TIME_ZONE
}

/** Remember the zone for a year. */
export function setTimeZone(c: Context, tz: string): void {
  setCookie(c, TZ_COOKIE, tz, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: isHttps(c),
    path: '/',
    maxAge: 365 * 86400,
  })
}

/** The sign-in forms' CSRF token: reuse the cookie's or set a fresh one. */
export function loginCsrf(c: Context): string {
  const existing = getCookie(c, LOGIN_CSRF_COOKIE)
  if (existing && /^[\w-]{20,}$/.test(existing)) return existing
  const token = randomId()
  setCookie(c, LOGIN_CSRF_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: isHttps(c),
    path: '/',
  })
  return token
}

export function checkLoginCsrf(c: Context, submitted: unknown): boolean {
  const cookie = getCookie(c, LOGIN_CSRF_COOKIE)
  return typeof submitted === 'string' && !!cookie && sameSecret(cookie, submitted)
}
