import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { demoCategories, demoProduct, demoShops, seedCatalogue } from '../src/seed/catalogue.ts'
import { Catalogue, type CatalogueQuery } from '../src/services/catalogue.ts'
import { rebuildProductGramsOf } from '../src/services/catalogue-index.ts'
import { compactKeys, expandKeys, productWire } from '../src/services/catalogue-wire.ts'
import {
  ProductImport,
  productRows,
  rewriteWire,
  ShopImport,
  setSelected,
  writeCategories,
  writeProductRows,
  writeShops,
} from '../src/services/catalogue-write.ts'
import { DIALECTS, openTestDatabase, pageOf } from './support.ts'

const SEED = 5
const N = 120
const BASE = 'https://tuike.example.com'
const QUERIES: CatalogueQuery[] = [
  { from: 0, limit: 10 },
  { from: 0, limit: 10, sortType: 8 },
  { from: 0, limit: 5, query: '新品' },
  { from: 0, limit: 10, hasCoupon: 1, minPrice: 1000 },
]

for (const dialect of DIALECTS) {
  describe(`${dialect}: cached catalogue pages`, () => {
    let database: Awaited<ReturnType<typeof openTestDatabase>>
    // Two processes' catalogues over one database: `cached` answers from its pages, `fresh`
    // is made anew for each comparison (nothing cached).
    let cached: Catalogue

    /** Every query answers what a catalogue with nothing cached answers. */
    async function exact(): Promise<string[]> {
      const fresh = new Catalogue(database.db, { keywordIndex: false })
      const out: string[] = []
      for (const q of QUERIES) {
        const a = await pageOf(cached, q, BASE)
        assert.deepEqual(a, await pageOf(fresh, q, BASE), JSON.stringify(q))
        out.push(a.productList.toString())
      }
      return out
    }

    before(async () => {
      database = await openTestDatabase(dialect)
      await seedCatalogue(database.db, { products: N, seed: SEED })
      cached = new Catalogue(database.db)
    })
    after(() => database.close())

    test('a page is served again until a write anywhere changes the catalogue', async () => {
      const db = database.db
      const first = await exact()
      assert.deepEqual(await exact(), first)
      const [page] = first
      const pk = (await db.selectFrom('products').select('pk').orderBy('pk').executeTakeFirst())!.pk

      // A purchase (stock and sales), written as the order service does.
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('products')
          .set((eb) => ({ sold: eb('sold', '+', 9), stock: eb('stock', '-', 1) }))
          .where('pk', '=', pk)
          .execute()
        await rewriteWire(trx, [pk])
      })
      const bought = await exact()
      assert.notEqual(bought[0], page)

      const [p] = await db.selectFrom('products').select(['id', 'shop_appid', 'cat1']).execute()
      await setSelected(db, [p!.id], 1)
      await exact()

      const shop = demoShops(SEED, N).find((s) => s.appId === p!.shop_appid)!
      await writeShops(db, [ShopImport.parse({ ...shop, name: '改名的小店' })])
      assert.match((await exact())[0]!, /改名的小店/)

      const cat = (
        await db.selectFrom('categories').selectAll().where('id', '=', p!.cat1).execute()
      )[0]!
      await writeCategories(db, [{ ...cat, name: '改名的类目' }])
      assert.match((await exact())[0]!, /改名的类目/)
    })

    test('shop JSON read for a page of an older change is not kept for later pages', async () => {
      const db = database.db
      const [p] = await db.selectFrom('products').select(['pk', 'id', 'shop_appid']).execute()
      const shop = await db
        .selectFrom('shops')
        .select('name')
        .where('appid', '=', p!.shop_appid)
        .executeTakeFirstOrThrow()
      const rename = (name: string) =>
        db.updateTable('shops').set({ name }).where('appid', '=', p!.shop_appid).execute()
      cached.invalidate()
      // Changed behind the catalogue's back (no change logged), and read under a seq that is no
      // longer the current one: it is shown, not kept.
      await rename('旧序号读到的名字')
      assert.match(await cached.productsJson([p!.pk], BASE, -1), /旧序号读到的名字/)
      await rename(shop.name)
      const page = await pageOf(cached, { from: 0, limit: 1, productId: [p!.id] }, BASE)
      assert.doesNotMatch(String(page.productList), /旧序号读到的名字/)
      assert.deepEqual(
        page,
        await pageOf(
          new Catalogue(db, { keywordIndex: false }),
          { from: 0, limit: 1, productId: [p!.id] },
          BASE,
        ),
      )
    })

    test('an import that renames a product and adds one shows at once', async () => {
      const db = database.db
      await exact()
      const { leaves } = demoCategories()
      const shops = demoShops(SEED, N)
      const items = [0, N].map((i) => {
        const { product, path } = demoProduct(SEED, i, shops, leaves)
        return productRows(
          ProductImport.parse({ ...product, title: `新品 改名 ${i}` }),
          i + 1,
          path,
        )
      })
      await db.transaction().execute(async (trx) => {
        await writeProductRows(trx, items, true)
        await rebuildProductGramsOf(
          trx,
          items.map((i) => i.row.pk),
        )
      })
      const pages = await exact()
      assert.match(pages[2]!, /新品 改名 0/)
      const all = await pageOf(cached, { from: 0, limit: 1, query: '改名' }, BASE)
      assert.equal(all.total, 2)
    })
  })
}

test('the stored wire form expands back to the text exactly, whatever the values hold', () => {
  const tricky = [
    '","status":1,"x":{',
    '{"productId":"1"}',
    '\\",\\"marketPrice\\":',
    'a\u0003b\u001fAc',
    '普通标题',
  ]
  const { leaves } = demoCategories()
  const shops = demoShops(1, 10)
  for (const [i, text] of tricky.entries()) {
    const { product, path } = demoProduct(1, i, shops, leaves)
    const p = ProductImport.parse({
      ...product,
      title: text,
      subTitle: text,
      param: [{ key: text, value: text }],
    })
    const { row, skus, wire } = productRows(p, i + 1, path)
    assert.equal(wire, productWire(row, skus))
    assert.ok(wire.length < expandKeys(wire).length, 'keys are stored as codes')
    assert.equal(compactKeys(expandKeys(wire)), wire)
    const plain = expandKeys(wire).replaceAll('\u0001', '').replaceAll('\u0002', '')
    for (const v of [text, p.subTitle]) assert.ok(plain.includes(JSON.stringify(v)))
  }
})
