/**
 * Server-wide settings kept in the database: the admin key's hash and the server key that signs
 * tickets and derives stable tokens.
 * @module
 */
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import { randomHex, randomToken, sha256 } from '../security/hash.ts'
import { StartupError } from '../startup-error.ts'

/** Shortest admin key accepted: a guessable key opens the whole operator API. */
export const ADMIN_KEY_MIN = 32

function newAdminKey(): string {
  return `tka_${randomToken(32)}`
}

export class Settings {
  constructor(private readonly db: Kysely<Database>) {}

  async get(key: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', key)
      .executeTakeFirst()
    return row?.value
  }

  async set(key: string, value: string): Promise<void> {
    await this.db
      .insertInto('settings')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute()
  }

  /** Insert unless present; returns the value that won (safe when instances start together). */
  async setIfAbsent(key: string, value: string): Promise<string> {
    await this.db
      .insertInto('settings')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute()
    return (await this.get(key)) as string
  }

  /**
   * Make sure an admin key exists. A given key replaces the stored hash; with none given and none
   * stored, a key is generated and returned once (the caller prints it). A given key shorter
   * than ADMIN_KEY_MIN characters is refused.
   */
  async ensureAdminKey(given?: string): Promise<{ created?: string }> {
    if (given && given.length < ADMIN_KEY_MIN) {
      throw new StartupError(
        `--admin-key (TUIKE_ADMIN_KEY): too short (${given.length} characters); use at least ${ADMIN_KEY_MIN}, or leave it unset and one is generated`,
        'admin-key',
      )
    }
    if (given) {
      await this.set('admin_key_sha256', sha256(given))
      return {}
    }
    if (await this.get('admin_key_sha256')) return {}
    const key = newAdminKey()
    const won = await this.setIfAbsent('admin_key_sha256', sha256(key))
    return won === sha256(key) ? { created: key } : {}
  }

  /**
   * Replace the admin key with a new random one and return it (the caller prints it once). The
   * old key stops working at once on every instance: each request reads the stored hash.
   */
  async rotateAdminKey(): Promise<string> {
    const key = newAdminKey()
    await this.set('admin_key_sha256', sha256(key))
    return key
  }

  /** The server key (hex), from the environment when given, else generated once and stored. */
  async serverKey(given?: string): Promise<string> {
    if (given) return given
    return this.setIfAbsent('server_key', randomHex(32))
  }
}
