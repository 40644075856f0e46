/**
 * Demo clicks that agree with the demo orders: every ordered product has the material (short
 * link) of its spot, each order was preceded that China-time day by 12–40 opens of that link
 * (conversion 2.5–8 %, as affiliate links convert), and every spot also has browsing days that
 * sold nothing. So the report's click → order funnel and the console's conversion are believable.
 * @module
 */
import type { Insertable, Kysely } from 'kysely'
import type { Database, MaterialClicksTable, MaterialsTable } from '../db/schema.ts'
import { CLICK_WINDOW_SECONDS } from '../security/visits.ts'
import { prng } from './catalogue.ts'

const DAY = 24 * 3600
/** China time, the day boundary of reports. */
const CHINA = 8 * 3600
const ROWS_PER_INSERT = 500

export interface SeedClicksOptions {
  /** The short code of a material (Materials.code, so the demo links open). */
  code: (pid: string, productId: string) => string
  seed?: number
  /** How many days of browsing back from now (default 90). */
  days?: number
  now?: number
}

/** Write the materials and clicks of `appid`'s seeded orders. Returns the click count. */
export async function seedClicks(
  db: Kysely<Database>,
  appid: string,
  options: SeedClicksOptions,
): Promise<number> {
  const rand = prng((options.seed ?? 1) ^ 0xc11c5)
  const now = options.now ?? Math.floor(Date.now() / 1000)
  const lines = await db
    .selectFrom('order_lines as l')
    .innerJoin('orders as o', 'o.order_id', 'l.order_id')
    .select(['l.pid', 'l.product_id', 'o.shop_appid', 'o.pay_time'])
    .where('o.appid', '=', appid)
    .orderBy('o.pay_time')
    .execute()
  const materials = new Map<string, Insertable<MaterialsTable>>()
  const clicks: Insertable<MaterialClicksTable>[] = []
  const click = (code: string, pid: string, at: number) =>
    clicks.push({
      code,
      pid,
      at,
      visitor: `demo${Math.floor(rand() * 2 ** 48).toString(16)}`,
      window_start: at - (at % CLICK_WINDOW_SECONDS),
    })
  for (const l of lines) {
    const payTime = Number(l.pay_time)
    const code = options.code(l.pid, l.product_id)
    if (!materials.has(code)) {
      materials.set(code, {
        code,
        appid,
        pid: l.pid,
        product_id: l.product_id,
        shop_appid: l.shop_appid,
        customize_info: '',
        coupon: 0,
        created_at: payTime - ((payTime + CHINA) % DAY),
      })
    }
    const dayStart = payTime - ((payTime + CHINA) % DAY)
    const n = 12 + Math.floor(rand() * 29)
    for (let k = 0; k < n; k++)
      click(code, l.pid, dayStart + Math.floor(rand() * (payTime - dayStart + 1)))
  }
  // Browsing that sold nothing: on most days, a few opens of each spot's links.
  const bySpot = new Map<string, string[]>()
  for (const m of materials.values()) bySpot.set(m.pid, [...(bySpot.get(m.pid) ?? []), m.code])
  const days = options.days ?? 90
  for (const [pid, codes] of bySpot) {
    for (let d = days; d >= 1; d--) {
      const dayStart = now - d * DAY - ((now - d * DAY + CHINA) % DAY)
      const n = rand() < 0.3 ? 0 : Math.floor(rand() * 20)
      for (let k = 0; k < n; k++) {
        const code = codes[Math.floor(rand() * codes.length)]!
        const created = Number(materials.get(code)!.created_at)
        const at = dayStart + Math.floor(rand() * DAY)
        if (at >= created && at < now) click(code, pid, at)
      }
    }
  }
  const rows = [...materials.values()]
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT)
      await trx
        .insertInto('materials')
        .values(rows.slice(i, i + ROWS_PER_INSERT))
        .onConflict((oc) => oc.column('code').doNothing())
        .execute()
    for (let i = 0; i < clicks.length; i += ROWS_PER_INSERT)
      await trx
        .insertInto('material_clicks')
        .values(clicks.slice(i, i + ROWS_PER_INSERT))
        .onConflict((oc) => oc.columns(['code', 'visitor', 'window_start']).doNothing())
        .execute()
  })
  return clicks.length
}
