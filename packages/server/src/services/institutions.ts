/**
 * 机构 (institution) accounts of the successor API: an account of kind `institution` in
 * `promoters` (so appid/secret, /cgi-bin/token, quotas, disable and rotate-secret work as for
 * 推客), its original id `gh_…` and bound mini program, and its callback settings (a webhook row
 * of a WeChat format, delivered by services/webhooks.ts).
 * @module
 */
import {
  type ADMIN_ENDPOINTS,
  type AdminInput,
  type InstitutionView,
  STORE_EVENTS,
} from '@tuike/contract'
import type { Kysely } from 'kysely'
import { type Clock, nowSeconds } from '../clock.ts'
import type { Database, Db } from '../db/schema.ts'
import { randomHex } from '../security/hash.ts'
import { WechatError } from './errors.ts'
import type { Promoters } from './promoters.ts'
import { verifyCallbackUrl } from './store-callbacks.ts'
import { validateWebhookUrl, type Webhooks } from './webhooks.ts'

export type { InstitutionView }

/** What PATCH /admin/v1/institutions/{appid} may change (callbackUrl null removes it). */
export type CallbackSettings = AdminInput<(typeof ADMIN_ENDPOINTS)['institutions/update']>['body']

/** The 机构 row of `appid`, or the errcode a caller of another kind gets. */
export async function institutionOf(db: Db, appid: string) {
  const row = await db
    .selectFrom('institutions')
    .selectAll()
    .where('appid', '=', appid)
    .executeTakeFirst()
  if (!row) throw new WechatError(40013, `invalid appid: no 机构 ${appid}`, 'not_found')
  return row
}

export class Institutions {
  readonly #db: Kysely<Database>
  readonly #clock: Clock
  readonly #promoters: Promoters
  readonly #webhooks: Webhooks
  constructor(db: Kysely<Database>, clock: Clock, promoters: Promoters, webhooks: Webhooks) {
    this.#db = db
    this.#clock = clock
    this.#promoters = promoters
    this.#webhooks = webhooks
  }

  async create(name: string): Promise<{
    appid: string
    secret: string
    name: string
    username: string
    miniprogramAppid: string
  }> {
    const username = `gh_${randomHex(6)}`
    const miniprogramAppid = `wx${randomHex(8)}`
    const created = await this.#db.transaction().execute(async (trx) => {
      const account = await this.#promoters.create(name, 'institution', trx)
      await trx
        .insertInto('institutions')
        .values({
          appid: account.appid,
          username,
          miniprogram_appid: miniprogramAppid,
          created_at: nowSeconds(this.#clock),
        })
        .execute()
      return account
    })
    return { ...created, username, miniprogramAppid }
  }

  async list(): Promise<InstitutionView[]> {
    const rows = await this.#db
      .selectFrom('institutions')
      .select('appid')
      .orderBy('created_at')
      .orderBy('appid')
      .execute()
    return Promise.all(rows.map((r) => this.get(r.appid)))
  }

  async get(appid: string): Promise<InstitutionView> {
    const inst = await institutionOf(this.#db, appid)
    const [account, hook] = await Promise.all([
      this.#db
        .selectFrom('promoters')
        .select(['name', 'status'])
        .where('appid', '=', appid)
        .executeTakeFirstOrThrow(),
      this.#hook(appid),
    ])
    return {
      appid,
      name: account.name,
      status: account.status,
      username: inst.username,
      miniprogramAppid: inst.miniprogram_appid,
      createdAt: Number(inst.created_at),
      callback:
        hook && hook.format !== 'tuike'
          ? { url: hook.url, mode: hook.format, webhookId: hook.webhook_id }
          : null,
    }
  }

  /** The latest 100 callback deliveries of the 机构, newest first (none without a callback URL). */
  async deliveries(appid: string) {
    const hook = await this.#hook(appid)
    if (!hook) {
      await institutionOf(this.#db, appid)
      return { deliveryList: [] }
    }
    return { deliveryList: await this.#webhooks.callbackLog(appid, hook.webhook_id, 100) }
  }

  /** The 机构's callback webhook row, if it has one. */
  async #hook(appid: string) {
    return this.#db
      .selectFrom('webhooks')
      .selectAll()
      .where('appid', '=', appid)
      .where('format', '!=', 'tuike')
      .executeTakeFirst()
  }

  /**
   * Change the callback settings (a partial update). The result must have a URL, a Token of
   * 3–32 letters and digits, and for the compatible and secure modes an EncodingAESKey; the mode
   * defaults to secure when a key is set, else plaintext. A new URL or Token is checked with
   * WeChat's GET echostr handshake unless verifyUrl is false.
   */
  async setCallback(appid: string, s: CallbackSettings): Promise<InstitutionView> {
    await institutionOf(this.#db, appid)
    const hook = await this.#hook(appid)
    if (s.callbackUrl === null) {
      // As deleting a webhook: its pending pushes are given up.
      if (hook) await this.#webhooks.del(appid, hook.webhook_id)
      return this.get(appid)
    }
    const url = s.callbackUrl ?? hook?.url
    const token = s.callbackToken ?? hook?.secret
    const aesKey = s.encodingAesKey ?? hook?.aes_key ?? null
    const mode =
      s.callbackMode ??
      (hook && hook.format !== 'tuike' ? hook.format : aesKey ? 'secure' : 'plaintext')
    const bad = (why: string) => new WechatError(200002, why, 'invalid')
    if (!url) throw bad('callbackUrl: give the URL that receives the callbacks')
    if (!token) throw bad('callbackToken: give the Token (3–32 letters and digits)')
    if (mode !== 'plaintext' && !aesKey)
      throw bad(`encodingAesKey: the ${mode} mode needs the 43-character EncodingAESKey`)
    const checked = await validateWebhookUrl(url, this.#webhooks.options).catch((err: unknown) => {
      throw err instanceof WechatError ? bad(`callbackUrl: ${err.message}`) : err
    })
    if (s.verifyUrl !== false && (checked !== hook?.url || token !== hook?.secret)) {
      await verifyCallbackUrl(checked, token, this.#webhooks.options, nowSeconds(this.#clock))
    }
    const values = { url: checked, secret: token, format: mode, aes_key: aesKey }
    if (hook) {
      await this.#db
        .updateTable('webhooks')
        .set(values)
        .where('webhook_id', '=', hook.webhook_id)
        .execute()
    } else {
      await this.#db
        .insertInto('webhooks')
        .values({
          webhook_id: `cb_${randomHex(8)}`,
          appid,
          events: JSON.stringify(STORE_EVENTS),
          created_at: nowSeconds(this.#clock),
          ...values,
        })
        .execute()
    }
    return this.get(appid)
  }
}
