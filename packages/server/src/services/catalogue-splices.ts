/**
 * What a product page splices into each stored wire text (catalogue-wire.ts) besides the text
 * itself: its shop's shopInfo JSON and its category path's JSON. Kept in memory per process
 * between catalogue changes: every write of a shop or category appends to the change feed, whose
 * seq the page cache reads before each answer and clears these with (catalogue-pages.ts). Looking
 * them up per page was a shop row and three category rows per product, about a third of a page's
 * SQL at 1M products.
 * @module
 */
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import { categoryOf, missingShop, type ShopRow, shopInfo } from './catalogue-wire.ts'

/** Entries kept at most (shops × public URLs, category paths): a bound, not a working set. */
const MAX_ENTRIES = 50_000

export class CatalogueSplices {
  readonly #db: Kysely<Database>
  /** shopInfo JSON by `${base}\n${appid}` (image URLs depend on the public URL). */
  readonly #shops = new Map<string, string>()
  /** Category JSON by `${cat1}\n${cat2}\n${cat3}`. */
  readonly #categories = new Map<string, string>()

  constructor(db: Kysely<Database>) {
    this.#db = db
  }

  /** Forget everything (the catalogue changed). */
  clear(): void {
    this.#shops.clear()
    this.#categories.clear()
  }

  /**
   * The shopInfo JSON of each of `appids` (a missing shop as missingShop), by appid. `keep`: the
   * rows read now may be kept (the caller's change seq is still the current one).
   */
  async shops(appids: Iterable<string>, base: string, keep: boolean): Promise<Map<string, string>> {
    const out = new Map<string, string>()
    const missing: string[] = []
    for (const appid of appids) {
      const json = this.#shops.get(`${base}\n${appid}`)
      if (json === undefined) missing.push(appid)
      else out.set(appid, json)
    }
    if (missing.length === 0) return out
    const rows: ShopRow[] = await this.#db
      .selectFrom('shops')
      .select(['appid', 'name', 'username', 'head_img_url', 'express', 'same_city', 'pickup'])
      .select(['address_list', 'same_city_template', 'freight_template'])
      .where('appid', 'in', missing)
      .execute()
    const found = new Map(rows.map((r) => [r.appid, r]))
    for (const appid of missing) {
      const row = found.get(appid)
      const json = JSON.stringify(row ? shopInfo(row, base) : missingShop(appid))
      out.set(appid, json)
      if (keep) remember(this.#shops, `${base}\n${appid}`, json)
    }
    return out
  }

  /** The category JSON of each of `paths` ([cat1, cat2, cat3]), by the path's key (pathKey). */
  async categories(paths: string[][], keep: boolean): Promise<Map<string, string>> {
    const out = new Map<string, string>()
    const missing: string[][] = []
    for (const path of paths) {
      const key = pathKey(path)
      const json = this.#categories.get(key)
      if (json === undefined) missing.push(path)
      else out.set(key, json)
    }
    if (missing.length === 0) return out
    const ids = [...new Set(missing.flat().filter((id) => id !== ''))]
    const rows = ids.length
      ? await this.#db
          .selectFrom('categories')
          .select(['id', 'name'])
          .where('id', 'in', ids)
          .execute()
      : []
    const name = new Map(rows.map((r) => [r.id, r.name]))
    for (const path of missing) {
      const json = JSON.stringify(categoryOf(path, (id) => name.get(id)))
      out.set(pathKey(path), json)
      if (keep) remember(this.#categories, pathKey(path), json)
    }
    return out
  }
}

/** The key of a category path in categories()' answer. */
export function pathKey(path: string[]): string {
  return path.join('\n')
}

function remember(map: Map<string, string>, key: string, json: string): void {
  if (map.size >= MAX_ENTRIES) map.clear()
  map.set(key, json)
}
