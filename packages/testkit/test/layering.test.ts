/**
 * The rules that keep the package diagram true (docs/architecture.md): every import is
 * declared by the importing package, no file reaches into another package by a relative path,
 * and each package imports only the workspaces below it.
 */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { join } from 'node:path'
import { test } from 'node:test'

const ROOT = join(import.meta.dirname, '..', '..', '..')
const PACKAGES = join(ROOT, 'packages')

/** Which workspaces each package's own code (src, bin) may import. */
const ALLOWED: Record<string, string[]> = {
  contract: [],
  sdk: [],
  server: ['@tuike/contract'],
  web: ['@tuike/sdk'],
  cli: ['@tuike/sdk', '@tuike/server', '@tuike/web'],
  testkit: ['@tuike/contract', '@tuike/server', '@tuike/cli'],
}

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue
    const full = join(dir, name)
    if (statSync(full).isDirectory()) files(full, out)
    else if (/\.(ts|tsx|js|mjs)$/.test(name)) out.push(full)
  }
  return out
}

/** Bare specifiers and relative paths imported by `text` (type-only imports included). */
function imports(text: string): string[] {
  const out: string[] = []
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/g))
    out.push(m[1]!)
  for (const m of text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)) out.push(m[1]!)
  return out
}

const packageName = (spec: string) =>
  spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!

const rootManifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))

for (const pkg of readdirSync(PACKAGES)) {
  const dir = join(PACKAGES, pkg)
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
  // An optional peer is imported only when present (the pglite: test dialect).
  const deps = new Set([
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
  ])
  const devDeps = new Set([
    ...deps,
    ...Object.keys(manifest.devDependencies ?? {}),
    ...Object.keys(rootManifest.devDependencies ?? {}),
  ])

  test(`${pkg}: imports are declared, stay inside the package, and respect the layers`, () => {
    const problems: string[] = []
    for (const file of files(dir)) {
      const rel = file.slice(dir.length + 1)
      const own = /^(src|bin)\//.test(rel)
      for (const spec of imports(readFileSync(file, 'utf8'))) {
        if (spec.startsWith('.')) {
          const target = join(file, '..', spec)
          if (!target.startsWith(`${dir}/`)) problems.push(`${rel}: ${spec} leaves the package`)
          continue
        }
        if (spec.startsWith('node:') || builtinModules.includes(spec)) continue
        const name = packageName(spec)
        if (!(own ? deps : devDeps).has(name)) problems.push(`${rel}: ${name} is not declared`)
        if (own && name.startsWith('@tuike/') && !ALLOWED[pkg]!.includes(name)) {
          problems.push(`${rel}: ${pkg} may not import ${name}`)
        }
      }
    }
    assert.deepEqual(problems, [])
  })
}
