/**
 * Demo data for a fresh database: one promoter with a couple of promotion spots, the demo
 * catalogue, and a few hundred orders of that promoter.
 * @module
 */
import { randomBytes } from 'node:crypto'
import type { OpenDatabase } from '../db/open.ts'
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

/**
 * The demo seed of `tuike serve`, once per database whatever the flag: under the database's
 * seed lock (instances starting together wait for the one seeding), a database that has the demo
 * data, or a claim on seeding it, is not seeded again; `auto` (no --seed) seeds only an empty
 * database. Returns the new demo credentials when this call seeded.
 */
export function seedDemoOnce(
  s: Services,
  database: Pick<OpenDatabase, 'exclusive'>,
  mode: 'demo' | 'auto',
): Promise<DemoSeed | undefined> {
  return database.exclusive('demo-seed', async () => {
    if (await s.settings.get('demo_appid')) return undefined
    if (mode === 'auto' && (await s.promoters.list()).length > 0) return undefined
    // The claim also keeps two processes on one SQLite file from both seeding.
    const claim = randomBytes(16).toString('hex')
    if ((await s.settings.setIfAbsent('demo_seed_claim', claim)) !== claim) return undefined
    return seedDemo(s)
  })
}
