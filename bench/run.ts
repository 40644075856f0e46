/**
 * `npm run bench`: runs each benchmark in bench/ in turn (or those named: `npm run bench -- sdk`).
 * Each prints its table and saves JSON under bench/results/. Extra `--flags` are passed through.
 * @module
 */
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'

const dir = import.meta.dirname
const args = process.argv.slice(2)
const flags = args.filter((a) => a.startsWith('--'))
const named = args.filter((a) => !a.startsWith('--'))
const all = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_'))
  .map((f) => f.slice(0, -3))
  .sort()
const chosen = named.length > 0 ? named : all
let failed = 0
for (const name of chosen) {
  if (!all.includes(name)) {
    console.error(`no benchmark ${name} (have: ${all.join(', ')})`)
    process.exit(2)
  }
  console.log(`\n=== bench/${name}.ts ${flags.join(' ')}`)
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(dir, `${name}.ts`), ...flags], {
    stdio: 'inherit',
  })
  if (r.status !== 0) failed++
}
process.exit(failed > 0 ? 1 : 0)
