#!/usr/bin/env node
// Runs the build that `npm install` / `npm ci` compiled (scripts/build.mjs, packages/cli/dist);
// when a source that build compiled is newer than it (a developer's edit) or there is no build,
// runs the TypeScript sources through tsx instead. A new file counts through the edited file
// that imports it.
import { readFileSync, statSync } from 'node:fs'

const root = new URL('../../../', import.meta.url)
const dist = new URL('../dist/', import.meta.url)

function fresh() {
  try {
    const builtAt = statSync(new URL('main.js', dist)).mtimeMs
    const sources = JSON.parse(readFileSync(new URL('sources.json', dist), 'utf8'))
    return sources.every((file) => statSync(new URL(file, root)).mtimeMs <= builtAt)
  } catch {
    return false // no build, or a source it compiled is gone
  }
}

if (fresh()) {
  await import(new URL('main.js', dist).href)
} else {
  const { register } = await import('tsx/esm/api')
  register()
  await import('../src/main.ts')
}
