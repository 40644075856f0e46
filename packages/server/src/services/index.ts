/**
 * The domain services, built once per server over one database and clock.
 * @module
 */
import type { Kysely } from 'kysely'
import type { Clock } from '../clock.ts'
import type { ServerConfig } from '../config.ts'
import type { Database } from '../db/schema.ts'
import { Attribution } from './attribution.ts'
import { AuthEpoch } from './auth-epoch.ts'
import { Catalogue } from './catalogue.ts'
import { Credentials } from './credentials.ts'
import { Faults } from './faults.ts'
import { Feed } from './feed.ts'
import { Institutions } from './institutions.ts'
import { Materials } from './materials.ts'
import { NormalOrders } from './normal-orders.ts'
import { NO_OBSERVER, type Observer } from './observer.ts'
import { OpenAccounts } from './open-accounts.ts'
import { OpenProducts } from './open-products.ts'
import { Orders } from './orders.ts'
import { PagingDrift } from './paging-drift.ts'
import { Plans } from './plans.ts'
import { Promoters } from './promoters.ts'
import { Promotions } from './promotions.ts'
import type { QuotaCounter } from './quota.ts'
import { Reports } from './reports.ts'
import { Settings } from './settings.ts'
import { Sharers } from './sharers.ts'
import { StoreMaterials } from './store-materials.ts'
import { StoreOrders } from './store-orders.ts'
import { StoreProducts } from './store-products.ts'
import { Tokens } from './tokens.ts'
import { DEFAULT_WEBHOOK_OPTIONS, Webhooks } from './webhooks.ts'

export interface Services {
  settings: Settings
  promoters: Promoters
  credentials: Credentials
  tokens: Tokens
  promotions: Promotions
  catalogue: Catalogue
  orders: Orders
  materials: Materials
  plans: Plans
  openAccounts: OpenAccounts
  openProducts: OpenProducts
  normalOrders: NormalOrders
  feed: Feed
  webhooks: Webhooks
  reports: Reports
  attribution: Attribution
  institutions: Institutions
  sharers: Sharers
  storeProducts: StoreProducts
  storeMaterials: StoreMaterials
  storeOrders: StoreOrders
  faults: Faults
  pagingDrift: PagingDrift
  /** The revocation counter behind the token and fault-rule caches. */
  authEpoch: AuthEpoch
}

export async function createServices(deps: {
  db: Kysely<Database>
  clock: Clock
  config: ServerConfig
  quota: QuotaCounter
  serverKey?: string
  /** Accept private and loopback webhook URLs (config.allowPrivateWebhooks or a test clock). */
  allowPrivateWebhooks?: boolean
  /** Told of purchases, settlements and webhook attempts (metrics, logs). */
  observer?: Observer
  /** The appsecret check (scrypt by default); tests count its calls. */
  verifySecret?: (secret: string, stored: string) => Promise<boolean>
}): Promise<Services> {
  const { db, clock, config, quota } = deps
  const observer = deps.observer ?? NO_OBSERVER
  const settings = new Settings(db)
  const serverKey = await settings.serverKey(deps.serverKey)
  const promoters = new Promoters(db, clock, config.promotionMaxCnt)
  const credentials = new Credentials({
    db,
    clock,
    counter: quota,
    limits: {
      failuresPerAccount: config.failedSecretLimit,
      failuresPerAddress: config.failedAddressLimit,
    },
    verify: deps.verifySecret,
  })
  const catalogue = new Catalogue(db)
  const materials = new Materials(db, clock, config, serverKey, observer)
  // One per process: the token and fault-rule caches share its read.
  const epoch = new AuthEpoch(db)
  const faults = new Faults(db, clock, epoch)
  const webhooks = new Webhooks(
    db,
    clock,
    {
      ...DEFAULT_WEBHOOK_OPTIONS,
      allowPrivate: deps.allowPrivateWebhooks ?? config.allowPrivateWebhooks,
      retryBaseMs: config.webhookRetryBaseMs,
      publicUrl: () => config.publicUrl,
    },
    observer,
    faults,
  )
  const sharers = new Sharers(db, clock, serverKey)
  const orders = new Orders(db, clock, config.settlementDelay, observer)
  return {
    settings,
    promoters,
    credentials,
    tokens: new Tokens({ db, clock, config, credentials, quota, serverKey, epoch }),
    promotions: new Promotions(db, clock),
    catalogue,
    orders,
    materials,
    plans: new Plans(db, clock, catalogue),
    openAccounts: new OpenAccounts(db, clock, config.customizeInfoMaxCnt),
    openProducts: new OpenProducts(db, clock, catalogue, materials),
    normalOrders: new NormalOrders(db),
    feed: new Feed(db),
    webhooks,
    reports: new Reports(db),
    attribution: new Attribution(db, materials),
    institutions: new Institutions(db, clock, promoters, webhooks),
    sharers,
    storeProducts: new StoreProducts(db, clock),
    storeMaterials: new StoreMaterials(db, clock, config, materials, sharers),
    storeOrders: new StoreOrders(db, config, serverKey),
    authEpoch: epoch,
    faults,
    pagingDrift: new PagingDrift(db, clock, orders),
  }
}
