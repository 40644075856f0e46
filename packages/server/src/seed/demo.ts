/**
 * Demo data for a fresh database: one promoter with a couple of promotion spots, the demo
 * catalogue, and a few hundred orders of that promoter.
 * @module
 */
import type { Services } from '../services/index.ts'
import { seedCatalogue } from './catalogue.ts'
import { seedOrders } from './orders.ts'

export interface DemoSeed {
  appid: string
  secret: string
}

export async function seedDemo(s: Services): Promise<DemoSeed> {
  const { appid, secret } = await s.promoters.create('Demo 推客')
  await s.settings.set('demo_appid', appid)
  for (const name of ['首页推荐', '朋友圈', '社群团购']) await s.promotions.add(appid, name)
  // The demo catalogue (about 2,000 products), unless the database already has one.
  const hasProducts = await s.catalogue.db
    .selectFrom('products')
    .select('pk')
    .limit(1)
    .executeTakeFirst()
  if (!hasProducts) await seedCatalogue(s.catalogue.db, { products: 2000, seed: 1 })
  // A few hundred orders over the last 90 days across its spots, in every commission state.
  await seedOrders(s.catalogue.db, { orders: 300, appids: [appid], seed: 1 })
  return { appid, secret }
}
