// The `prepare` step (npm install / npm ci runs it): compiles the `tuike` binary once, so no
// command compiles TypeScript at run time. esbuild (tsx's own compiler) bundles the workspace
// packages' sources into packages/cli/dist/ (git-ignored); npm packages stay imports. Lazily
// imported modules (the server, the console) become chunks of their own, so promoter commands
// never load them. bin/tuike.js runs the sources through tsx instead when they are newer than
// this build (a developer's edit): dist/sources.json lists the sources compiled.
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'

const root = join(import.meta.dirname, '..')
// An argument builds elsewhere (the README test builds its own copy, leaving this one alone).
const out = process.argv[2] ?? join(root, 'packages', 'cli', 'dist')
const started = Date.now()
// npm packages a command's start loads: bundled as ESM, they skip the CommonJS loader.
const START = new Set(['commander', 'picocolors'])
rmSync(out, { recursive: true, force: true })
const result = await build({
  absWorkingDir: root,
  metafile: true,
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
  // commander is CommonJS: its require('node:events') needs a require in ESM output.
  banner: {
    js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);",
  },
  plugins: [
    {
      // Workspace packages (@tuike/*) are bundled from their sources, and so are those in START;
      // other npm packages are not.
      name: 'npm-packages-external',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          args.path.startsWith('@tuike/') || START.has(args.path)
            ? undefined
            : { path: args.path, external: true },
        )
      },
    },
  ],
})
writeFileSync(join(out, 'package.json'), '{"type":"module"}\n')
// The workspace sources this build compiled: bin/tuike.js compares their times with the build's
// (a stat each) instead of walking every package's src at every start.
const sources = Object.keys(result.metafile.inputs).filter((f) => f.startsWith('packages/'))
writeFileSync(join(out, 'sources.json'), `${JSON.stringify(sources)}\n`)
console.log(`tuike: compiled ${out} in ${Date.now() - started} ms`)
