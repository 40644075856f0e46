/**
 * Builds the Tuike HTTP app: the union API from the contract table, the operator API, docs and
 * health, with WeChat-style errors everywhere.
 * @module
 */
import {
  ADMIN_ENDPOINT_LIST,
  CONTROL_CHARACTERS_MESSAGE,
  controlCharacterPath,
  ENDPOINT_LIST,
  ENDPOINTS,
  type EndpointId,
  openAPIDocument,
  STORE_ENDPOINT_LIST,
  STORE_ENDPOINTS,
  type StoreEndpointId,
} from '@tuike/contract'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Kysely } from 'kysely'
import { type Clock, systemClock, TestClock } from './clock.ts'
import { DEFAULT_CONFIG, type ServerConfig } from './config.ts'
import type { Database } from './db/schema.ts'
import { accessMiddleware } from './http/access.ts'
import { type AdminHandlers, registerAdmin } from './http/admin-route.ts'
import { clientAddress } from './http/client-address.ts'
import { type DirectListener, directListener } from './http/direct.ts'
import type { AppContext, AppEnv, AppHono } from './http/env.ts'
import { errorAnswer, errorBody, newRid } from './http/errors.ts'
import { dropSocket, faultInjector } from './http/fault-injection.ts'
import {
  type DirectRoutes,
  type RouteDeps,
  registerEndpoint,
  type UnionHandlers,
} from './http/union-route.ts'
import { createLogger, type Logger } from './log.ts'
import { Metrics } from './ops/metrics.ts'
import { Readiness } from './ops/readiness.ts'
import { adminPromoterHandlers } from './routes/admin.ts'
import { adminCatalogueHandlers } from './routes/admin-catalogue.ts'
import { adminFaultHandlers } from './routes/admin-faults.ts'
import { adminInstitutionHandlers } from './routes/admin-institutions.ts'
import { adminOrderHandlers } from './routes/admin-orders.ts'
import { adminPlanHandlers } from './routes/admin-plans.ts'
import { registerBusinessView } from './routes/business-view.ts'
import { registerDocs } from './routes/docs.ts'
import { registerImages } from './routes/images.ts'
import { materialHandlers } from './routes/material.ts'
import { openAccountHandlers } from './routes/open-account.ts'
import { openProductHandlers } from './routes/open-product.ts'
import { registerOps } from './routes/ops.ts'
import { orderHandlers } from './routes/order.ts'
import { productHandlers } from './routes/product.ts'
import { promotionHandlers } from './routes/promotion.ts'
import { registerShortLinks } from './routes/short-links.ts'
import { storeHandlers } from './routes/store.ts'
import { targetHandlers } from './routes/target.ts'
import { tokenHandlers } from './routes/token.ts'
import { tuikeHandlers } from './routes/tuike.ts'
import { UNSERVED } from './routes/unserved.ts'
import { WechatError } from './services/errors.ts'
import { createServices, type Services } from './services/index.ts'
import type { Observer } from './services/observer.ts'
import { memoryQuota, type QuotaCounter, unionQuotaCheck } from './services/quota.ts'

export interface TuikeOptions {
  db: Kysely<Database>
  clock?: Clock
  config?: Partial<ServerConfig>
  log?: Logger
  /** Call counter of the quotas (token endpoints and union quotas); in process by default. */
  quota?: QuotaCounter
  /** Server key (hex) for signing; generated and stored in the database when absent. */
  serverKey?: string
  /** The metrics registry to count in (a fresh one by default). */
  metrics?: Metrics
  /** The appsecret check (scrypt by default); tests count its calls. */
  verifySecret?: (secret: string, stored: string) => Promise<boolean>
}

export interface Tuike {
  app: AppHono
  services: Services
  config: ServerConfig
  clock: Clock
  metrics: Metrics
  readiness: Readiness
  /**
   * Answers the GET union and successor calls straight from node:http, without Hono's web
   * Request and Response; false for every other request (hand it to `app`).
   */
  direct: DirectListener
}

/** The base of short links and this server's images: the configured URL, else the request's. */
function publicUrlOf(config: ServerConfig, c: AppContext): string {
  return config.publicUrl || new URL(c.req.url).origin
}

/** The handlers of every served endpoint, keyed by endpoint id. */
function unionHandlers(s: Services, config: ServerConfig): Partial<UnionHandlers> {
  return {
    ...tokenHandlers(s, config.trustProxy),
    ...promotionHandlers(s),
    ...productHandlers(s),
    ...orderHandlers(s),
    ...materialHandlers(s),
    ...targetHandlers(s),
    ...openAccountHandlers(s),
    ...openProductHandlers(s),
    ...tuikeHandlers(s),
  }
}

function adminHandlers(
  s: Services,
  clock: Clock,
  publicUrl: (c: AppContext) => string,
): AdminHandlers {
  return {
    ...adminPromoterHandlers(s),
    ...adminCatalogueHandlers(s),
    ...adminOrderHandlers(s, clock, publicUrl),
    ...adminPlanHandlers(s),
    ...adminInstitutionHandlers(s),
    ...adminFaultHandlers(s),
  }
}

/**
 * Create the Tuike app over an open database.
 *
 * @example
 * const { db } = await openDatabase('sqlite:./.tuike/tuike.db')
 * const { app } = await createTuike({ db })
 * const res = await app.request('/healthz')
 */
