/**
 * What operators and their tools poll: `/healthz` (the process is up), `/readyz` (this instance
 * can serve: 503 with the failing check otherwise, and from the start of a drain) and `/metrics`
 * (Prometheus text, behind the admin key; `--metrics-port` serves it without one).
 * @module
 */
import { adminAuth } from '../http/admin-route.ts'
import type { AppContext, AppHono } from '../http/env.ts'
import type { Metrics } from '../ops/metrics.ts'
import type { Readiness } from '../ops/readiness.ts'

export function registerOps(
  app: AppHono,
  deps: {
    metrics: Metrics
    readiness: Readiness
    checkAdminKey: (key: string, c: AppContext) => Promise<boolean>
  },
): void {
  app.get('/healthz', (c) => c.json({ status: 'ok' }))
  app.get('/readyz', async (c) => {
    const report = await deps.readiness.check()
    return c.json(
      { status: report.ready ? 'ready' : 'unavailable', checks: report.checks },
      report.ready ? 200 : 503,
    )
  })
  app.get('/metrics', adminAuth(deps.checkAdminKey), async (c) =>
    c.body(await deps.metrics.text(), 200, { 'content-type': deps.metrics.contentType }),
  )
}
