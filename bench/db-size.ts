/**
 * Database size (issue 16): seeds the demo catalogue of N products (default 100,000) into a fresh
 * SQLite file, checkpoints and vacuums it, and reports the bytes each table and index takes
 * (SQLite's `dbstat`), in total and per product. Writes bench/results/db-size-<date>.json.
 *
 *   node --import tsx bench/db-size.ts [--products N] [--keep FILE]
 * @module
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import SQLite from 'better-sqlite3'
import { openDatabase } from '../packages/server/src/index.ts'
import { seedCatalogue } from '../packages/server/src/seed/catalogue.ts'
import { flag, saveResults, seedProgress } from './_harness.ts'

const products = Number(flag('products', '100000'))
const keep = flag('keep', '')
const dir = mkdtempSync(join(tmpdir(), 'tuike-dbsize-'))
const file = keep || join(dir, 'size.db')
const database = await openDatabase(`sqlite:${file}`)
const seed = await seedCatalogue(database.db, { products, seed: 1, onProgress: seedProgress() })
await database.close()
const rows = sizes(file)
const fileBytes = statSync(file).size
if (!keep) rmSync(dir, { recursive: true, force: true })

const perProduct = (n: number) => +(n / products).toFixed(1)
console.log(
  `${products} products: ${(fileBytes / 2 ** 20).toFixed(1)} MiB, ${perProduct(fileBytes)} B a product (seeded in ${seed.ms} ms)`,
)
console.log(`${'table or index'.padEnd(34)}| ${'table'.padEnd(18)}| B/product | payload B/product`)
for (const r of rows) {
  console.log(
    `${r.name.padEnd(34)}| ${r.tbl.padEnd(18)}| ${String(perProduct(r.bytes)).padStart(9)} | ${String(perProduct(r.payload)).padStart(9)}`,
  )
}
saveResults('db-size', {
  benchmark: 'db-size',
  products,
  fileBytes,
  bytesPerProduct: perProduct(fileBytes),
  seedMs: seed.ms,
  loadavg: loadavg(),
  objects: rows.map((r) => ({ ...r, bytesPerProduct: perProduct(r.bytes) })),
})

/** Vacuum `file` and read the pages of each table and index (SQLite's dbstat). */
function sizes(file: string) {
  const db = new SQLite(file)
  db.pragma('wal_checkpoint(truncate)')
  db.exec('vacuum')
  const rows = db
    .prepare(`select s.name, coalesce(m.tbl_name, s.name) as tbl, sum(s.pgsize) as bytes,
        sum(s.payload) as payload
      from dbstat s left join sqlite_master m on m.name = s.name
      group by s.name order by bytes desc`)
    .all() as { name: string; tbl: string; bytes: number; payload: number }[]
  db.close()
  return rows
}
