// The `prepare` step (npm install / npm ci runs it): compiles the `tuike` binary once, so no
// command compiles TypeScript at run time. esbuild (tsx's own compiler) bundles the workspace
// packages' sources into packages/cli/dist/ (git-ignored); npm packages stay imports. Lazily
// imported modules (the server, the console) become chunks of their own, so promoter commands
// never load them. bin/tuike.js runs the sources through tsx instead when they are newer than
// this build (a developer's edit).
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'

const root = join(import.meta.dirname, '..')
// An argument builds elsewhere (the README test builds its own copy, leaving this one alone).
const out = process.argv[2] ?? join(root, 'packages', 'cli', 'dist')
const started = Date.now()
rmSync(out, { recursive: true, force: true })
await build({
  entryPoints: { main: join(root, 'packages', 'cli', 'src', 'main.ts') },
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  jsx: 'automatic',
  jsxImportSource: 'hono/jsx',
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  plugins: [
    {
      // Workspace packages (@tuike/*) are bundled from their sources; npm packages are not.
      name: 'npm-packages-external',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          args.path.startsWith('@tuike/') ? undefined : { path: args.path, external: true },
        )
      },
    },
  ],
})
writeFileSync(join(out, 'package.json'), '{"type":"module"}\n')
console.log(`tuike: compiled ${out} in ${Date.now() - started} ms`)