export async function createTuike(options: TuikeOptions): Promise<Tuike> {
  const config = { ...DEFAULT_CONFIG, ...options.config }
  const clock = options.clock ?? systemClock
  const log = options.log ?? createLogger()
  const quota = options.quota ?? memoryQuota()
  const metrics = options.metrics ?? new Metrics()
  const observer: Observer = {
    purchased: () => metrics.purchase(),
    settled: (n, how) => metrics.settled(n, how),
    webhookAttempt(a) {
      metrics.webhookAttempt(a.outcome)
      // The rid is the one of the request whose change queued the delivery.
      log[a.outcome === 'delivered' ? 'info' : 'warn']('webhook delivery', { ...a })
    },
  }
  const services = await createServices({
    db: options.db,
    clock,
    config,
    quota,
    serverKey: options.serverKey,
    allowPrivateWebhooks: config.allowPrivateWebhooks || clock instanceof TestClock,
    observer,
    verifySecret: options.verifySecret,
  })
  metrics.watchWebhookQueue(() => services.webhooks.queueStats())
  const readiness = new Readiness(options.db, quota.ping?.bind(quota))

  const app = new Hono<AppEnv>()

  app.use('*', accessMiddleware(log, metrics))
  const limitBody = bodyLimit({
    maxSize: config.bodyLimit,
    onError: (c) => {
      throw new WechatError(
        200002,
        `request body too large (max ${config.bodyLimit} bytes)`,
        c.req.path.startsWith('/admin/') ? 'too_large' : undefined,
      )
    },
  })
  // One middleware for both guards (each step of the chain costs every request).
  app.use('*', (c, next) => {
    // A control character decoded from the path (`/admin/v1/orders/%00`) never reaches a lookup.
    if (controlCharacterPath(c.req.path)) {
      throw new WechatError(200002, `path ${CONTROL_CHARACTERS_MESSAGE}`, 'invalid')
    }
    // A GET or HEAD has no body; asking for one (`c.req.raw.body`) makes @hono/node-server build
    // a full undici Request, a tenth of a small call's CPU.
    return c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next)
  })

  app.onError((err, c) => {
    const answer = errorAnswer(err, c.get('rid') ?? newRid(), log, c.req.path.startsWith('/admin/'))
    c.set('errcode', answer.errcode)
    if (!answer.body) {
      // Outside a node:http server (app.request) there is no socket: an empty 502 stands in.
      dropSocket(c)
      return c.body(null, 502)
    }
    return c.json(answer.body, answer.status as ContentfulStatusCode)
  })
  app.notFound((c) => {
    c.set('unmatched', true)
    c.set('errcode', 40066)
    return c.json(errorBody(40066, `invalid url: no endpoint at ${c.req.path}`, c.get('rid')), 404)
  })

  // The admin key, under the failed-attempt limits (/admin/v1 and /metrics).
  const checkAdminKey = async (key: string, c: AppContext) =>
    services.credentials.verifyAdminKey(
      key,
      await services.settings.get('admin_key_sha256'),
      clientAddress(c, config.trustProxy),
    )
  registerOps(app, { metrics, readiness, checkAdminKey })

  const admit = unionQuotaCheck(quota, config, clock)
  const route: RouteDeps = {
    epoch: () => services.authEpoch.check(),
    authenticate: (t, epoch) => services.tokens.caller(t, epoch),
    admit: (caller, ep) => admit(caller, ep.id),
    publicUrl: (origin) => config.publicUrl || origin(),
    faults: faultInjector({
      faults: services.faults,
      drift: services.pagingDrift,
      headerAllowed: () => config.faults,
    }),
  }
  const direct: DirectRoutes = new Map()
  const handlers = unionHandlers(services, config)
  const serve = <K extends EndpointId>(id: K) => {
    const handler = handlers[id]
    if (handler) registerEndpoint(app, ENDPOINTS[id], handler, route, direct)
    else if (UNSERVED.includes(id)) {
      app.all(ENDPOINTS[id].path, () => {
        throw new WechatError(
          48001,
          `api unauthorized: ${ENDPOINTS[id].path} is not served by this Tuike version yet`,
        )
      })
    }
  }
  for (const ep of ENDPOINT_LIST) serve(ep.id as EndpointId)
  const store = storeHandlers(services)
  const serveStore = <K extends StoreEndpointId>(id: K) =>
    registerEndpoint(app, STORE_ENDPOINTS[id], store[id], route, direct)
  for (const id of Object.keys(STORE_ENDPOINTS) as StoreEndpointId[]) serveStore(id)
  registerAdmin(
    app,
    adminHandlers(services, clock, (c) => publicUrlOf(config, c)),
    checkAdminKey,
  )
  registerImages(app)
  registerShortLinks(app, services, config.trustProxy, quota)
  registerBusinessView(app, services)
  registerDocs(app, () =>
    openAPIDocument([...ENDPOINT_LIST, ...STORE_ENDPOINT_LIST], { admin: ADMIN_ENDPOINT_LIST }),
  )

  return {
    app,
    services,
    config,
    clock,
    metrics,
    readiness,
    direct: directListener(direct, log, metrics),
  }
}

/** Ids of the endpoints this build serves (for the coverage test). */
export function servedEndpointIds(services: Services): EndpointId[] {
  return Object.keys(unionHandlers(services, DEFAULT_CONFIG)) as EndpointId[]
}
