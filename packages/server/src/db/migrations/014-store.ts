import type { Kysely } from 'kysely'

/**
 * The successor API (微信小店 推客带货, store-promoter-api.md): 机构 accounts are a second kind of
 * account in `promoters` (same appid/secret, tokens and quotas), with their original id and
 * bound mini program in `institutions`. `sharers` are the people who register as 推客 (one per
 * mini-program openid); `sharer_bindings` ties one to a 机构 through a promotion spot of the
 * 机构 (its pid), so materials, purchases and order lines attribute as on the union.
 * `store_order_lines` is the successor view of an order line: the sharer and its ratio frozen at
 * creation, and the commission order's update time and callback version. 机构 callbacks are
 * webhooks of a WeChat format (`format`, `aes_key`), delivered by the same outbox.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('promoters')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('promoter'))
    .execute()

  await db.schema
    .createTable('institutions')
    .addColumn('appid', 'text', (c) => c.primaryKey())
    /** The original id, `gh_…` (the callbacks' ToUserName). */
    .addColumn('username', 'text', (c) => c.notNull())
    /** The mini program bound to the 机构, whose openids identify sharers. */
    .addColumn('miniprogram_appid', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('sharers')
    .addColumn('sharer_appid', 'text', (c) => c.primaryKey())
    /** The openid under `miniprogram_appid`. */
    .addColumn('openid', 'text', (c) => c.notNull().unique())
    .addColumn('miniprogram_appid', 'text', (c) => c.notNull())
    /** The openid and unionid under the 机构 (what callbacks carry). */
    .addColumn('org_openid', 'text', (c) => c.notNull())
    .addColumn('unionid', 'text', (c) => c.notNull())
    .addColumn('nickname', 'text', (c) => c.notNull())
    .addColumn('head_img_url', 'text', (c) => c.notNull())
    /** 0 not registered, 1 started, 2 registered, 3 needs real-name payment. */
    .addColumn('register_status', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('simple_register', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('sharer_bindings')
    .addColumn('appid', 'text', (c) => c.notNull())
    .addColumn('sharer_appid', 'text', (c) => c.notNull())
    /** The 机构's promotion spot that stands for this sharer; kept across unbind and rebind. */
    .addColumn('pid', 'text', (c) => c.notNull().unique())
    .addColumn('bound', 'integer', (c) => c.notNull())
    .addColumn('bind_time', 'bigint', (c) => c.notNull())
    .addColumn('commission_type', 'integer', (c) => c.notNull())
    /** 1/1,000,000 of the 机构 service fee. */
    .addColumn('commission_ratio', 'integer', (c) => c.notNull())
    /** Orders this binding's promoter_bind_result callbacks. */
    .addColumn('event_seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('sharer_bindings_pk', ['appid', 'sharer_appid'])
    .execute()
  await db.schema
    .createIndex('sharer_bindings_list')
    .on('sharer_bindings')
    .columns(['appid', 'bound', 'bind_time', 'sharer_appid'])
    .execute()

  await db.schema
    .createTable('sharer_product_ratios')
    .addColumn('appid', 'text', (c) => c.notNull())
    .addColumn('sharer_appid', 'text', (c) => c.notNull())
    .addColumn('product_id', 'text', (c) => c.notNull())
    .addColumn('commission_ratio', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('sharer_product_ratios_pk', ['appid', 'sharer_appid', 'product_id'])
    .execute()

  await db.schema
    .createTable('store_order_lines')
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('sku_id', 'text', (c) => c.notNull())
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('appid', 'text', (c) => c.notNull())
    .addColumn('sharer_appid', 'text', (c) => c.notNull())
    /** The sharer's ratio (1/1,000,000 of the service fee) when the order was created. */
    .addColumn('sharer_share', 'integer', (c) => c.notNull())
    .addColumn('commission_type', 'integer', (c) => c.notNull())
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .addColumn('update_time', 'bigint', (c) => c.notNull())
    /** The callback version: max(change time, previous + 1). */
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('store_order_lines_pk', ['order_id', 'sku_id'])
    .execute()
  for (const col of ['create_time', 'update_time']) {
    await db.schema
      .createIndex(`store_order_lines_${col}`)
      .on('store_order_lines')
      .columns(['appid', col, 'order_id', 'sku_id'])
      .execute()
  }

  await db.schema
    .alterTable('webhooks')
    .addColumn('format', 'text', (c) => c.notNull().defaultTo('tuike'))
    .execute()
  await db.schema.alterTable('webhooks').addColumn('aes_key', 'text').execute()

  await db.schema
    .alterTable('materials')
    .addColumn('store', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
}
