import type { Kysely } from 'kysely'

/**
 * The union catalogue: categories (three levels), shops and their ship-from addresses, products
 * (SPU), SKUs, and the two keyword-search gram tables.
 *
 * Keyword search (product/list queryType 0 and 1) must find 1- and 2-character Chinese words such
 * as 洗 or 洗衣, which trigram indexes (pg_trgm, FTS5 trigram) cannot serve. So the catalogue
 * keeps its own n-gram postings: `product_grams(gram, pk)` holds every 1-character and every
 * 2-character substring of each product's case-folded title (ASCII A–Z folded), indexed on
 * (gram, pk); `shop_grams(gram, appid)` does the same for shop names. A query of 1 or 2
 * characters is one index lookup of its gram; a longer query intersects the postings of its
 * bigrams and then verifies the substring on the few candidates. Plain B-tree indexes, so the
 * same design runs on SQLite and PostgreSQL.
 *
 * Products carry an integer surrogate key `pk` (the rowid on SQLite): the gram postings and
 * SKUs point at it, and it is the stable tie-breaker of every sort. The wire id (`id`, SPU id)
 * is a string and may exceed 2^53.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('categories')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('parent_id', 'text')
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema
    .createIndex('categories_parent')
    .on('categories')
    .columns(['parent_id', 'seq'])
    .execute()
  await db.schema
    .createIndex('categories_level')
    .on('categories')
    .columns(['level', 'seq'])
    .execute()

  await db.schema
    .createTable('shops')
    .addColumn('appid', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('head_img_url', 'text', (c) => c.notNull())
    .addColumn('express', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('same_city', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pickup', 'integer', (c) => c.notNull().defaultTo(0))
    // JSON text, in the wire shape of shopInfo.addressList / sameCityTemplate / freightTemplate.
    .addColumn('address_list', 'text')
    .addColumn('same_city_template', 'text')
    .addColumn('freight_template', 'text')
    .execute()

  // One row per ship-from address, so the addressList filter is an indexed lookup.
  await db.schema
    .createTable('shop_addresses')
    .addColumn('shop_appid', 'text', (c) => c.notNull())
    .addColumn('province', 'text', (c) => c.notNull())
    .addColumn('city', 'text', (c) => c.notNull())
    .addColumn('county', 'text', (c) => c.notNull())
    .addColumn('express', 'integer', (c) => c.notNull())
    .addColumn('same_city', 'integer', (c) => c.notNull())
    .addColumn('pickup', 'integer', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('shop_addresses_shop')
    .on('shop_addresses')
    .column('shop_appid')
    .execute()
  await db.schema
    .createIndex('shop_addresses_region')
    .on('shop_addresses')
    .columns(['province', 'city', 'county'])
    .execute()

  await db.schema
    .createTable('shop_grams')
    .addColumn('gram', 'text', (c) => c.notNull())
    .addColumn('appid', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('shop_grams_gram')
    .on('shop_grams')
    .columns(['gram', 'appid'])
    .execute()
  await db.schema.createIndex('shop_grams_appid').on('shop_grams').column('appid').execute()

  await db.schema
    .createTable('products')
    .addColumn('pk', 'integer', (c) => c.primaryKey())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('shop_appid', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('sub_title', 'text', (c) => c.notNull())
    .addColumn('head_img', 'text', (c) => c.notNull()) // JSON string[]
    .addColumn('cat1', 'text', (c) => c.notNull())
    .addColumn('cat2', 'text', (c) => c.notNull())
    .addColumn('cat3', 'text', (c) => c.notNull())
    .addColumn('brand', 'text', (c) => c.notNull())
    .addColumn('brand_id', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('detail_img', 'text', (c) => c.notNull()) // JSON string[]
    .addColumn('params', 'text', (c) => c.notNull()) // JSON [{key, value}]
    .addColumn('min_price', 'integer', (c) => c.notNull())
    .addColumn('discount_price', 'integer', (c) => c.notNull())
    .addColumn('stock', 'integer', (c) => c.notNull())
    .addColumn('sold', 'integer', (c) => c.notNull())
    .addColumn('order_cnt', 'integer', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('commission_ratio', 'integer', (c) => c.notNull())
    .addColumn('commission_value', 'integer', (c) => c.notNull())
    .addColumn('has_coupon', 'integer', (c) => c.notNull())
    .addColumn('coupon_id', 'text')
    .addColumn('coupon', 'text') // JSON couponDetail
    .addColumn('selected', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  // Each sort walks one of these in order (ties broken by pk); the filters use the others.
  for (const col of ['min_price', 'commission_ratio', 'commission_value', 'sold']) {
    await db.schema.createIndex(`products_${col}`).on('products').columns([col, 'pk']).execute()
  }
  await db.schema
    .createIndex('products_cat1')
    .on('products')
    .columns(['cat1', 'has_coupon', 'commission_ratio'])
    .execute()
  await db.schema.createIndex('products_cat2').on('products').columns(['cat2', 'pk']).execute()
  await db.schema.createIndex('products_cat3').on('products').columns(['cat3', 'pk']).execute()
  await db.schema
    .createIndex('products_shop')
    .on('products')
    .columns(['shop_appid', 'pk'])
    .execute()
  await db.schema
    .createIndex('products_coupon')
    .on('products')
    .columns(['has_coupon', 'pk'])
    .execute()
  await db.schema
    .createIndex('products_selected')
    .on('products')
    .columns(['selected', 'pk'])
    .execute()

  await db.schema
    .createTable('product_grams')
    .addColumn('gram', 'text', (c) => c.notNull())
    .addColumn('pk', 'integer', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('product_grams_gram')
    .on('product_grams')
    .columns(['gram', 'pk'])
    .execute()
  await db.schema.createIndex('product_grams_pk').on('product_grams').column('pk').execute()

  await db.schema
    .createTable('skus')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('product_pk', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('thumb_img', 'text', (c) => c.notNull())
    .addColumn('sku_code', 'text', (c) => c.notNull())
    .addColumn('sale_price', 'integer', (c) => c.notNull())
    .addColumn('market_price', 'integer', (c) => c.notNull())
    .addColumn('stock', 'integer', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('skus_product').on('skus').columns(['product_pk', 'seq']).execute()
}
