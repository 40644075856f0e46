/**
 * The server's tests use the shared test kit: the dialect matrix and an in-process platform.
 * @module
 */
import assert from 'node:assert/strict'
import { createTestPlatform, type TestPlatform, type TestPlatformOptions } from '@tuike/testkit'
import { type Kysely, sql } from 'kysely'
import { up as wireByPk } from '../src/db/migrations/025-wire-by-pk.ts'
import type { Database } from '../src/db/schema.ts'
import type { Dialect, SeedCatalogueOptions } from '../src/index.ts'
import type { Catalogue, CatalogueQuery } from '../src/services/catalogue.ts'

export * from '@tuike/testkit'

/** How many orders the platform has stored. */
export async function orderCount(p: TestPlatform): Promise<number> {
  const row = await p.database.db
    .selectFrom('orders')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** The operator key and public URL of the union suites' platforms. */
export const ADMIN_KEY = 'tka_test_admin_key-00000000000000000'
export const PUBLIC = 'https://tuike.example.com'

/**
 * The union paths most suites call, spelled out (not read from the contract) so that a moved
 * route fails the tests. ADD, DEL, UPD and LIST are the promotion spots'.
 */
export const ADD = '/union/promoter/promotion/add'
export const DEL = '/union/promoter/promotion/del'
export const UPD = '/union/promoter/promotion/upd'
export const LIST = '/union/promoter/promotion/list'
export const CATEGORY = '/union/promoter/product/category'
export const GENERATE = '/union/promoter/product/generate'
export const PARSE = '/union/promoter/product/parse_tag'
export const INFO = '/union/promoter/order/info'
export const SEARCH = '/union/promoter/order/search'

/** A union suite's platform: the demo catalogue `catalogue`, ADMIN_KEY set, PUBLIC its URL. */
export function unionPlatform(
  dialect: Dialect,
  catalogue: SeedCatalogueOptions,
  options: TestPlatformOptions = {},
): Promise<TestPlatform> {
  return createTestPlatform(dialect, {
    ...options,
    config: { publicUrl: PUBLIC, ...options.config },
    adminKey: ADMIN_KEY,
    catalogue,
  })
}

/**
 * A generate call (product/generate, open_product/generate) for one product on a spot, checked for what every material carries: the
 * product and pid it was asked for, its shop, and a short link under PUBLIC that its wording and
 * tag end with. Returns the material and its short code.
 */
export async function generateOne(
  p: TestPlatform,
  path: string,
  token: string,
  pid: string,
  product: { id: string; shop_appid: string },
  customizeInfo: string,
): Promise<{ m: Awaited<ReturnType<TestPlatform['post']>>; code: string }> {
  const productList = [{ productId: product.id, appId: product.shop_appid, customizeInfo }]
  const res = await p.post(path, token, { pid, productList })
  assert.equal(res.errcode, 0, JSON.stringify(res))
  assert.equal(res.errmsg, 'ok')
  const [m] = res.list
  assert.equal(m.productId, product.id)
  assert.equal(m.pid, pid)
  assert.equal(m.productInfo.productId, product.id)
  assert.equal(m.shareInfo.appId, product.shop_appid)
  assert.match(m.shareInfo.promotionUrl, /^https:\/\/tuike\.example\.com\/s\/[a-z2-9]{12}$/)
  assert.ok(m.shareInfo.promotionWording.endsWith(m.shareInfo.promotionUrl))
  const code = m.shareInfo.promotionUrl.slice(`${PUBLIC}/s/`.length)
  assert.ok(m.shareInfo.promotionTag.endsWith(`/${code}`))
  return { m, code }
}

/**
 * Run `fn` (an earlier migration's up, written for product_wire keyed by the SPU id) on the
 * table as it was before migration 025, then key it by pk again with 025: an upgrade from then.
 */
export async function withWireBefore025(db: Kysely<Database>, fn: () => Promise<void>) {
  await sql`create table product_wire_by_id (id text primary key, wire text not null)`.execute(db)
  await sql`insert into product_wire_by_id (id, wire)
    select p.id, w.wire from products p join product_wire w on w.pk = p.pk`.execute(db)
  await sql`drop table product_wire`.execute(db)
  await sql`alter table product_wire_by_id rename to product_wire`.execute(db)
  await fn()
  await wireByPk(db as never)
}

/**
 * One product/list page of `catalogue` (searchAnswer), as its total and the product list's JSON
 * text, for tests that compare pages across catalogues.
 */
export async function pageOf(
  catalogue: Catalogue,
  q: CatalogueQuery,
  base: string,
): Promise<{ productList: string; total: number }> {
  const bytes = await catalogue.searchAnswer(q, base, (page) => Buffer.from(JSON.stringify(page)))
  return JSON.parse(bytes.toString())
}
