/**
 * Upkeep of the catalogue's search indexes: the gram postings of product titles and shop names
 * (migration 002) and the shop address rows, rebuilt by the seed and the import after writes.
 * @module
 */
import { type Kysely, sql } from 'kysely'
import { insertGrams, isSqlite } from '../db/dialect.ts'
import type { Database } from '../db/schema.ts'
import { foldAscii } from './catalogue.ts'
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
  await deleteProductGramsOf(db, pks)
  await insertProductGrams(db, sql`p.pk in (${sql.join(pks)})`)
  await logCatalogueChange(db)
}

/**
 * Delete the gram postings of products `pks` (their current titles' grams, before a write
 * changes the titles). SQLite keeps no index of postings by pk (migration 022: it was as large
 * as the postings): each product's are found by (gram, pk), its grams computed from the title
 * as SQLite returns it, folded and split into characters as insertGrams does in SQL.
 */
export async function deleteProductGramsOf(db: Db, pks: number[]): Promise<void> {
  if (!isSqlite(db)) {
    await db.deleteFrom('product_grams').where('pk', 'in', pks).execute()
    return
  }
  const titles = await db.selectFrom('products').select(['pk', 'title']).where('pk', 'in', pks)
  for (const r of await titles.execute()) {
    const grams = titleGrams(r.title)
    if (grams.length === 0) continue
    await db.deleteFrom('product_grams').where('pk', '=', r.pk).where('gram', 'in', grams).execute()
  }
}

/** Every 1- and 2-character substring of a folded title (insertGrams' grams, in JS). */
function titleGrams(title: string): string[] {
  const chars = [...foldAscii(title)]
  const grams = new Set(chars)
  for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i]! + chars[i + 1]!)
  return [...grams]
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
