/**
 * Upkeep of the catalogue's search indexes: the gram postings of product titles and shop names
 * (migration 002) and the shop address rows, rebuilt by the seed and the import after writes.
 * @module
 */
import { type Kysely, sql } from 'kysely'
import { insertGrams } from '../db/dialect.ts'
import type { Database } from '../db/schema.ts'
import { logCatalogueChange } from './catalogue-changes.ts'
import { parseJson } from './catalogue-wire.ts'

type Db = Kysely<Database>

/**
 * Rebuild the gram postings of products with pk in [from, to]: every 1- and 2-character
 * substring of the folded title. Done in SQL so a bulk seed never ships the grams through JS.
 */
export async function rebuildProductGrams(db: Db, from: number, to: number): Promise<void> {
  await db.deleteFrom('product_grams').where('pk', '>=', from).where('pk', '<=', to).execute()
  await insertProductGrams(db, sql`p.pk between ${from} and ${to}`)
  await logCatalogueChange(db)
}

/** Rebuild the gram postings of the given products. */
export async function rebuildProductGramsOf(db: Db, pks: number[]): Promise<void> {
  if (pks.length === 0) return
  await db.deleteFrom('product_grams').where('pk', 'in', pks).execute()
  await insertProductGrams(db, sql`p.pk in (${sql.join(pks)})`)
  await logCatalogueChange(db)
}

function insertProductGrams(db: Db, where: ReturnType<typeof sql>): Promise<void> {
  return insertGrams(db, 'products', 'pk', 'title', 'product_grams', 'pk', where)
}

/** Rebuild the gram postings and address rows of the given shops (all when omitted). */
export async function rebuildShopIndex(db: Db, appids?: string[]): Promise<void> {
  if (appids && appids.length === 0) return
  let delG = db.deleteFrom('shop_grams')
  let delA = db.deleteFrom('shop_addresses')
  if (appids) {
    delG = delG.where('appid', 'in', appids)
    delA = delA.where('shop_appid', 'in', appids)
  }
  await delG.execute()
  await delA.execute()
  const cond = appids ? sql`p.appid in (${sql.join(appids)})` : sql`1 = 1`
  await insertGrams(db, 'shops', 'appid', 'name', 'shop_grams', 'appid', cond)
  let q = db.selectFrom('shops').select(['appid', 'address_list'])
  if (appids) q = q.where('appid', 'in', appids)
  const rows: Database['shop_addresses'][] = []
  for (const s of await q.execute()) {
    for (const a of parseJson<
      { addressInfo: Record<string, string>; addressType: Record<string, number> }[]
    >(s.address_list, [])) {
      rows.push({
        shop_appid: s.appid,
        province: a.addressInfo.provinceName ?? '',
        city: a.addressInfo.cityName ?? '',
        county: a.addressInfo.countyName ?? '',
        express: Number(a.addressType?.express ?? 0),
        same_city: Number(a.addressType?.sameCity ?? 0),
        pickup: Number(a.addressType?.pickup ?? 0),
      })
    }
  }
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('shop_addresses')
      .values(rows.slice(i, i + 500))
      .execute()
  }
  await logCatalogueChange(db)
}
