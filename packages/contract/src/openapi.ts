/**
 * Generates the OpenAPI 3.1 document from the endpoint table (zod 4's own JSON Schema output),
 * with the public pages and the access_token security scheme.
 * @module
 */
import { z } from 'zod'
import type { AdminEndpoint } from './admin/endpoint.ts'
import type { Endpoint } from './endpoint.ts'
import { ERRCODES } from './errcodes.ts'
import { PUBLIC_PAGES } from './public-pages.ts'

export interface OpenAPIOptions {
  serverUrl?: string
  version?: string
  /** The operator API's rows (`/admin/v1`), documented beside the union API. */
  admin?: readonly AdminEndpoint[]
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const out = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
    // A JSON integer of any size (ids beyond 2^53, read from their digits).
    override: ({ zodSchema, jsonSchema }) => {
      const def = zodSchema._zod.def as { type: string; checks?: { _zod: { def: unknown } }[] }
      if (def.type !== 'bigint') return
      jsonSchema.type = 'integer'
      for (const check of def.checks ?? []) {
        const c = check._zod.def as { check: string; value: bigint; inclusive: boolean }
        if (c.check === 'greater_than' && c.inclusive) jsonSchema.minimum = Number(c.value)
      }
    },
  })
  delete out.$schema
  return out as Record<string, unknown>
}

const ErrorResponse = {
  type: 'object',
  required: ['errcode', 'errmsg'],
  properties: {
    errcode: { type: 'integer', enum: Object.keys(ERRCODES).map(Number) },
    errmsg: { type: 'string', description: 'Ends with ` rid: <request id>`.' },
  },
}

/** Build the OpenAPI 3.1 document for `endpoints`. */
export function openAPIDocument(
  endpoints: readonly Endpoint[],
  options: OpenAPIOptions = {},
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const ep of endpoints) {
    const parameters: unknown[] = []
    if (ep.query) {
      const js = jsonSchema(ep.query, 'input')
      const props = (js.properties ?? {}) as Record<string, unknown>
      const required = new Set((js.required as string[] | undefined) ?? [])
      for (const [name, schema] of Object.entries(props)) {
        parameters.push({ name, in: 'query', required: required.has(name), schema })
      }
    }
    const operation: Record<string, unknown> = {
      operationId: ep.id.replace(/[^a-zA-Z0-9]+(.)/g, (_, c: string) => c.toUpperCase()),
      // Chinese in the list of /docs, the English below it.
      summary: ep.zh,
      description: [
        ep.summary,
        ...(ep.bareNumbers
          ? [
              `Sent as bare JSON numbers of up to 20 digits (uint64, may exceed 2^53; parse them exactly): ${ep.bareNumbers.join(', ')}.`,
            ]
          : []),
      ].join('\n\n'),
      tags: [ep.family === 'union' ? ep.id.split('/')[0] : ep.family],
      security: ep.auth === 'token' ? [{ accessToken: [] }] : [],
      parameters,
      responses: {
        200: {
          description: `Success, or an error envelope (HTTP 200 either way). Errcodes: ${
            ep.errcodes.join(', ') || 'platform codes only'
          }.`,
          content: {
            'application/json': {
              schema: { oneOf: [jsonSchema(ep.response, 'output'), ErrorResponse] },
              example: ep.examples.response,
            },
          },
        },
      },
    }
    if (ep.body) {
      operation.requestBody = {
        required: true,
        content: {
          'application/json': { schema: jsonSchema(ep.body, 'input'), example: ep.examples.body },
        },
      }
    }
    paths[ep.path] = { ...paths[ep.path], [ep.method.toLowerCase()]: operation }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tuike: WeChat Mini Program Union promoter API and 微信小店 推客带货 API',
      version: options.version ?? '0.1.0',
      description:
        'The 推客 API (/union/promoter/*) and its successor for 机构 (/channels/ec/*, tag store) as WeChat serves them at api.weixin.qq.com: errors arrive as HTTP 200 with a non-zero errcode.',
    },
    servers: options.serverUrl ? [{ url: options.serverUrl }] : [],
    paths: { ...paths, ...PUBLIC_PAGES, ...adminPaths(options.admin ?? []) },
    components: {
      securitySchemes: {
        // The Authorize button of /docs: the token goes in the query, as WeChat takes it.
        accessToken: {
          type: 'apiKey',
          in: 'query',
          name: 'access_token',
          description: 'From /cgi-bin/token or /cgi-bin/stable_token.',
        },
        adminKey: { type: 'http', scheme: 'bearer', description: 'The admin key' },
      },
    },
  }
}

/** The operator API: real HTTP statuses, JSON errors, the admin key as a bearer token. */
function adminPaths(endpoints: readonly AdminEndpoint[]): Record<string, Record<string, unknown>> {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const ep of endpoints) {
    const parameters = Object.entries(
      ((ep.params && jsonSchema(ep.params, 'input').properties) ?? {}) as Record<string, unknown>,
    ).map(([name, schema]) => ({ name, in: 'path', required: true, schema }))
    const error = {
      description: 'Error',
      content: { 'application/json': { schema: ErrorResponse } },
    }
    const operation: Record<string, unknown> = {
      operationId: `admin ${ep.id}`.replace(/[^a-zA-Z0-9]+(.)/g, (_, c: string) => c.toUpperCase()),
      summary: ep.zh,
      description: ep.summary,
      tags: ['admin'],
      security: [{ adminKey: [] }],
      parameters,
      responses: {
        [ep.status]: {
          description: 'Success',
          content: { 'application/json': { schema: jsonSchema(ep.response, 'output') } },
        },
        400: error,
        401: error,
        404: error,
        409: error,
      },
    }
    if (ep.bodyType === 'ndjson') {
      operation.requestBody = {
        required: true,
        content: { 'application/x-ndjson': { schema: { type: 'string' } } },
      }
    } else if (ep.body) {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: jsonSchema(ep.body, 'input') } },
      }
    }
    const path = ep.path.replace(/:(\w+)/g, '{$1}')
    paths[path] = { ...paths[path], [ep.method.toLowerCase()]: operation }
  }
  return paths
}
