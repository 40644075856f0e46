/**
 * Versioned migrations, applied in name order on every dialect. Add a file, never edit one
 * that has shipped.
 * @module
 */
import type { Migration, MigrationProvider } from 'kysely'
import * as accounts from './001-accounts.ts'
import * as catalogue from './002-catalogue.ts'
import * as orders from './003-orders.ts'
import * as materials from './004-materials.ts'
import * as catalogueSpeed from './005-catalogue-speed.ts'
import * as plansAccounts from './006-plans-accounts.ts'
import * as quotas from './007-quotas.ts'
import * as consoleSessions from './008-console-sessions.ts'
import * as feedWebhooks from './009-feed-webhooks.ts'
import * as catalogueFacets from './010-catalogue-facets.ts'
import * as wireImagePaths from './011-wire-image-paths.ts'
import * as couponWireTypes from './012-coupon-wire-types.ts'
import * as deliveryRid from './013-delivery-rid.ts'
import * as store from './014-store.ts'
import * as clickVisitors from './016-click-visitors.ts'
import * as faults from './018-faults.ts'
import * as catalogueChanges from './019-catalogue-changes.ts'
import * as authEpoch from './020-auth-epoch.ts'
import * as compactGrams from './021-compact-grams.ts'
import * as compactCatalogue from './022-compact-catalogue.ts'
import * as pgGramArrays from './023-pg-gram-arrays.ts'
import * as orderStatusIdx from './024-order-status-idx.ts'
import * as wireByPk from './025-wire-by-pk.ts'

const MIGRATIONS: Record<string, Migration> = {
  '001-accounts': accounts,
  '002-catalogue': catalogue,
  '003-orders': orders,
  '004-materials': materials,
  '005-catalogue-speed': catalogueSpeed,
  '006-plans-accounts': plansAccounts,
  '007-quotas': quotas,
  '008-console-sessions': consoleSessions,
  '009-feed-webhooks': feedWebhooks,
  '010-catalogue-facets': catalogueFacets,
  '011-wire-image-paths': wireImagePaths,
  '012-coupon-wire-types': couponWireTypes,
  '013-delivery-rid': deliveryRid,
  '014-store': store,
  '016-click-visitors': clickVisitors,
  '018-faults': faults,
  '019-catalogue-changes': catalogueChanges,
  '020-auth-epoch': authEpoch,
  '021-compact-grams': compactGrams,
  '022-compact-catalogue': compactCatalogue,
  '023-pg-gram-arrays': pgGramArrays,
  '024-order-status-idx': orderStatusIdx,
  '025-wire-by-pk': wireByPk,
}

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
}
