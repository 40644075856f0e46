#!/usr/bin/env node
// Runs every *.test.ts under packages/ with node's test runner. Node 20 finds no .ts tests when
// given a directory (and still passes), so the files are listed explicitly.
import { spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue
    const full = join(dir, name)
    if (statSync(full).isDirectory()) find(full, out)
    else if (name.endsWith('.test.ts')) out.push(full)
  }
  return out
}

const files = process.argv.length > 2 ? process.argv.slice(2) : find('packages').sort()
if (files.length === 0) {
  console.error('no test files found')
  process.exit(1)
}
console.log(`running ${files.length} test files`)
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files],
  { stdio: 'inherit' },
)
process.exit(result.status ?? 1)
