import type { Kysely } from 'kysely'

/** Promotion materials (one short code per pid, product, customizeInfo and coupon) and clicks. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('materials')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('appid', 'text', (c) => c.notNull().references('promoters.appid'))
    .addColumn('pid', 'text', (c) => c.notNull().references('promotion_spots.pid'))
    .addColumn('product_id', 'text', (c) => c.notNull())
    .addColumn('shop_appid', 'text', (c) => c.notNull())
    .addColumn('customize_info', 'text', (c) => c.notNull())
    .addColumn('coupon', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('material_clicks')
    .addColumn('code', 'text', (c) => c.notNull().references('materials.code'))
    .addColumn('pid', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('material_clicks_pid')
    .on('material_clicks')
    .columns(['pid', 'at'])
    .execute()
  await db.schema.createIndex('material_clicks_code').on('material_clicks').column('code').execute()
}
