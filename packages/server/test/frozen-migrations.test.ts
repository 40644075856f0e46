import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { sql } from 'kysely'
import { up as catalogueSpeed } from '../src/db/migrations/005-catalogue-speed.ts'
import { up as wireImagePaths } from '../src/db/migrations/011-wire-image-paths.ts'
import { up as couponWireTypes } from '../src/db/migrations/012-coupon-wire-types.ts'
import { up as compactCatalogue } from '../src/db/migrations/022-compact-catalogue.ts'
import { up as wireByPk } from '../src/db/migrations/025-wire-by-pk.ts'
import { seedCatalogue } from '../src/index.ts'
import { DIALECTS, openTestDatabase } from './support.ts'

for (const dialect of DIALECTS) {
  describe(`frozen migrations (${dialect})`, () => {
    test('005, 011, 012, 022 and 025 fill product_wire with their frozen serialisers as the live one writes it today', async () => {
      const { db, close } = await openTestDatabase(dialect)
      try {
        await seedCatalogue(db, { products: 40, seed: 3 })
        const live = await db.selectFrom('product_wire').selectAll().orderBy('pk').execute()
        assert.equal(live.length, 40)
        await sql`drop table product_wire`.execute(db)
        await catalogueSpeed(db as never)
        await wireImagePaths(db as never)
        await couponWireTypes(db as never)
        await compactCatalogue(db as never)
        await wireByPk(db as never)
        const frozen = await db.selectFrom('product_wire').selectAll().orderBy('pk').execute()
        assert.deepEqual(frozen, live)
      } finally {
        await close()
      }
    })
  })
}
