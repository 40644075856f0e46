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
import { Buckets } from '../src/services/facet-buckets.ts'
import { DIALECTS, openTestDatabase, pageOf } from './support.ts'

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
        const a = await pageOf(indexed, q, BASE)
        const b = await pageOf(plain, q, BASE)
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

    // The scan tests most postings on facet buckets (facet-buckets.ts), the exact values only in
    // a bucket holding a bound: bounds equal to stored values, and values written after the
    // build beyond every bucket's range, must answer as SQL does.
    test('stays exact with bounds at stored values and values written past the buckets', async () => {
      const db = database.db
      const facets = await db
        .selectFrom('product_facets')
        .select(['min_price', 'commission_ratio', 'commission_value'])
        .execute()
      const rand = prng(11)
      const stored = (k: keyof (typeof facets)[number]) =>
        Number(facets[Math.floor(rand() * facets.length)]![k])
      const atValues = (seed: number) =>
        queries(ws, 60, seed).map((q) => {
          const out: CatalogueQuery = { ...q, minPrice: stored('min_price') }
          if (rand() < 0.7) out.maxPrice = Math.max(out.minPrice!, stored('min_price'))
          if (rand() < 0.5) out.minCommissionRatio = stored('commission_ratio')
          if (rand() < 0.3) out.minCommissionValue = stored('commission_value')
          return out
        })
      const check = async (seed: number) => {
        for (const q of atValues(seed)) {
          assert.deepEqual(
            await pageOf(indexed, q, BASE),
            await pageOf(plain, q, BASE),
            JSON.stringify(q),
          )
        }
      }
      await check(4)
      // Past the highest and below the lowest bucket bounds, and ties at the extremes.
      const extremes = [
        { pk: 5, min_price: 0, sold: 0, commission_ratio: 0 },
        { pk: 6, min_price: 0, sold: 0, commission_ratio: 0 },
        { pk: 7, min_price: 90_000_000, sold: 9_000_000, commission_ratio: 10_000 },
        { pk: 8, min_price: 90_000_000, sold: 9_000_000, commission_ratio: 10_000 },
      ]
      for (const { pk, ...set } of extremes) {
        await db.updateTable('products').set(set).where('pk', '=', pk).execute()
        await rewriteWire(db, [pk])
      }
      await check(5)
      await agree(6)
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

test('facet buckets order values as the values do, each of few distinct values its own', () => {
  const rand = prng(3)
  const values = Int32Array.from({ length: 5000 }, () => Math.floor(rand() * 1e6) - 1000)
  const many = Buckets.of(values, () => true, 64)
  assert.ok(many.bounds.length <= 64 && many.bounds.length > 32)
  const probes = [-(2 ** 31), -1001, -1000, 0, 1, 999_999, 2 ** 31 - 1, ...values.slice(0, 500)]
  for (const x of probes)
    for (const y of probes) {
      if (x < y) assert.ok(many.of(x) <= many.of(y), `${x} ${y}`)
      if (many.of(x) < many.of(y)) assert.ok(x < y, `${x} ${y}`)
    }
  // A bucket that starts at x holds nothing below x: a lower bound x needs no exact test there.
  for (const x of probes) {
    if (!many.startsAt(x) || x === -(2 ** 31)) continue
    for (const y of probes) if (y < x) assert.ok(many.of(y) < many.of(x), `${y} ${x}`)
  }
  const ratios = Int32Array.from({ length: 4000 }, (_, i) => 100 * (1 + (i % 40)))
  const few = Buckets.of(ratios, (i) => i % 7 !== 0, 64)
  for (let r = 1; r <= 40; r++) assert.ok(few.startsAt(100 * r), `${100 * r}`)
  assert.ok(!few.startsAt(150))
  assert.equal(new Set(Array.from(ratios, (r) => few.of(r))).size, 40)
})
