import { type Kysely, SqliteAdapter, sql } from 'kysely'

/**
 * SQLite: `product_grams` becomes a WITHOUT ROWID table clustered on its primary key
 * (gram, pk). It was a rowid table plus an index on (gram, pk) plus one on pk: three B-trees
 * of ~30 postings a product, the largest part of a big catalogue's file after product_wire.
 * Clustered, a gram's postings are the table itself (the keyword lookup reads it in pk order as
 * before) and only the pk index remains, for rewriting a product's postings. A posting is now
 * stored once per (gram, product): a title with a character twice had it twice, which no query
 * could tell apart. Existing postings are copied in key order (a sorted append), then the old
 * table is dropped.
 *
 * PostgreSQL keeps its heap table and (gram, pk) index: a clustered table is not a thing there,
 * and the same two structures would remain.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return
  await sql`create table product_grams_new (
      gram text not null, pk integer not null, primary key (gram, pk)) without rowid`.execute(db)
  await sql`insert into product_grams_new (gram, pk)
    select distinct gram, pk from product_grams order by gram, pk`.execute(db)
  await sql`drop table product_grams`.execute(db)
  await sql`alter table product_grams_new rename to product_grams`.execute(db)
  await sql`create index product_grams_pk on product_grams (pk)`.execute(db)
}
