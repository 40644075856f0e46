import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { promisify } from 'node:util'
import { openDatabase } from '@tuike/server'
import Sqlite from 'better-sqlite3'

const BIN = join(import.meta.dirname, '..', 'bin', 'tuike.js')
const run = promisify(execFile)
const dir = mkdtempSync(join(tmpdir(), 'tuike-seed-'))
after(() => rmSync(dir, { recursive: true, force: true }))

async function titles(file: string): Promise<string[]> {
  const database = await openDatabase(`sqlite:${file}`)
  const rows = await database.db.selectFrom('products').select('title').orderBy('id').execute()
  await database.close()
  return rows.map((r) => r.title)
}

test('tuike seed is deterministic for a seed and reports what it wrote', async () => {
  const a = join(dir, 'a.db')
  const b = join(dir, 'b.db')
  const out = await run(process.execPath, [
    BIN,
    'seed',
    '--db',
    `sqlite:${a}`,
    '--products',
    '300',
    '--orders',
    '120',
    '--seed',
    '7',
  ])
  assert.match(out.stdout, /seeded 300 products/)
  assert.match(out.stdout, /seeded 120 orders/)
  await run(process.execPath, [
    BIN,
    'seed',
    '--db',
    `sqlite:${b}`,
    '--products',
    '300',
    '--seed',
    '7',
  ])
  const ta = await titles(a)
  assert.equal(ta.length, 300)
  assert.deepEqual(ta, await titles(b))
})

test('tuike seed without anything to seed is a usage error (exit 2)', async () => {
  const err = await run(process.execPath, [
    BIN,
    'seed',
    '--db',
    `sqlite:${join(dir, 'c.db')}`,
  ]).catch((e) => e)
  assert.equal(err.code, 2)
  assert.match(err.stderr, /nothing to seed/)
  const bad = await run(process.execPath, [BIN, 'seed', '--products', 'lots']).catch((e) => e)
  assert.equal(bad.code, 2)
})

test('tuike seed fails with the cause, printing no success, when a worker thread fails mid-load', async () => {
  const sub = mkdtempSync(join(dir, 'fail-'))
  const file = join(sub, 'f.db')
  await (await openDatabase(`sqlite:${file}`)).close()
  // Chunk 6 of 5,000 products, the second worker's third, cannot be written.
  const raw = new Sqlite(file)
  raw.exec(`create trigger fail_seed before insert on products when new.pk = 25001
    begin select raise(abort, 'injected failure'); end`)
  raw.close()
  const err = await run(process.execPath, [
    BIN,
    'seed',
    '--db',
    `sqlite:${file}`,
    '--products',
    '30000',
  ]).catch((e) => e)
  assert.equal(err.code, 1)
  assert.match(err.stderr, /injected failure/)
  assert.doesNotMatch(err.stdout, /seeded/)
})
