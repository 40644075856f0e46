import type { Kysely } from 'kysely'

/**
 * Clicks counted as a tracker counts them (docs/security.md, "Click counting"): each click row
 * names its visitor (a keyed hash of client address and User-Agent) and its 30-minute window, and
 * a unique index lets one visitor count once per material and window. Clicks recorded before this
 * migration have neither (NULLs are distinct, so they stay as they were).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('material_clicks').addColumn('visitor', 'text').execute()
  await db.schema.alterTable('material_clicks').addColumn('window_start', 'bigint').execute()
  await db.schema
    .createIndex('material_clicks_visit')
    .on('material_clicks')
    .columns(['code', 'visitor', 'window_start'])
    .unique()
    .execute()
}
