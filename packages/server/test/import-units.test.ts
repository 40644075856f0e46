/**
 * An import line with money in yuan (`"minPrice":39.9`) is refused with the unit named: money
 * in imports is integer fen.
 */
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { importNdjson } from '../src/services/catalogue-import.ts'
import { createTestPlatform, type TestPlatform } from './support.ts'

let p: TestPlatform
before(async () => {
  p = await createTestPlatform('sqlite')
})
after(() => p.close())

test('a fractional price says the unit is fen', async () => {
  const line = (extra: Record<string, unknown>) =>
    JSON.stringify({
      productId: '8800001',
      shopAppId: 'wxunits00000000001',
      title: '单位测试',
      categoryId: '7701',
      minPrice: 3990,
      commissionRatio: 1000,
      ...extra,
    })
  const r = await importNdjson(
    p.database.db,
    'products',
    [
      line({ minPrice: 39.9 }),
      line({ skus: [{ skuId: '1', salePrice: 39.9, marketPrice: 4990 }] }),
    ].join('\n'),
  )
  assert.equal(r.errors.length, 2)
  assert.match(r.errors[0]!.reason, /^minPrice: .*integer fen \(39\.9 yuan is 3990\)/)
  assert.match(r.errors[1]!.reason, /^skus\.0\.salePrice: .*integer fen \(39\.9 yuan is 3990\)/)
})
