/**
 * Demo data for a fresh database: one promoter with a couple of promotion spots, and the demo
 * catalogue.
 * @module
 */
import type { Services } from '../services/index.ts'
import { seedCatalogue } from './catalogue.ts'

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
  return { appid, secret }
}
