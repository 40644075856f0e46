import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { ENDPOINT_LIST, STORE_ENDPOINT_LIST } from '@tuike/contract'
import fc from 'fast-check'
import { createTestPlatform, DIALECTS, type TestPlatform } from './support.ts'

/** Strings with the bytes that break storage: NUL, other C0 controls, DEL. */
const hostileString = fc.oneof(
  fc.string({
    unit: fc.constantFrom('a', '1', ' ', '\u0000', '\u0001', '\n', '\t', '\u001f', '\u007f', '中'),
  }),
  fc.constantFrom('\u0000', '%00', 'a\u0000b', '\r\n'),
)

/** Integers at and past the limits of 32-bit columns, doubles and 64-bit integers. */
const hugeInteger = fc.oneof(
  fc
    .tuple(fc.bigInt({ min: 2n ** 31n - 2n, max: 2n ** 80n }), fc.boolean())
    .map(([n, neg]) => (neg ? -n : n)),
  fc.constantFrom(2n ** 53n + 1n, 2n ** 63n, 2n ** 64n, 10n ** 20n),
)

const value = fc.oneof(
  fc.string(),
  hostileString,
  fc.integer(),
  hugeInteger.map(String),
  hugeInteger.map(Number),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.string(), hostileString, fc.integer()), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string(), fc.integer()), { maxKeys: 3 }),
)

/** A parameter name with some characters percent-encoded (`%73tart` is `start`). */
const encodedName = (name: string) =>
  fc
    .array(fc.boolean(), { minLength: name.length, maxLength: name.length })
    .map((flags) =>
      [...name]
        .map((ch, i) =>
          flags[i] ? `%${ch.charCodeAt(0).toString(16).padStart(2, '0')}` : encodeURIComponent(ch),
        )
        .join(''),
    )

for (const dialect of DIALECTS) {
  describe(`${dialect}: random input never breaks a route`, () => {
    let p: TestPlatform
    let token: string
    let institutionToken: string
    before(async () => {
      p = await createTestPlatform(dialect)
      token = (await p.promoter()).token
      institutionToken = (await p.institution()).token
    })
    after(() => p.close())

    for (const ep of [...ENDPOINT_LIST, ...STORE_ENDPOINT_LIST]) {
      test(`${ep.method} ${ep.path}: never 5xx or -1, always an errcode or a success body`, async () => {
        const keys = fc.constantFrom(
          ...Object.keys(
            (ep.query ?? ep.body)?._zod.def.type === 'object'
              ? ((ep.query ?? ep.body) as any).shape
              : {},
          ),
          'x',
        )
        const fields = fc.dictionary(keys, value, { maxKeys: 6 })
        // Query parameters, each name spelled with some characters percent-encoded, plus
        // credentials and paging names in encoded spellings carrying a NUL.
        const query = fc.tuple(
          fc.array(fc.tuple(keys.chain(encodedName), value), { maxLength: 6 }),
          fc.array(fc.constantFrom('access_token', ...ENCODABLE).chain(encodedName), {
            maxLength: 3,
          }),
        )
        await fc.assert(
          fc.asyncProperty(fields, fc.string({ maxLength: 40 }), query, async (obj, raw, q) => {
            const body =
              ep.method === 'POST' ? (raw.length % 3 === 0 ? raw : JSON.stringify(obj)) : undefined
            const caller = ep.family === 'store' ? institutionToken : token
            const params = [`access_token=${encodeURIComponent(caller)}`]
            for (const name of q[1]) params.push(`${name}=%00x`)
            if (ep.method === 'GET') {
              for (const [name, v] of q[0]) {
                const text = typeof v === 'string' ? v : JSON.stringify(v)
                params.push(`${name}=${encodeURIComponent(text)}`)
              }
            }
            const res = await p.app.request(`${ep.path}?${params.join('&')}`, {
              method: ep.method,
              headers: { 'content-type': 'application/json' },
              body,
            })
            assert.ok(res.status < 500, `${res.status}`)
            const json = (await res.json()) as Record<string, unknown>
            assert.ok(typeof json.errcode === 'number' || typeof json.access_token === 'string')
            assert.notEqual(json.errcode, -1, String(json.errmsg))
          }),
          { numRuns: dialect === 'sqlite' ? 40 : 15 },
        )
      })
    }
  })
}

/** Names whose percent-encoded spelling the fuzz adds to the query. */
const ENCODABLE = ['secret', 'start', 'limit', 'page', 'query']
