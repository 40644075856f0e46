/**
 * `npm install` is clean (issue 18, item 18): npm 11 runs a dependency's install script only when
 * the root package.json's `allowScripts` covers it, and warns about each one it does not. Every
 * locked package with an install script is therefore decided here: better-sqlite3 (its native
 * binding) and esbuild (its binary) are allowed, swagger-ui-dist's telemetry (@scarf/scarf) is
 * denied. A new dependency with an install script fails this test until someone reviews it.
 * @module
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'

const root = join(import.meta.dirname, '..', '..', '..')
const json = (file: string) => JSON.parse(readFileSync(join(root, file), 'utf8'))

test('every locked package with an install script is allowed or denied in package.json', () => {
  const lock = json('package-lock.json') as {
    packages: Record<string, { hasInstallScript?: boolean }>
  }
  const withScripts = Object.entries(lock.packages)
    .filter(([, p]) => p.hasInstallScript)
    .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length))
  assert.ok(withScripts.includes('better-sqlite3'))
  const allow = (json('package.json').allowScripts ?? {}) as Record<string, boolean>
  assert.deepEqual(
    withScripts.filter((name) => !(name in allow)),
    [],
    'review them: npm install-scripts approve <name> (or deny)',
  )
  assert.equal(allow['better-sqlite3'], true)
  assert.equal(allow.esbuild, true)
  assert.equal(allow['@scarf/scarf'], false)
})
