import type { Kysely } from 'kysely'

/**
 * Targeted plans (定向计划) with their products and promoters' applications; open_account
 * bindings, custom user parameters per unionid and the entity fixtures of bind; the
 * trade-component flag on products and the shop state open_product/generate reports.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('target_plans')
    .addColumn('plan_id', 'text', (c) => c.primaryKey())
    .addColumn('shop_appid', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('start_time', 'bigint', (c) => c.notNull())
    .addColumn('end_time', 'bigint', (c) => c.notNull())
    // The secret part of the invitation URL; plan_info finds the plan by it.
    .addColumn('invite_code', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('target_plan_products')
    .addColumn('plan_id', 'text', (c) => c.notNull().references('target_plans.plan_id'))
    .addColumn('product_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    /** The plan's commission ratio, 1/10000. */
    .addColumn('ratio', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('target_plan_products_pk', ['plan_id', 'product_id'])
    .execute()
  // Purchases look up the plans a product is in.
  await db.schema
    .createIndex('target_plan_products_product')
    .on('target_plan_products')
    .columns(['product_id', 'plan_id'])
    .execute()

  await db.schema
    .createTable('target_plan_applications')
    .addColumn('plan_id', 'text', (c) => c.notNull().references('target_plans.plan_id'))
    .addColumn('appid', 'text', (c) => c.notNull().references('promoters.appid'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('apply_reason', 'text', (c) => c.notNull())
    .addColumn('apply_time', 'bigint', (c) => c.notNull())
    .addColumn('join_time', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('reject_time', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('remove_time', 'bigint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('target_plan_applications_pk', ['plan_id', 'appid'])
    .execute()
  await db.schema
    .createIndex('target_plan_applications_appid')
    .on('target_plan_applications')
    .columns(['appid', 'state'])
    .execute()

  await db.schema
    .createTable('open_accounts')
    .addColumn('appid', 'text', (c) => c.primaryKey().references('promoters.appid'))
    .addColumn('open_account', 'text', (c) => c.notNull())
    .addColumn('bound_at', 'bigint', (c) => c.notNull())
    /** Calendar year (UTC) of rebind_count. */
    .addColumn('rebind_year', 'integer', (c) => c.notNull())
    .addColumn('rebind_count', 'integer', (c) => c.notNull())
    .execute()

  // Fixture-driven entity checks of open_account/bind: 'other-entity' (25504), 'missing' (25505).
  await db.schema
    .createTable('open_account_fixtures')
    .addColumn('open_account', 'text', (c) => c.primaryKey())
    .addColumn('state', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('customize_infos')
    .addColumn('appid', 'text', (c) => c.notNull().references('promoters.appid'))
    .addColumn('unionid', 'text', (c) => c.notNull())
    .addColumn('customize_info', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('customize_infos_pk', ['appid', 'unionid'])
    .execute()

  await db.schema
    .alterTable('products')
    .addColumn('trade_component', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema
    .createIndex('products_trade_component')
    .on('products')
    .columns(['trade_component', 'pk'])
    .execute()
  // open_product/generate's shopStatus per shop (0 normal, 1 balance too low); no row: 0.
  await db.schema
    .createTable('shop_states')
    .addColumn('shop_appid', 'text', (c) => c.primaryKey())
    .addColumn('shop_status', 'integer', (c) => c.notNull())
    .execute()
}
