import { type Kysely, SqliteAdapter } from 'kysely'

/**
 * `catalogue_changes`: the pks of products whose facet rows were (re)written, one row per write
 * (syncFacets), in commit order. Each server process keeps an in-memory keyword index of the
 * catalogue (services/keyword-index.ts); before answering it applies the rows after the last it
 * saw, so the index stays exact under writes made by any process (purchases, imports, 精选
 * changes). `pks` is a compact list of pk ranges ("1-400,405"). Old rows are pruned by the writer;
 * a process that finds its position pruned rebuilds its index.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter
  await db.schema
    .createTable('catalogue_changes')
    .addColumn('seq', sqlite ? 'integer' : 'bigserial', (c) =>
      sqlite ? c.primaryKey().autoIncrement() : c.primaryKey(),
    )
    .addColumn('pks', 'text', (c) => c.notNull())
    .execute()
}
