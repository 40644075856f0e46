import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { ADMIN_ENDPOINT_LIST } from '@tuike/contract'
import { format, runtimeSources } from '../scripts/gen-wire-types.ts'
import { AccessTokenError, TuikeError } from '../src/index.ts'
import { recordingClient } from './support.ts'

const KEY = 'admin-key-0123456789abcdef0123456789'

function adminClient(respond?: Parameters<typeof recordingClient>[0]) {
  return recordingClient(respond, { adminKey: KEY })
}

test('every row of the admin table has a client.admin method', () => {
  const { client } = adminClient()
  for (const ep of ADMIN_ENDPOINT_LIST) {
    const [group, verb] = ep.id.split('/') as [string, string]
    const camel = (s: string) => s.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())
    const resource = (client.admin as unknown as Record<string, Record<string, unknown>>)[
      camel(group)
    ]
    assert.equal(typeof resource?.[camel(verb)], 'function', ep.id)
  }
})

test('admin calls send the key as a bearer token, JSON or NDJSON bodies, and encoded paths', async () => {
  const { client, calls } = adminClient(() => ({ applied: 1, errors: [] }))
  await client.admin.promoters.update('wx 1/2', { promotionMaxCnt: 5 })
  await client.admin.catalogue.import('products', '{"productId":"1"}\n')
  await client.admin.promoters.list()
  const [patch, imp, list] = calls
  assert.equal(patch!.method, 'PATCH')
  assert.equal(patch!.url.pathname, '/admin/v1/promoters/wx%201%2F2')
  assert.equal(patch!.headers.get('authorization'), `Bearer ${KEY}`)
  assert.equal(patch!.headers.get('content-type'), 'application/json')
  assert.deepEqual(JSON.parse(patch!.body!), { promotionMaxCnt: 5 })
  assert.equal(imp!.headers.get('content-type'), 'application/x-ndjson')
  assert.equal(imp!.body, '{"productId":"1"}\n')
  assert.equal(list!.method, 'GET')
  assert.equal(list!.body, undefined)
  assert.equal(list!.url.search, '', 'no access_token on the admin API')
})

test('a path segment of . or .. cannot escape its place (the old CLI helper let it)', async () => {
  const { client, calls } = adminClient()
  for (const bad of ['..', '.', '']) {
    assert.throws(() => client.admin.promoters.disable(bad), TuikeError)
  }
  assert.equal(calls.length, 0, 'nothing was sent')
})

test('admin errors keep their HTTP status and errcode; the key never appears in them', async () => {
  const { client } = adminClient(
    () =>
      new Response(JSON.stringify({ errcode: 40001, errmsg: 'invalid admin key rid: 1-2-3' }), {
        status: 401,
        headers: { 'content-type': 'application/json' },
      }),
  )
  const err = await client.admin.promoters.list().catch((e: unknown) => e)
  assert.ok(err instanceof AccessTokenError)
  assert.equal(err.status, 401)
  assert.equal(err.errcode, 40001)
  assert.equal(JSON.stringify(err).includes(KEY) || String(err).includes(KEY), false)
})

test('without an admin key, admin calls fail before sending', async () => {
  const { client, calls } = recordingClient()
  const saved = process.env.TUIKE_ADMIN_KEY
  delete process.env.TUIKE_ADMIN_KEY
  try {
    await assert.rejects(client.admin.promoters.list(), /adminKey is required/)
    assert.equal(calls.length, 0)
  } finally {
    if (saved !== undefined) process.env.TUIKE_ADMIN_KEY = saved
  }
})

test('the generated admin client, errcode groups and money helpers are current', async () => {
  for (const [file, text] of Object.entries(await runtimeSources())) {
    const onDisk = readFileSync(join(import.meta.dirname, '..', file), 'utf8')
    assert.equal(onDisk, format(text, file), `${file} is stale: npm run gen:types -w @tuike/sdk`)
  }
})
