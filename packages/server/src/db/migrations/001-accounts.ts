import { type Kysely, sql } from 'kysely'

/** Settings, promoter accounts, access tokens and promotion spots. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('promoters')
    .addColumn('appid', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('promotion_max_cnt', 'integer', (c) => c.notNull())
    .addColumn('pid_prefix', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('lock_seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('stable_force_day', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('stable_force_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('stable_force_last', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute()

  await db.schema
    .createTable('access_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('appid', 'text', (c) => c.notNull().references('promoters.appid'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('valid_until', 'bigint')
    .addColumn('stable_nonce', 'text')
    .execute()
  await db.schema
    .createIndex('access_tokens_latest')
    .on('access_tokens')
    .columns(['appid', 'kind', 'issued_at'])
    .execute()

  await db.schema
    .createTable('promotion_spots')
    .addColumn('pid', 'text', (c) => c.primaryKey())
    .addColumn('appid', 'text', (c) => c.notNull().references('promoters.appid'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .execute()
  // Names are unique among an account's live spots; deleted spots keep theirs for attribution.
  await db.schema
    .createIndex('promotion_spots_live_name')
    .on('promotion_spots')
    .columns(['appid', 'name'])
    .unique()
    .where(sql.ref('deleted_at'), 'is', null)
    .execute()
  await db.schema
    .createIndex('promotion_spots_order')
    .on('promotion_spots')
    .columns(['appid', 'seq'])
    .execute()
}
