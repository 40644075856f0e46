/**
 * Peer conformance: the exact requests of real third-party union clients (one fixture file per
 * client in ./peers), replayed against the server on every dialect, with the answer each should
 * get: success where WeChat would answer, a teaching errmsg where the client is wrong.
 */
import assert from 'node:assert/strict'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { before, describe, test } from 'node:test'
import { seedCatalogue } from '../src/seed/catalogue.ts'
import { fill, type PeerContext, type PeerFixture } from './peers/fixture.ts'
import {
  createTestPlatform,
  eachDialect,
  oneLineOrder,
  openForSuite,
  type TestPlatform,
} from './support.ts'

const DIR = join(import.meta.dirname, 'peers')
const fixtures: PeerFixture[] = await Promise.all(
  readdirSync(DIR)
    .filter((f) => f.endsWith('.ts') && f !== 'fixture.ts')
    .sort()
    .map(async (f) => (await import(join(DIR, f))).default as PeerFixture),
)

eachDialect('peer clients', (dialect) => {
  let shared: Shared
  const p = openForSuite(() => createTestPlatform(dialect))
  before(async () => {
    shared = await prepare(p)
  })

  for (const fixture of fixtures) {
    describe(fixture.peer, () => {
      // Each peer is its own promoter: its spots, orders and plan applications are its own.
      let ctx: PeerContext
      before(async () => {
        ctx = await promoterOf(p, shared, fixture.peer)
      })
      for (const r of fixture.requests) {
        test(`${r.call}: ${r.method} ${r.path}${r.note ? ` (${r.note})` : ''}`, async () => {
          const res = await p.app.request(`${r.path}?${fill(r.query, ctx)}`, {
            method: r.method,
            headers: r.contentType ? { 'content-type': r.contentType } : {},
            body: r.body === undefined ? undefined : fill(r.body, ctx),
          })
          const body = (await res.json()) as { errcode?: number; errmsg?: string }
          assert.equal(body.errcode ?? 0, r.expect.errcode, body.errmsg)
          if (r.expect.errmsg) assert.match(body.errmsg ?? '', r.expect.errmsg)
          r.expect.check?.(body, ctx)
        })
      }
    })
  }
})

type Shared = Pick<
  PeerContext,
  'productId' | 'shopAppId' | 'catId' | 'planId' | 'planInvitationUrl' | 'total'
>

/** The catalogue and a targeted plan that every peer sees. */
async function prepare(p: TestPlatform): Promise<Shared> {
  await seedCatalogue(p.database.db, { products: 40, seed: 5 })
  const db = p.database.db
  // Product 0 of the demo catalogue has an id beyond 2^53; also make it a trade-component one.
  const big = await db
    .selectFrom('products')
    .select(['id', 'shop_appid', 'cat1'])
    .orderBy('pk')
    .executeTakeFirstOrThrow()
  await db.updateTable('products').set({ trade_component: 1 }).where('id', '=', big.id).execute()
  const now = Math.floor(Date.now() / 1000)
  const plan = await p.services.plans.create(
    {
      shopAppid: big.shop_appid,
      name: '定向计划',
      description: '',
      startTime: now - 3600,
      endTime: now + 86400,
      products: [{ productId: big.id, commissionRatio: 3000 }],
    },
    'http://localhost',
  )
  const { token } = await p.promoter('catalogue')
  const total = (await p.get('/union/promoter/product/list', token, { from: 0, limit: 1 })).total
  return {
    productId: big.id,
    shopAppId: big.shop_appid,
    catId: big.cat1,
    planId: plan.planId,
    planInvitationUrl: plan.invitationUrl,
    total,
  }
}

/** A new promoter with a spot and a 19-digit order through it. */
async function promoterOf(p: TestPlatform, shared: Shared, name: string): Promise<PeerContext> {
  const { appid, token } = await p.promoter(name)
  const spot = '推广位A'
  const { pid } = await p.post('/union/promoter/promotion/add', token, {
    promotionSourceName: spot,
  })
  const orderId = await p.services.orders.create(
    oneLineOrder(
      appid,
      {
        productId: shared.productId,
        skuId: `${shared.productId}00`,
        price: 1990,
        pid,
        spotName: spot,
      },
      { shopAppid: shared.shopAppId, payTime: Math.floor(Date.now() / 1000) - 60 },
    ),
  )
  return { ...shared, token, pid, spot, orderId }
}
