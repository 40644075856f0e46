import { type Kysely, sql } from 'kysely'

/**
 * `product_wire` keyed by the product's pk, with the product's shop and category ids beside its
 * wire text (issue 16: a keyword page at 1M products). A page's 20 products were each three
 * random b-tree leaves (the `products` row for its id, shop and categories, `product_wire`'s
 * index by id, its row) plus a shop and three category lookups: ~0.7 ms of CPU a page, most of a
 * served keyword request's SQL. Keyed by pk, a product is one leaf of one table; shops and
 * category names are kept in memory between catalogue changes (services/catalogue-splices.ts).
 * The ids are copies of the `products` columns, written by every writer of a wire row. Every
 * dialect; rows are copied in pk order in one statement.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('product_wire_by_pk')
    .addColumn('pk', 'integer', (c) => c.primaryKey())
    .addColumn('shop_appid', 'text', (c) => c.notNull())
    .addColumn('cat1', 'text', (c) => c.notNull())
    .addColumn('cat2', 'text', (c) => c.notNull())
    .addColumn('cat3', 'text', (c) => c.notNull())
    .addColumn('wire', 'text', (c) => c.notNull())
    .execute()
  await sql`insert into product_wire_by_pk (pk, shop_appid, cat1, cat2, cat3, wire)
    select p.pk, p.shop_appid, p.cat1, p.cat2, p.cat3, w.wire
    from products p join product_wire w on w.id = p.id order by p.pk`.execute(db)
  await db.schema.dropTable('product_wire').execute()
  await db.schema.alterTable('product_wire_by_pk').renameTo('product_wire').execute()
}
