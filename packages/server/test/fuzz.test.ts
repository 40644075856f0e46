import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { ENDPOINT_LIST } from '@tuike/contract'
import fc from 'fast-check'
import { createTestPlatform, DIALECTS, type TestPlatform } from './support.ts'

const value = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string(), fc.integer()), { maxKeys: 3 }),
)

for (const dialect of DIALECTS) {
  describe(`${dialect}: random input never breaks a route`, () => {
    let p: TestPlatform
    let token: string
    before(async () => {
      p = await createTestPlatform(dialect)
      token = (await p.promoter()).token
    })
    after(() => p.close())

    for (const ep of ENDPOINT_LIST) {
      test(`${ep.method} ${ep.path}: never 5xx, always an errcode or a success body`, async () => {
        const keys = fc.constantFrom(
          ...Object.keys(
            (ep.query ?? ep.body)?._zod.def.type === 'object'
              ? ((ep.query ?? ep.body) as any).shape
              : {},
          ),
          'x',
        )
        const fields = fc.dictionary(keys, value, { maxKeys: 6 })
        await fc.assert(
          fc.asyncProperty(fields, fc.string({ maxLength: 40 }), async (obj, raw) => {
            const body =
              ep.method === 'POST' ? (raw.length % 3 === 0 ? raw : JSON.stringify(obj)) : undefined
            const qs = new URLSearchParams({ access_token: token })
            if (ep.method === 'GET')
              for (const [k, v] of Object.entries(obj))
                qs.set(k, typeof v === 'string' ? v : JSON.stringify(v))
            const res = await p.app.request(`${ep.path}?${qs}`, {
              method: ep.method,
              headers: { 'content-type': 'application/json' },
              body,
            })
            assert.ok(res.status < 500, `${res.status}`)
            const json = (await res.json()) as Record<string, unknown>
            assert.ok(typeof json.errcode === 'number' || typeof json.access_token === 'string')
          }),
          { numRuns: dialect === 'sqlite' ? 40 : 15 },
        )
      })
    }
  })
}
