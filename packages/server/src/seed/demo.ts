/**
 * Demo data for a fresh database: one promoter with a couple of promotion spots.
 * @module
 */
import type { Services } from '../services/index.ts'

export interface DemoSeed {
  appid: string
  secret: string
}

export async function seedDemo(s: Services): Promise<DemoSeed> {
  const { appid, secret } = await s.promoters.create('Demo 推客')
  await s.settings.set('demo_appid', appid)
  for (const name of ['首页推荐', '朋友圈', '社群团购']) await s.promotions.add(appid, name)
  return { appid, secret }
}
