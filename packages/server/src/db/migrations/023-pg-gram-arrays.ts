import { type Kysely, SqliteAdapter, sql } from 'kysely'

/**
 * PostgreSQL (and PGlite): a title keyword answered by an index of PostgreSQL's own kind.
 * `product_facets.grams` holds the distinct 1- and 2-character substrings of the product's
 * folded title (the postings `product_grams` keeps per gram, as one array per product), under a
 * GIN index: `grams @> array['女士']` is one bitmap of the facet rows that match, which the
 * price, commission and coupon filters then test on the same narrow rows, instead of one
 * index probe into product_facets per posting of product_grams (tens of thousands for a broad
 * word).
 *
 * Every facet row is written by syncFacets (insert after delete, in the product's
 * transaction), so a trigger before insert fills `grams` from the product's title; a title
 * changed by any other writer updates the row's grams too.
 *
 * SQLite: nothing (its keyword lookups read product_grams, clustered on (gram, pk)).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) return
  // As foldSql and insertGrams: ASCII A–Z folded, every 1- and 2-character substring (a
  // repeated one may appear twice: GIN indexes each key once). A loop, as SQL with
  // generate_series and array_agg cost 30× more a title (0.5 ms: minutes for a 1M-product seed).
  await sql`create function tuike_title_grams(title text) returns text[]
    language plpgsql immutable parallel safe as $$
    declare
      t text := translate(title, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz');
      grams text[] := string_to_array(t, null);
    begin
      for i in 1 .. char_length(t) - 1 loop
        grams := grams || substr(t, i, 2);
      end loop;
      return grams;
    end $$`.execute(db)
  await sql`alter table product_facets add column grams text[] not null default '{}'`.execute(db)
  await sql`update product_facets f set grams = tuike_title_grams(p.title)
    from products p where p.pk = f.pk`.execute(db)
  await sql`create function tuike_facet_grams() returns trigger language plpgsql as $$
    begin
      select tuike_title_grams(p.title) into new.grams from products p where p.pk = new.pk;
      return new;
    end $$`.execute(db)
  await sql`create trigger product_facets_grams before insert on product_facets
    for each row execute function tuike_facet_grams()`.execute(db)
  await sql`create function tuike_title_changed() returns trigger language plpgsql as $$
    begin
      update product_facets set grams = tuike_title_grams(new.title) where pk = new.pk;
      return null;
    end $$`.execute(db)
  await sql`create trigger products_title_grams after update of title on products
    for each row when (old.title is distinct from new.title)
    execute function tuike_title_changed()`.execute(db)
  await sql`create index product_facets_grams on product_facets using gin (grams)`.execute(db)
}
