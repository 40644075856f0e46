/**
 * Promotable products of the successor API on every dialect (store-promoter-api.md §5): every
 * filter of get_promote_product_list against a brute-force reading of the catalogue, next_key
 * paging and its cap, the targeted plan type, product detail, and the union view of the same
 * product (ratios converted exactly: 1/10,000 × 100 = 1/1,000,000; filters 1/100,000).
 */
import assert from 'node:assert/strict'
import { before, test } from 'node:test'
import { encodeNextKey } from '../src/services/next-key.ts'
import { flagsOf } from '../src/services/store-products.ts'
import {
  createStorePlatform,
  listedProducts,
  PROMOTER,
  type StorePlatform,
} from './store-support.ts'
import { eachDialect, openForSuite } from './support.ts'

const LIST = `${PROMOTER}/get_promote_product_list`
const DETAIL = `${PROMOTER}/get_promote_product_detail`

type Product = Awaited<ReturnType<typeof listedProducts>>[number]

/** Every product id of a walk over all pages (ids read from the raw text, exactly). */
async function walk(
  p: StorePlatform,
  body: Record<string, unknown>,
  pageSize = 7,
): Promise<string[]> {
  const ids: string[] = []
  let next_key = ''
  for (let i = 0; i < 100; i++) {
    const text = await p.storeText(LIST, JSON.stringify({ ...body, page_size: pageSize, next_key }))
    const r = JSON.parse(text)
    assert.equal(r.errcode, 0, text)
    ids.push(...[...text.matchAll(/"product_id":(\d+)/g)].map((m) => m[1]!))
    assert.ok(r.product_list.length <= pageSize)
    next_key = r.next_key
    if (!next_key) return ids
  }
  throw new Error('the walk did not end')
}

