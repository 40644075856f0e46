#!/usr/bin/env node
// Runs the build that `npm install` / `npm ci` compiled (scripts/build.mjs, packages/cli/dist);
// when a workspace source is newer than that build (a developer's edit) or there is none, runs
// the TypeScript sources through tsx instead.
import { readdirSync, statSync } from 'node:fs'

const packages = new URL('../../', import.meta.url)
const built = new URL('../dist/main.js', import.meta.url)

/** The newest modification time under `dir`, ms (0 when it does not exist). */
function newest(dir) {
  let latest = 0
  try {
    for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (e.isFile()) latest = Math.max(latest, statSync(`${e.parentPath}/${e.name}`).mtimeMs)
    }
  } catch {}
  return latest
}

function fresh() {
  let builtAt
  try {
    builtAt = statSync(built).mtimeMs
  } catch {
    return false
  }
  for (const pkg of readdirSync(packages)) {
    if (newest(new URL(`${pkg}/src`, packages)) > builtAt) return false
  }
  return true
}

if (fresh()) {
  await import(built.href)
} else {
  const { register } = await import('tsx/esm/api')
  register()
  await import('../src/main.ts')
}
