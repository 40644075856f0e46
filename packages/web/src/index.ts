/**
 * @tuike/web: the web console, server-rendered with hono/jsx and mounted on the Tuike app.
 * Promoters and 机构 sign in with appid and secret, the operator with the admin key; every page reads
 * and writes through the platform's own APIs (`app.request()`), never the database, except for
 * the console's own session table.
 * @module
 */
import { readFileSync } from 'node:fs'
import { Hono } from 'hono'
import type { Kysely } from 'kysely'
import { createKit } from './kit.tsx'
import { migrateConsole } from './migrations.ts'
import { authPage } from './pages/auth.tsx'
import { importDocsPage } from './pages/import-docs.tsx'
import { institutionPage } from './pages/institution.tsx'
import { materialsPage } from './pages/materials.tsx'
import { faultsPage } from './pages/ops/faults.tsx'
import { importPage } from './pages/ops/import.tsx'
import { ordersPage as opsOrdersPage } from './pages/ops/orders.tsx'
import { plansPage } from './pages/ops/plans.tsx'
import { promotersPage } from './pages/ops/promoters.tsx'
import { selectionPage } from './pages/ops/selection.tsx'
import { orderPage } from './pages/order.tsx'
import { ordersPage } from './pages/orders.tsx'
import { overviewPage } from './pages/overview.tsx'
import { productPage } from './pages/product.tsx'
import { productsPage } from './pages/products.tsx'
import { settingsPage } from './pages/settings.tsx'
import { spotsPage } from './pages/spots.tsx'
import { type ConsoleSessionsDb, type SessionOptions, SessionStore } from './session.ts'

export { secure } from './kit.tsx'
export { type ConsoleSessionsDb, type SessionOptions, SessionStore } from './session.ts'

export interface ConsoleDeps<DB = ConsoleSessionsDb> {
  /** The server's database; the console uses only its own tables (migrations.ts). */
  db: Kysely<DB>
  /** The PostgreSQL schema of that database, when one is used. */
  schema?: string
  /** Whether the server runs a test clock (the operator page then offers to advance it). */
  testClock?: boolean
  /** Session lifetimes and the session clock (tests). */
  sessions?: SessionOptions
}

/** The server app: any Hono app (its variables do not matter to the console). */
// biome-ignore lint/suspicious/noExplicitAny: the console accepts an app of any env
export type ConsoleApp = Hono<any, any, any>

// Found through the package's own name, so the compiled CLI (scripts/build.mjs), which bundles
// this module elsewhere, reads the same files.
const SRC = import.meta.resolve('@tuike/web')
const ASSETS: Record<string, { type: string; body: string }> = {
  'console.css': {
    type: 'text/css; charset=utf-8',
    body: readFileSync(new URL('../assets/console.css', SRC), 'utf8'),
  },
  'console.js': {
    type: 'text/javascript; charset=utf-8',
    body: readFileSync(new URL('../assets/console.js', SRC), 'utf8'),
  },
}

/**
 * Mount the console on the Tuike app (after migrating its tables): promoter pages at `/`,
 * `/products`, `/materials`, `/spots`, `/orders`; 机构 pages under `/inst`; operator pages
 * under `/ops`; static files
 * under `/console-assets`. The pages call `app` through the SDK, in process.
 *
 * @example
 * const { app } = await createTuike({ db })
 * await registerConsole(app, { db })
 */
export async function registerConsole<DB>(app: ConsoleApp, deps: ConsoleDeps<DB>): Promise<void> {
  // Kysely's types are invariant in the schema; the console reads only its own table.
  const db = deps.db as unknown as Kysely<ConsoleSessionsDb>
  await migrateConsole(db, deps.schema)
  const web = new Hono()
  const sessions = new SessionStore(db, deps.sessions)
  const kit = createKit(app, sessions, deps.testClock ?? false)

  web.get('/console-assets/:file', (c) => {
    const asset = ASSETS[c.req.param('file')]
    if (!asset) return c.text('not found', 404)
    return c.body(asset.body, 200, {
      'content-type': asset.type,
      'cache-control': 'public, max-age=3600',
      'x-content-type-options': 'nosniff',
    })
  })
  const pages = [authPage, overviewPage, productsPage, productPage, materialsPage, spotsPage]
  pages.push(ordersPage, orderPage, settingsPage, institutionPage)
  const opsPages = [promotersPage, importPage, selectionPage, opsOrdersPage, plansPage, faultsPage]
  for (const sub of [...pages, ...opsPages]) {
    web.route('/', sub(kit))
  }

  web.route('/', importDocsPage())
  app.route('/', web)
}
