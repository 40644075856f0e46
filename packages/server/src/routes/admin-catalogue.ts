/**
 * Operator handlers for the catalogue: NDJSON import (an idempotent upsert by id; a bad line is
 * reported and nothing of it applied), the 精选 pool, and shop states.
 * @module
 */
import type { AdminHandlers } from '../http/admin-route.ts'
import { importNdjson } from '../services/catalogue-import.ts'
import { setSelected } from '../services/catalogue-write.ts'
import { WechatError } from '../services/errors.ts'
import type { Services } from '../services/index.ts'

export function adminCatalogueHandlers(
  s: Services,
): Pick<AdminHandlers, 'catalogue/import' | 'selection/add' | 'selection/remove' | 'shops/update'> {
  /** Run a catalogue write, then drop the cached listings it changed. */
  const write = async <T>(run: Promise<T>): Promise<T> => {
    const result = await run
    s.catalogue.invalidate()
    return result
  }
  return {
    'catalogue/import': async ({ input }) =>
      write(importNdjson(s.catalogue.db, input.params.kind, input.body)),
    'selection/add': async ({ input }) =>
      write(setSelected(s.catalogue.db, input.body.productIds, 1)),
    'selection/remove': async ({ input }) =>
      write(setSelected(s.catalogue.db, input.body.productIds, 0)),
    'shops/update': async ({ input }) => {
      const { appid } = input.params
      const { shopStatus } = input.body
      const shop = await s.catalogue.db
        .selectFrom('shops')
        .select('appid')
        .where('appid', '=', appid)
        .executeTakeFirst()
      if (!shop) throw new WechatError(200002, `no shop ${appid}`, 'not_found')
      await s.catalogue.db
        .insertInto('shop_states')
        .values({ shop_appid: appid, shop_status: shopStatus })
        .onConflict((oc) => oc.column('shop_appid').doUpdateSet({ shop_status: shopStatus }))
        .execute()
      return { appid, shopStatus }
    },
  }
}
