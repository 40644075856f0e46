import assert from 'node:assert/strict'
import { test } from 'node:test'
import { markImages } from '../src/db/migrations/011-wire-image-paths.ts'
import { demoCategories, demoProduct, demoShops } from '../src/seed/catalogue.ts'
import {
  compactKeys,
  composeWire,
  productWire,
  toWire,
  type WireRow,
  type WireSku,
} from '../src/services/catalogue-wire.ts'
import { ProductImport, productRows } from '../src/services/catalogue-write.ts'

/*
 * productWire writes the stored form directly. The reference below is its definition: the wire
 * object serialised by JSON.stringify with placeholders for the category and shopInfo, cut at
 * them (U+0001), each own image value marked (U+0002, migration 011), then every key compacted
 * (migration 022).
 */
function referenceWire(r: WireRow, skus: WireSku[]): string {
  const wire = toWire(r, skus, '\u0001category' as never, '\u0001shop' as never, '')
  let text = JSON.stringify(wire)
  const images: [string, string | string[]][] = [
    ['headImg', wire.product.info.headImg],
    ['detailImg', wire.product.info.detail.detailImg],
    ...wire.product.skus.map((s) => ['thumbImg', s.productSkuInfo.thumbImg] as [string, string]),
  ]
  text = markImages(text, images)
  for (const [key, marker] of [
    ['category', '\u0001category'],
    ['shopInfo', '\u0001shop'],
  ] as const) {
    text = text.replace(`"${key}":${JSON.stringify(marker)}`, `"${key}":\u0001`)
  }
  return compactKeys(text)
}

test('productWire writes what the serialised, marked and compacted wire form is, for 3,000 demo products', () => {
  const { leaves } = demoCategories()
  const shops = demoShops(5, 3000)
  let coupons = 0
  for (let i = 0; i < 3000; i++) {
    const { product, path } = demoProduct(5, i, shops, leaves)
    const { row, skus, wire } = productRows(product, i + 1, path)
    if (row.has_coupon) coupons++
    assert.equal(wire, referenceWire(row, skus), `product ${i}`)
  }
  assert.ok(coupons > 500, 'coupons of every type are among them')
})

test('productWire: odd text, foreign and mixed images, keys in param, no SKUs, no coupon id', () => {
  const { leaves } = demoCategories()
  const shops = demoShops(1, 10)
  const texts = [
    '"quoted" \\ back\u0001\u0002\u0003\u001f',
    '{"productId":"1"}',
    '","status":1,"x":{',
    '普通标题 🎁',
    'x',
  ]
  for (const [i, text] of texts.entries()) {
    for (const variant of [0, 1, 2]) {
      const { product, path } = demoProduct(1, i * 7 + 13, shops, leaves)
      const p = ProductImport.parse({
        ...product,
        title: text,
        subTitle: text,
        brand: text,
        model: text,
        headImg: variant === 0 ? ['https://cdn.example/a.png'] : ['/img/a.svg', 'https://b/c.png'],
        detailImg: variant === 1 ? [] : ['https://cdn.example/d.png', text],
        param: [
          { key: text, value: text },
          { key: 'status', value: '{"skuId":' },
        ],
        skus: product.skus.map((s, k) => ({
          ...s,
          thumbImg: k === 0 ? 'https://cdn.example/t.png' : text,
        })),
      })
      const { row, skus } = productRows(p, i + 1, path)
      const rows = [row, { ...row, params: '' }, { ...row, coupon_id: null }]
      for (const r of rows) assert.equal(productWire(r, skus), referenceWire(r, skus), text)
      assert.equal(productWire(row, []), referenceWire(row, []))
      // The stored form expands to what toWire serialises, on any public URL.
      const shop = { name: text } as never
      const category = [{ catId: '1', name: text }]
      for (const base of ['', 'https://t.example']) {
        assert.equal(
          composeWire(productWire(row, skus), JSON.stringify(category), JSON.stringify(shop), base),
          JSON.stringify(toWire(row, skus, category, shop, base)),
        )
      }
    }
  }
})
