/**
 * The server's tests use the shared test kit: the dialect matrix and an in-process platform.
 * @module
 */
import type { TestPlatform } from '@tuike/testkit'

export * from '@tuike/testkit'

/** How many orders the platform has stored. */
export async function orderCount(p: TestPlatform): Promise<number> {
  const row = await p.database.db
    .selectFrom('orders')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
