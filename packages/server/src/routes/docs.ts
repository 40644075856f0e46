/**
 * /openapi.json and the /docs page (swagger-ui-dist served from node_modules: no CDN).
 * @module
 */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { AppHono } from '../http/env.ts'

const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
}

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tuike API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
<link rel="icon" href="/docs/assets/favicon-32x32.png"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script></body></html>`

const INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true })`

export function registerDocs(app: AppHono, openapi: () => Record<string, unknown>): void {
  const dir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))
  let doc: Record<string, unknown> | undefined
  app.get('/openapi.json', (c) => {
    doc ??= openapi()
    return c.json(doc)
  })
  app.get('/docs', (c) => c.html(PAGE))
  app.get('/docs/init.js', (c) =>
    c.body(INIT, 200, { 'content-type': 'text/javascript; charset=utf-8' }),
  )
  app.get('/docs/assets/:file', async (c) => {
    const file = c.req.param('file')
    const type = ASSETS[file]
    if (!type) return c.notFound()
    return c.body(await readFile(join(dir, file)), 200, {
      'content-type': type,
      'cache-control': 'public, max-age=86400',
    })
  })
}
