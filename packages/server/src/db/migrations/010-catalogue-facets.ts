import { type Kysely, sql } from 'kysely'

/**
 * `product_facets`: the columns product/list filters and sorts on, one narrow row per product,
 * keyed by the product's pk (on SQLite an INTEGER PRIMARY KEY, the rowid, so the table is its
 * own clustered B-tree by pk, as a WITHOUT ROWID table would be, with keys only in its interior
 * pages). The candidate scan of a listing reads this table instead of `products`: a keyword's
 * postings (`product_grams`, in pk order) are joined to rows of about 60 bytes rather than to the
 * wide product rows (title, JSON blobs), so testing the price and reading the sort column of
 * every posting touches about a tenth of the pages.
 *
 * A derived copy of `products` columns, written in the same transaction as the product by every
 * writer (writeProductRows for the import and the seed, setSelected, and rewriteWire after a
 * purchase), through syncFacets. The filter and sort indexes move here from `products`, where
 * no query uses them any more.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('product_facets')
    .addColumn('pk', 'integer', (c) => c.primaryKey())
    .addColumn('min_price', 'integer', (c) => c.notNull())
    .addColumn('commission_ratio', 'integer', (c) => c.notNull())
    .addColumn('commission_value', 'integer', (c) => c.notNull())
    .addColumn('sold', 'integer', (c) => c.notNull())
    .addColumn('has_coupon', 'integer', (c) => c.notNull())
    .addColumn('selected', 'integer', (c) => c.notNull())
    .addColumn('trade_component', 'integer', (c) => c.notNull())
    .addColumn('cat1', 'text', (c) => c.notNull())
    .addColumn('cat2', 'text', (c) => c.notNull())
    .addColumn('cat3', 'text', (c) => c.notNull())
    .addColumn('shop_appid', 'text', (c) => c.notNull())
    .execute()
  await sql`insert into product_facets (pk, min_price, commission_ratio, commission_value, sold,
      has_coupon, selected, trade_component, cat1, cat2, cat3, shop_appid)
    select pk, min_price, commission_ratio, commission_value, sold, has_coupon, selected,
      trade_component, cat1, cat2, cat3, shop_appid from products`.execute(db)

  for (const name of [
    'products_min_price',
    'products_commission_ratio',
    'products_commission_value',
    'products_sold',
    'products_cat1',
    'products_cat2',
    'products_cat3',
    'products_shop',
    'products_coupon',
    'products_selected',
    'products_trade_component',
  ]) {
    await db.schema.dropIndex(name).ifExists().execute()
  }
  // Each sort walks one of these in order (ties broken by pk); the filters use the others.
  for (const col of ['min_price', 'commission_ratio', 'commission_value', 'sold']) {
    await db.schema
      .createIndex(`product_facets_${col}`)
      .on('product_facets')
      .columns([col, 'pk'])
      .execute()
  }
  await db.schema
    .createIndex('product_facets_cat1')
    .on('product_facets')
    .columns(['cat1', 'has_coupon', 'commission_ratio'])
    .execute()
  for (const col of ['cat2', 'cat3', 'shop_appid', 'has_coupon', 'selected', 'trade_component']) {
    await db.schema
      .createIndex(`product_facets_${col}`)
      .on('product_facets')
      .columns([col, 'pk'])
      .execute()
  }
}
