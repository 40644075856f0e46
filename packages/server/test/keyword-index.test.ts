import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  demoCategories,
  demoProduct,
  demoShops,
  prng,
  seedCatalogue,
} from '../src/seed/catalogue.ts'
import { Catalogue, type CatalogueQuery } from '../src/services/catalogue.ts'
import { decodePks, encodePks } from '../src/services/catalogue-changes.ts'
import { rebuildProductGramsOf } from '../src/services/catalogue-index.ts'
import {
  ProductImport,
  productRows,
  rewriteWire,
  setSelected,
  writeProductRows,
} from '../src/services/catalogue-write.ts'
import { DIALECTS, openTestDatabase } from './support.ts'

const SEED = 7
const N = 800
const BASE = 'https://tuike.example.com'

/** 2-character words of the demo titles, broad and narrow, plus words no title has. */
function words(titles: string[]): string[] {
  const count = new Map<string, number>()
  for (const t of titles) {
    const c = [...t.toLowerCase()]
    for (let i = 0; i + 1 < c.length; i++) {
      const g = c[i]! + c[i + 1]!
      count.set(g, (count.get(g) ?? 0) + 1)
    }
  }
  const ranked = [...count].sort((a, b) => b[1] - a[1]).map(([g]) => g)
  return [...ranked.slice(0, 12), ...ranked.slice(-6), '无此', 'zz']
}

/** Random queries the index answers: a word, filters and any sort, pages near and far. */
function queries(ws: string[], n: number, seed: number): CatalogueQuery[] {
  const rand = prng(seed)
  const pick = <T>(a: T[]) => a[Math.floor(rand() * a.length)]!
  return Array.from({ length: n }, () => {
    const q: CatalogueQuery = {
      from: pick([0, 0, 0, 3, 20, 150]),
      limit: pick([1, 10, 20]),
      query: pick(ws),
      sortType: Math.floor(rand() * 10),
    }
    if (rand() < 0.5) q.minPrice = Math.floor(rand() * 20000)
    if (rand() < 0.5) q.maxPrice = (q.minPrice ?? 0) + Math.floor(rand() * 50000)
    if (rand() < 0.3) q.minCommissionRatio = Math.floor(rand() * 3000)
    if (rand() < 0.3) q.minCommissionValue = Math.floor(rand() * 2000)
    if (rand() < 0.3) q.hasCoupon = 1
    if (rand() < 0.2) q.tradeOnly = true
    return q
  })
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: keyword index`, () => {
    let database: Awaited<ReturnType<typeof openTestDatabase>>
    let indexed: Catalogue
    let plain: Catalogue
    let ws: string[]

    /** Every query answers the same bytes and total through the index as through SQL. */
    async function agree(seed: number) {
      for (const q of queries(ws, 120, seed)) {
        const a = await indexed.searchJson(q, BASE)
        const b = await plain.searchJson(q, BASE)
        assert.deepEqual(a, b, JSON.stringify(q))
      }
    }

    before(async () => {
      database = await openTestDatabase(dialect)
      await seedCatalogue(database.db, { products: N, seed: SEED })
      indexed = new Catalogue(database.db)
      plain = new Catalogue(database.db, { keywordIndex: false })
      const titles = await database.db.selectFrom('products').select('title').execute()
      ws = words(titles.map((t) => t.title))
      await indexed.warmKeywordIndex()
    })
    after(() => database.close())

    test('answers as SQL does: the same page, order and exact total', () => agree(1))

    test('stays exact after purchases change sales and prices, written behind its back', async () => {
      const db = database.db
      for (const pk of [3, 77, 500]) {
        await db
          .updateTable('products')
          .set((eb) => ({ sold: eb('sold', '+', 5000), min_price: eb('min_price', '+', 1) }))
          .where('pk', '=', pk)
          .execute()
        await rewriteWire(db, [pk])
      }
      await setSelected(
        db,
        [(await db.selectFrom('products').select('id').executeTakeFirstOrThrow()).id],
        1,
      )
      await agree(2)
    })

    test('stays exact after an import renames products and adds new ones', async () => {
      const db = database.db
      const { leaves } = demoCategories()
      const shops = demoShops(SEED, N)
      const renamed = [10, 11, 400].map((i) => {
        const { product, path } = demoProduct(SEED, i, shops, leaves)
        const p = ProductImport.parse({ ...product, title: `${ws[0]}${ws[1]} renamed ${i}` })
        return productRows(p, i + 1, path)
      })
      const added = [N, N + 1].map((i) => {
        const { product, path } = demoProduct(SEED, i, shops, leaves)
        const p = ProductImport.parse({ ...product, title: `${ws[2]} new ${i}`, tradeComponent: 1 })
        return productRows(p, i + 1, path)
      })
      await db.transaction().execute((trx) => writeProductRows(trx, [...renamed, ...added], true))
      await rebuildProductGramsOf(
        db,
        [...renamed, ...added].map((r) => r.row.pk),
      )
      await agree(3)
      // The new products have the highest pks: the last page of catalogue order.
      const { total } = await indexed.search({ from: 0, limit: 1, query: ws[2] }, BASE)
      const last = await indexed.search({ from: total - 2, limit: 2, query: ws[2] }, BASE)
      const titles = last.productList.map((p) => p.product.info.title)
      assert.deepEqual(titles, [`${ws[2]} new ${N}`, `${ws[2]} new ${N + 1}`])
    })
  })
}

test('the change feed encodes pk lists as runs', () => {
  assert.equal(encodePks([5, 1, 2, 3, 9, 3]), '1-3,5,9')
  assert.deepEqual(decodePks('1-3,5,9'), [1, 2, 3, 5, 9])
})