eachDialect('successor products', (dialect) => {
  let products: Product[]
  const p = openForSuite(() => createStorePlatform(dialect, { products: 60 }))
  before(async () => {
    products = await listedProducts(p)
  })

  const expect = (pred: (x: Product) => boolean) => products.filter(pred).map((x) => x.id)

  test('plan 2 lists every listed product once, in catalogue order, with uint64 ids exact', async () => {
    const ids = await walk(p, { plan_type: 2 })
    assert.deepEqual(
      ids,
      products.map((x) => x.id),
    )
    assert.ok(ids.some((id) => BigInt(id) > BigInt(Number.MAX_SAFE_INTEGER)))
    const r = await p.store(LIST, { plan_type: 2, page_size: 21 })
    assert.equal(r.errcode, 10024000)
    assert.match(r.errmsg, /page_size must be <= 20/)
    const d = await p.store(LIST, { plan_type: 2 })
    assert.equal(d.product_list.length, 10, 'page_size defaults to 10')
  })

  test('each filter matches the catalogue read by hand (AND, inclusive bounds)', async () => {
    const prices = products.map((x) => Number(x.min_price)).sort((a, b) => a - b)
    const [lo, hi] = [prices[10]!, prices[40]!]
    assert.deepEqual(
      await walk(p, {
        plan_type: 2,
        spu_item_condition: { selling_price_range: { min: String(lo), max: hi } },
      }),
      expect((x) => Number(x.min_price) >= lo && Number(x.min_price) <= hi),
    )
    const sold = products.map((x) => Number(x.sold)).sort((a, b) => a - b)[30]!
    assert.deepEqual(
      await walk(p, { plan_type: 2, spu_item_condition: { monthly_sales_range: { min: sold } } }),
      expect((x) => Number(x.sold) >= sold),
    )
    // Rate filters in 1/100,000: the union ratio (1/10,000) × 10.
    const ratio = products[5]!.commission_ratio
    assert.deepEqual(
      await walk(p, {
        plan_type: 2,
        spu_item_condition: { commission_rate_range: { min: ratio * 10, max: ratio * 10 } },
      }),
      expect((x) => x.commission_ratio === ratio),
    )
    assert.deepEqual(
      await walk(p, {
        plan_type: 2,
        spu_item_condition: { service_fee_rate_range: { max: String(ratio * 10 - 1) } },
      }),
      expect((x) => x.commission_ratio < ratio),
    )
    assert.deepEqual(
      await walk(p, { plan_type: 2, spu_item_condition: { flags: ['0', 7] } }),
      expect((x) => (flagsOf(x.pk) & 0b10000001) === 0b10000001),
    )
    assert.deepEqual(await walk(p, { plan_type: 2, spu_item_condition: { flags: ['2'] } }), [])
    const shop = products[0]!.shop_appid
    assert.deepEqual(
      await walk(p, { plan_type: 2, shop_appid: shop }),
      expect((x) => x.shop_appid === shop),
    )
    const word = products[3]!.title.split(' ')[1]!.slice(0, 2)
    assert.deepEqual(
      await walk(p, { plan_type: 2, keyword: word }),
      expect((x) => x.title.toLowerCase().includes(word.toLowerCase())),
    )
    const cat = products[7]!.cat1
    assert.deepEqual(
      await walk(p, {
        plan_type: 2,
        category: { category_id: '1', category_ids_1: [Number(cat)] },
      }),
      expect((x) => x.cat1 === cat),
    )
    assert.deepEqual(
      await walk(p, { plan_type: 2, spu_item_condition: { promote_time_range: { max: 1000 } } }),
      [],
    )
    const both = await walk(p, {
      plan_type: 2,
      shop_appid: shop,
      spu_item_condition: { selling_price_range: { min: lo } },
    })
    assert.deepEqual(
      both,
      expect((x) => x.shop_appid === shop && Number(x.min_price) >= lo),
    )
  })

  test('values beyond their columns are 10024000, never a database error', async () => {
    const big = await p.store(LIST, {
      plan_type: 2,
      spu_item_condition: { selling_price_range: { min: 2 ** 31 } },
    })
    assert.equal(big.errcode, 10024000)
    assert.match(big.errmsg, /selling_price_range\.min must be <= 2147483647/)
    const rate = await p.store(LIST, {
      plan_type: 2,
      spu_item_condition: { commission_rate_range: { max: '99999999999' } },
    })
    assert.equal(rate.errcode, 10024000)
    // A cursor of the right list and filters whose position no row key can take.
    const forged = encodeNextKey('products', { plan_type: 2 }, [2 ** 40])
    const r = await p.store(LIST, { plan_type: 2, next_key: forged })
    assert.equal(r.errcode, 10024000)
    assert.match(r.errmsg, /next_key/)
    const nul = await p.storeText(LIST, '{"plan_type":2,"keyword":"a\\u0000b"}')
    assert.equal(JSON.parse(nul).errcode, 10024000)
  })

  test('next_key is bound to its filters and plan types 3 and 4 have no products', async () => {
    const first = await p.store(LIST, { plan_type: 2, page_size: 3 })
    assert.ok(first.next_key)
    const reused = await p.store(LIST, {
      plan_type: 2,
      page_size: 3,
      next_key: first.next_key,
      keyword: 'x',
    })
    assert.equal(reused.errcode, 10024000)
    for (const plan_type of [3, 4]) assert.deepEqual(await walk(p, { plan_type }), [])
    assert.deepEqual(await walk(p, { plan_type: 1 }), [], 'no targeted plan joined yet')
  })

  test('plan 1: the products of a joined targeted plan, at its ratio; category ignored there', async () => {
    const shop = products[0]!.shop_appid
    const planned = products.filter((x) => x.shop_appid === shop).slice(0, 2)
    const now = Math.floor(Date.now() / 1000)
    const plan = await p.services.plans.create(
      {
        shopAppid: shop,
        name: 'p1',
        description: '',
        startTime: now - 60,
        endTime: now + 86400,
        products: planned.map((x, i) => ({ productId: x.id, commissionRatio: 3000 + i })),
      },
      '',
    )
    await p.services.plans.apply(p.inst.appid, plan.planId, 'x')
    assert.deepEqual(await walk(p, { plan_type: 1 }), [], 'applied is not joined')
    await p.services.plans.decide(plan.planId, p.inst.appid, 'approve')
    assert.deepEqual(
      await walk(p, { plan_type: 1, category: { category_ids_1: ['0'] } }),
      planned.map((x) => x.id),
    )
    assert.deepEqual(
      await walk(p, {
        plan_type: 1,
        spu_item_condition: { service_fee_rate_range: { min: 30010 } },
      }),
      [planned[1]!.id],
    )
    const d = await p.store(DETAIL, {
      shop_appid: shop,
      product_id: planned[1]!.id,
      plan_type: 1,
    })
    assert.equal(d.product.commission_info.service_ratio, 3001 * 100)
    assert.deepEqual(
      [d.product.commission_info.start_time, d.product.commission_info.end_time],
      [now - 60, now + 86400],
    )
    const other = products.find((x) => x.shop_appid !== shop)!
    assert.equal(
      (
        await p.store(DETAIL, {
          shop_appid: other.shop_appid,
          product_id: other.id,
          plan_type: 1,
        })
      ).errcode,
      10024004,
    )
  })

  test('detail agrees with the union view of the same product; errors 10024004 and 10024003', async () => {
    const x = products[1]!
    const union = await p.get('/union/promoter/product/list', (await p.promoter()).token, {
      from: 0,
      limit: 1,
      productId: x.id,
    })
    const u = union.productList[0]
    const text = await p.storeText(
      DETAIL,
      JSON.stringify({
        shop_appid: x.shop_appid,
        product_id: x.id,
        plan_type: 2,
        get_available_coupon: true,
      }),
    )
    const d = JSON.parse(text)
    assert.equal(d.errcode, 0)
    assert.match(
      text,
      new RegExp(`"product":\\{"shop_appid":"${x.shop_appid}","product_id":${x.id},`),
    )
    assert.equal(d.product.commission_info.service_ratio, u.leagueExInfo.commissionRatio * 100)
    assert.equal(
      d.product.commission_info.normal_commission_info.ratio,
      u.leagueExInfo.commissionRatio * 100,
    )
    assert.equal(d.product.commission_info.status, 1)
    const info = d.product.product_info
    assert.equal(info.title, u.product.info.title)
    assert.deepEqual(info.head_imgs, u.product.info.headImg)
    assert.deepEqual(
      info.cats_v2.map((c: any) => c.cat_id),
      u.product.info.category.map((c: any) => c.catId),
    )
    assert.deepEqual(
      info.skus.map((k: any) => [k.sku_id, k.sale_price, k.stock_num]),
      u.product.skus.map((k: any) => [
        k.skuId,
        k.productSkuInfo.salePrice,
        k.productSkuInfo.stockInfo.stockNum,
      ]),
    )
    assert.equal(Math.min(...info.skus.map((k: any) => k.sale_price)), u.product.info.minPrice)
    const flags = flagsOf(x.pk)
    assert.equal(info.extra_service.seven_day_return, flags & 1)
    assert.equal(info.express_info.shipping_method, flags & 128 ? 'FREE' : 'NO_FREE')
    assert.deepEqual([d.publish_coupons, d.cooperative_coupons], [[], []])
    assert.equal(d.product.product_promotion_link, '')

    const noCoupons = await p.store(DETAIL, {
      shop_appid: x.shop_appid,
      product_id: x.id,
      plan_type: 2,
    })
    assert.equal('publish_coupons' in noCoupons, false)
    assert.equal(
      (await p.store(DETAIL, { shop_appid: x.shop_appid, product_id: '123', plan_type: 2 }))
        .errcode,
      10024004,
    )
    const otherShop = products.find((y) => y.shop_appid !== x.shop_appid)!.shop_appid
    assert.equal(
      (await p.store(DETAIL, { shop_appid: otherShop, product_id: x.id, plan_type: 2 })).errcode,
      10024004,
    )
    assert.equal(
      (await p.store(DETAIL, { shop_appid: 'wxnope', product_id: x.id, plan_type: 2 })).errcode,
      10024003,
    )
    assert.equal(
      (await p.store(DETAIL, { shop_appid: x.shop_appid, product_id: x.id, plan_type: 4 })).errcode,
      10024000,
    )
    assert.equal(
      (
        await p.store(DETAIL, {
          shop_appid: x.shop_appid,
          product_id: x.id,
          plan_type: 4,
          head_supplier_appid: 'wxh',
        })
      ).errcode,
      10024004,
    )
  })
})
