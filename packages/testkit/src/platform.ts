/**
 * Test helpers: the dialect matrix and an in-process Tuike with a promoter and a token.
 * Every storage and endpoint test loops over DIALECTS (Kysely's pattern): SQLite and PGlite
 * always, real PostgreSQL when TUIKE_TEST_PG_URL is set (as in CI).
 * @module
 */
import { randomBytes } from 'node:crypto'
import {
  ENDPOINT_LIST,
  type Endpoint,
  responseProblems,
  STORE_ENDPOINT_LIST,
} from '@tuike/contract'
import {
  type Clock,
  createTuike,
  type DatabaseOptions,
  type Dialect,
  type NewOrder,
  type NewOrderLine,
  type OpenDatabase,
  openDatabase,
  type SeedCatalogueOptions,
  seedCatalogue,
  silentLogger,
  type Tuike,
  type TuikeOptions,
} from '@tuike/server'
import type { Hono } from 'hono'
import pg from 'pg'
import { accessToken, type Requester } from './admin.ts'

export const DIALECTS: Dialect[] = (process.env.DIALECTS?.split(',') as Dialect[] | undefined) ?? [
  'sqlite',
  'pglite',
  ...(process.env.TUIKE_TEST_PG_URL ? (['postgres'] as const) : []),
]

/**
 * A fresh database of `dialect`, migrated unless `options.migrations` says otherwise; close()
 * removes it. On PostgreSQL it is a schema of its own, named in `schema`.
 */
export async function openTestDatabase(
  dialect: Dialect,
  options: Pick<DatabaseOptions, 'migrations'> = {},
): Promise<OpenDatabase & { schema?: string }> {
  if (dialect === 'sqlite') return openDatabase('sqlite::memory:', options)
  if (dialect === 'pglite') return openDatabase('pglite:', options)
  const url = process.env.TUIKE_TEST_PG_URL
  if (!url) throw new Error('TUIKE_TEST_PG_URL is not set')
  const schema = `t_${process.pid}_${randomBytes(4).toString('hex')}`
  const database = await openDatabase(url, { schema, poolMax: 20, ...options })
  return {
    ...database,
    schema,
    async close() {
      await database.close()
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      await client.query(`drop schema if exists "${schema}" cascade`)
      await client.end()
    },
  }
}

export interface TestPlatform extends Tuike {
  database: OpenDatabase
  close(): Promise<void>
  /** Create a promoter and return its credentials and a fresh access_token. */
  promoter(name?: string): Promise<{ appid: string; secret: string; token: string }>
  /** Create a 机构 (institution) and return its credentials and a fresh access_token. */
  institution(
    name?: string,
  ): Promise<{ appid: string; secret: string; token: string; miniprogramAppid: string }>
  /** GET a union path with a token and query; returns the parsed JSON. */
  get(path: string, token: string, query?: Record<string, string | number>): Promise<any>
  /** POST JSON to a union path with a token; returns the parsed JSON. */
  post(path: string, token: string, body: unknown): Promise<any>
  /** The catalogue's first product (by pk): its id and shop. */
  firstProduct(): Promise<{ id: string; shop_appid: string }>
}

export interface TestPlatformOptions extends Partial<Omit<TuikeOptions, 'db'>> {
  clock?: Clock
  /** The operator key to set, as `tuike serve --admin-key` does. */
  adminKey?: string
  /** The demo catalogue to seed (seedCatalogue) before the tests. */
  catalogue?: SeedCatalogueOptions
}

export async function createTestPlatform(
  dialect: Dialect,
  { adminKey, catalogue, ...options }: TestPlatformOptions = {},
): Promise<TestPlatform> {
  const database = await openTestDatabase(dialect)
  const tuike = await createTuike({ db: database.db, log: silentLogger, ...options })
  if (adminKey) await tuike.services.settings.ensureAdminKey(adminKey)
  if (catalogue) await seedCatalogue(database.db, catalogue)
  checkResponses(tuike.app)
  const request: Requester = (path, init) => tuike.app.request(path, init)
  const platform: TestPlatform = {
    ...tuike,
    database,
    close: () => database.close(),
    async promoter(name = 'test') {
      const { appid, secret } = await tuike.services.promoters.create(name)
      return { appid, secret, token: await accessToken(request, { appid, secret }) }
    },
    async institution(name = 'test 机构') {
      const created = await tuike.services.institutions.create(name)
      return { ...created, token: await accessToken(request, created) }
    },
    async get(path, token, query = {}) {
      const qs = new URLSearchParams({
        ...Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])),
        access_token: token,
      })
      const res = await tuike.app.request(`${path}?${qs}`)
      return res.json()
    },
    firstProduct: () =>
      database.db
        .selectFrom('products')
        .select(['id', 'shop_appid'])
        .orderBy('pk')
        .executeTakeFirstOrThrow(),
    async post(path, token, body) {
      const res = await tuike.app.request(`${path}?access_token=${encodeURIComponent(token)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
      return res.json()
    },
  }
  return platform
}

/** A one-line order for `services.orders.create`, with plain defaults for what a test ignores. */
export function oneLineOrder(
  appid: string,
  line: Partial<NewOrderLine> = {},
  order: Partial<Omit<NewOrder, 'appid' | 'lines'>> = {},
): NewOrder {
  return {
    appid,
    shopAppid: 'wxb825f130c284597f',
    shopName: 'shop',
    payTime: 1_700_000_000,
    ...order,
    lines: [
      {
        productId: '1',
        skuId: '2',
        title: 't',
        thumbImg: '',
        price: 100,
        productCnt: 1,
        ratio: 1000,
        categoryStr: '',
        pid: 'pid',
        spotName: 's',
        customizeInfo: '',
        ...line,
      },
    ],
  }
}

const ENDPOINT_AT = new Map<string, Endpoint>(
  [...ENDPOINT_LIST, ...STORE_ENDPOINT_LIST].map((ep) => [ep.path, ep]),
)

/**
 * Every answer of a contract endpoint that a test provokes through `app.request` is checked
 * against the contract (responseProblems): HTTP 200, JSON, and the endpoint's exact success
 * shape or the error envelope. A mismatch fails the test that made the request, so every
 * endpoint test is also a conformance test.
 */
function checkResponses(app: Pick<Hono, 'request'>): void {
  const request = app.request.bind(app)
  app.request = (async (...args: Parameters<Hono['request']>) => {
    const res = await request(...args)
    const input = args[0]
    const url = new URL(input instanceof Request ? input.url : String(input), 'http://localhost')
    const ep = ENDPOINT_AT.get(url.pathname)
    const method = (input instanceof Request ? input.method : args[1]?.method) ?? 'GET'
    if (!ep || method === 'HEAD') return res
    const where = `${method} ${url.pathname}`
    if (res.status !== 200) throw new Error(`${where} answered HTTP ${res.status}`)
    const type = res.headers.get('content-type') ?? ''
    if (!type.startsWith('application/json')) throw new Error(`${where} answered ${type}`)
    // Read once and hand the test a copy: cheaper than Response.clone()'s tee.
    const text = await res.text()
    const problems = responseProblems(ep, JSON.parse(text))
    if (problems.length) {
      throw new Error(`${where}: the answer breaks the contract:\n  ${problems.join('\n  ')}`)
    }
    return new Response(text, res)
  }) as Hono['request']
}
