import { type Kysely, sql } from 'kysely'

/**
 * The order ledger: orders (one commission state per order; every line moves with it) and their
 * product lines, which snapshot the product, price, ratio and attribution at purchase time.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('orders')
    .addColumn('order_id', 'text', (c) => c.primaryKey())
    .addColumn('appid', 'text', (c) => c.notNull().references('promoters.appid'))
    .addColumn('shop_appid', 'text', (c) => c.notNull())
    .addColumn('shop_name', 'text', (c) => c.notNull())
    .addColumn('pay_time', 'bigint', (c) => c.notNull())
    .addColumn('confirm_receipt_time', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('custom_user_id', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('user_nick_name', 'text', (c) => c.notNull())
    .addColumn('commission_status', 'text', (c) => c.notNull())
    .addColumn('commission_status_update_time', 'bigint', (c) => c.notNull())
    .addColumn('profit_sharing_suc_time', 'bigint')
    .addColumn('settle_due_at', 'bigint')
    .execute()
  // order/search: one promoter's orders by pay time (or status-update time), newest first,
  // orderId breaking ties.
  await db.schema
    .createIndex('orders_by_pay_time')
    .on('orders')
    .columns(['appid', 'pay_time', 'order_id'])
    .execute()
  await db.schema
    .createIndex('orders_by_status_time')
    .on('orders')
    .columns(['appid', 'commission_status_update_time', 'order_id'])
    .execute()
  // The settlement sweep only looks at confirmed, unsettled orders.
  await db.schema
    .createIndex('orders_settle_due')
    .on('orders')
    .column('settle_due_at')
    .where(sql.ref('settle_due_at'), 'is not', null)
    .execute()

  await db.schema
    .createTable('order_lines')
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.order_id'))
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('product_id', 'text', (c) => c.notNull())
    .addColumn('sku_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('thumb_img', 'text', (c) => c.notNull())
    .addColumn('price', 'bigint', (c) => c.notNull())
    .addColumn('product_cnt', 'integer', (c) => c.notNull())
    .addColumn('ratio', 'integer', (c) => c.notNull())
    .addColumn('estimated_commission', 'bigint', (c) => c.notNull())
    .addColumn('category_str', 'text', (c) => c.notNull())
    .addColumn('pid', 'text', (c) => c.notNull())
    .addColumn('spot_name', 'text', (c) => c.notNull())
    .addColumn('customize_info', 'text', (c) => c.notNull().defaultTo(''))
    .addPrimaryKeyConstraint('order_lines_pk', ['order_id', 'line_no'])
    .execute()
}
