/**
 * The domain services, built once per server over one database and clock.
 * @module
 */
import type { Kysely } from 'kysely'
import type { Clock } from '../clock.ts'
import type { ServerConfig } from '../config.ts'
import type { Database } from '../db/schema.ts'
import { Catalogue } from './catalogue.ts'
import { Materials } from './materials.ts'
import { NormalOrders } from './normal-orders.ts'
import { OpenAccounts } from './open-accounts.ts'
import { OpenProducts } from './open-products.ts'
import { Orders } from './orders.ts'
import { Plans } from './plans.ts'
import { Promoters } from './promoters.ts'
import { Promotions } from './promotions.ts'
import type { QuotaCounter } from './quota.ts'
import { Settings } from './settings.ts'
import { Tokens } from './tokens.ts'

export interface Services {
  settings: Settings
  promoters: Promoters
  tokens: Tokens
  promotions: Promotions
  catalogue: Catalogue
  orders: Orders
  materials: Materials
  plans: Plans
  openAccounts: OpenAccounts
  openProducts: OpenProducts
  normalOrders: NormalOrders
}

export async function createServices(deps: {
  db: Kysely<Database>
  clock: Clock
  config: ServerConfig
  quota: QuotaCounter
  serverKey?: string
}): Promise<Services> {
  const { db, clock, config, quota } = deps
  const settings = new Settings(db)
  const serverKey = await settings.serverKey(deps.serverKey)
  const promoters = new Promoters(db, clock, config.promotionMaxCnt)
  const catalogue = new Catalogue(db)
  const materials = new Materials(db, clock, config, serverKey)
  return {
    settings,
    promoters,
    tokens: new Tokens({ db, clock, config, promoters, quota, serverKey }),
    promotions: new Promotions(db, clock),
    catalogue,
    orders: new Orders(db, clock, config.settlementDelay),
    materials,
    plans: new Plans(db, clock, catalogue),
    openAccounts: new OpenAccounts(db, clock, config.customizeInfoMaxCnt),
    openProducts: new OpenProducts(db, clock, catalogue, materials, config.generateMaxProducts),
    normalOrders: new NormalOrders(db),
  }
}
