/**
 * Demo data for a fresh database: one promoter with a couple of promotion spots, the demo
 * catalogue, and a few hundred orders of that promoter with the clicks that led to them; and for the successor API one 机构 with
 * two bound sharers, a targeted plan it has joined, and four weeks of its sharers' orders.
 * @module
 */
import { randomBytes } from 'node:crypto'
import type { OpenDatabase } from '../db/open.ts'
import type { Services } from '../services/index.ts'
import { seedCatalogue } from './catalogue.ts'
import { seedClicks } from './clicks.ts'
import { seedOrders } from './orders.ts'

export interface DemoSeed {
  appid: string
  secret: string
  /** The demo 机构 of the successor API and its bound sharers. */
  institution: { appid: string; secret: string; sharers: string[] }
}

const DAY = 24 * 3600

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
  // The links those orders came through, opened as often as links that sell are.
  await seedClicks(s.catalogue.db, appid, {
    code: (pid, productId) => s.materials.code(pid, productId, '', false),
  })
  return { appid, secret, institution: await seedInstitution(s) }
}

/**
 * The demo 机构: a sharer on platform commission (平台分佣, half the service fee) and one who
 * registered simply (机构自己分佣), a targeted plan of one shop's first products at twice their
 * public ratio (plan_type 1), and 80 orders of the last four weeks through the two sharers.
 */
async function seedInstitution(s: Services): Promise<DemoSeed['institution']> {
  const inst = await s.institutions.create('Demo 机构')
  await s.settings.set('demo_institution_appid', inst.appid)
  const sharers = [
    await s.sharers.createBound(inst.appid, { nickname: '小王', commissionRatio: 500_000 }),
    await s.sharers.createBound(inst.appid, {
      nickname: '阿杰',
      simpleRegister: true,
      commissionRatio: 300_000,
    }),
  ]
  const products = await s.catalogue.db
    .selectFrom('products')
    .select(['id', 'shop_appid', 'commission_ratio'])
    .where('status', '=', 5)
    .orderBy('pk')
    .limit(40)
    .execute()
  const shop = products[0]?.shop_appid
  const planned = products.filter((p) => p.shop_appid === shop).slice(0, 5)
  if (shop && planned.length > 0) {
    const now = Math.floor(Date.now() / 1000)
    const plan = await s.plans.create(
      {
        shopAppid: shop,
        name: '机构定向 · 开学季',
        description: 'Demo targeted plan of the demo 机构',
        startTime: now - 30 * DAY,
        endTime: now + 180 * DAY,
        products: planned.map((p) => ({
          productId: p.id,
          commissionRatio: Math.min(p.commission_ratio * 2, 9000),
        })),
      },
      '',
    )
    await s.plans.apply(inst.appid, plan.planId, 'demo 机构')
    await s.plans.decide(plan.planId, inst.appid, 'approve')
  }
  await seedOrders(s.catalogue.db, { orders: 80, appids: [inst.appid], seed: 2, days: 28 })
  return { appid: inst.appid, secret: inst.secret, sharers: sharers.map((x) => x.sharer_appid) }
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
    const accounts = (await s.promoters.list()).length + (await s.institutions.list()).length
    if (mode === 'auto' && accounts > 0) return undefined
    // The claim also keeps two processes on one SQLite file from both seeding.
    const claim = randomBytes(16).toString('hex')
    if ((await s.settings.setIfAbsent('demo_seed_claim', claim)) !== claim) return undefined
    return seedDemo(s)
  })
}
