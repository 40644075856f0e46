/**
 * The server's tests use the shared test kit: the dialect matrix and an in-process platform.
 * @module
 */
import { createTestPlatform, type TestPlatform, type TestPlatformOptions } from '@tuike/testkit'
import type { Dialect, SeedCatalogueOptions } from '../src/index.ts'

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
