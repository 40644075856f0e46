/**
 * A long NDJSON import runs in chunks, each its own transaction, and gives the event loop a
 * turn between chunks, so other requests are served while it runs (on SQLite every statement is
 * synchronous: without those turns one import held the whole process). The timing is measured in
 * bench/import.ts; here the mechanism: macrotasks run during the import, and chunking changes
 * nothing of the result.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { importNdjson } from '../src/services/catalogue-import.ts'
import { createTestPlatform, DIALECTS, type TestPlatform } from './support.ts'

/** Count event-loop turns (setImmediate callbacks) until `work` settles. */
async function turnsDuring<T>(work: () => Promise<T>): Promise<{ result: T; turns: number }> {
  let turns = 0
  let done = false
  const tick = () => {
    if (done) return
    turns++
    setImmediate(tick)
  }
  setImmediate(tick)
  const result = await work()
  done = true
  return { result, turns }
}

const SHOP = 'wxchunk00000000001'
const product = (id: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    productId: String(id),
    shopAppId: SHOP,
    title: `分块导入 ${id}`,
    categoryId: '7701',
    minPrice: 100 + id,
    commissionRatio: 1000,
    skus: [{ skuId: `${id}01`, salePrice: 100 + id, marketPrice: 200 + id, stockNum: 5 }],
    ...extra,
  })

for (const dialect of DIALECTS) {
  describe(`${dialect}: a long import yields between chunks`, () => {
    let p: TestPlatform
    before(async () => {
      p = await createTestPlatform(dialect)
    })
    after(() => p.close())

    test('categories: a parent from an earlier chunk is known; the loop gets turns', async () => {
      const lines = [JSON.stringify({ catId: '7700', name: '根' })]
      for (let i = 1; i <= 29; i++) {
        lines.push(JSON.stringify({ catId: String(7700 + i), name: `子${i}`, parentId: '7700' }))
      }
      const { result, turns } = await turnsDuring(() =>
        importNdjson(p.database.db, 'categories', lines.join('\n'), { chunkLines: 10 }),
      )
      assert.deepEqual(result, { applied: 30, errors: [] })
      assert.ok(turns >= 2, `${turns} turns`)
    })

    test('products: line numbers, bad lines and later-line-wins hold across chunks', async () => {
      await importNdjson(
        p.database.db,
        'shops',
        JSON.stringify({
          name: '分块小商店',
          appId: SHOP,
          username: 'gh_chunk',
          headImgUrl: '',
          shippingMethods: { express: 1, sameCity: 0, pickup: 0 },
        }),
      )
      const lines: string[] = []
      for (let i = 1; i <= 45; i++) lines.push(product(i))
      lines[9] = '{broken' // line 10
      lines[24] = product(25, { minPrice: -1 }) // line 25
      lines[40] = product(3, { title: '后行覆盖' }) // line 41 repeats product 3 of line 3
      const { result, turns } = await turnsDuring(() =>
        importNdjson(p.database.db, 'products', lines.join('\n'), { chunkLines: 10 }),
      )
      assert.deepEqual(
        result.errors.map((e) => e.line),
        [10, 25],
      )
      assert.equal(result.applied, 43)
      assert.ok(turns >= 4, `${turns} turns`)
      const rows = await p.database.db
        .selectFrom('products')
        .select(['id', 'title'])
        .where('shop_appid', '=', SHOP)
        .execute()
      assert.equal(rows.length, 42)
      assert.equal(rows.find((r) => r.id === '3')?.title, '后行覆盖')
    })
  })
}
