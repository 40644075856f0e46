/**
 * /docs speaks Chinese as the console does (issue 18, item 19): every operation of the OpenAPI
 * document, union, successor, operator API and public pages alike, is listed by a Chinese
 * summary, with the English description below it.
 * @module
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  ADMIN_ENDPOINT_LIST,
  ENDPOINT_LIST,
  openAPIDocument,
  STORE_ENDPOINT_LIST,
} from '../src/index.ts'

const doc = openAPIDocument([...ENDPOINT_LIST, ...STORE_ENDPOINT_LIST], {
  admin: ADMIN_ENDPOINT_LIST,
}) as { paths: Record<string, Record<string, { summary?: string; description?: string }>> }

const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
  Object.entries(ops).map(([method, op]) => ({ at: `${method.toUpperCase()} ${path}`, ...op })),
)

test('every operation has a Chinese summary and an English description', () => {
  assert.ok(
    operations.length >=
      ENDPOINT_LIST.length + STORE_ENDPOINT_LIST.length + ADMIN_ENDPOINT_LIST.length,
  )
  for (const op of operations) {
    const zh = op.summary ?? ''
    assert.match(zh, /[\u4e00-\u9fff]{4}/, `${op.at}: no Chinese summary: ${zh}`)
    // Chinese prose, not an English sentence that names a Chinese term.
    assert.doesNotMatch(zh, /[A-Za-z]+ [A-Za-z]+ [A-Za-z]+ /, `${op.at}: ${zh}`)
    assert.match(op.description ?? '', /[A-Za-z]{3,}/, `${op.at}: no English`)
  }
})
