// The `prepare` step (npm install / npm ci runs it): compiles the `tuike` binary once, so no
// command compiles TypeScript at run time. esbuild (tsx's own compiler) bundles the workspace
// packages' sources into packages/cli/dist/ (git-ignored); npm packages stay imports. Lazily
// imported modules (the server, the console) become chunks of their own, so promoter commands
// never load them. bin/tuike.js runs the sources through tsx instead when they are newer than
// this build (a developer's edit): dist/sources.json lists the sources compiled, by command.
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
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
      // Every command module imports the modules they share (src/shared.ts), so those share one
      // chunk: without it esbuild makes a chunk per set of commands using a module, and a
      // command's start loaded a dozen small files, each a resolve, read and compile.
      name: 'commands-share-one-chunk',
      setup(b) {
        b.onLoad(
          { filter: /[\\/]packages[\\/]cli[\\/]src[\\/]commands[\\/][^\\/]+\.ts$/ },
          (args) => ({
            contents: `${readFileSync(args.path, 'utf8')}\nimport '../shared.ts'\n`,
            loader: 'ts',
          }),
        )
      },
    },
    {
      // commander requires node:child_process when it loads, for executable subcommands (tuike
      // has none); that loads net, dgram and streams, a few ms of every start. It gets a spawn
      // that requires child_process when called instead.
      name: 'commander-lazy-child-process',
      setup(b) {
        b.onResolve({ filter: /^node:child_process$/ }, (args) =>
          /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer)
            ? { path: 'child_process', namespace: 'lazy' }
            : undefined,
        )
        b.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
          contents:
            "let cp; module.exports = { spawn: (...a) => (cp ??= require('node:child_process')).spawn(...a) }",
          loader: 'js',
        }))
      },
    },
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
writeFileSync(join(out, 'sources.json'), `${JSON.stringify(sourcesByCommand(result.metafile))}\n`)
console.log(`tuike: compiled ${out} in ${Date.now() - started} ms`)

/**
 * The workspace sources this build compiled, and which of them each command line runs:
 * bin/tuike.js compares the times of those with the build's (a stat each) instead of every
 * source's, or walking every package's src, at each start. `version` is what `tuike --version`
 * runs (main.js and its imports); `commands.<name>` what `tuike <name> …` can run: that, the
 * modules main.js imports on demand for any command (time zone, errors) and everything the
 * command's module imports, now or on demand. Any other line (help, a typo) checks `files`.
 */
function sourcesByCommand(metafile) {
  const outputs = metafile.outputs
  const inputsOf = (file) => Object.keys(outputs[file].inputs).filter(isSource)
  const isSource = (f) => f.startsWith('packages/')
  const files = Object.keys(metafile.inputs).filter(isSource)
  const index = new Map(files.map((f, i) => [f, i]))
  /** Inputs of `start` and of what it imports (with `dynamic`, on demand too). */
  const reach = (start, dynamic, seen = new Set()) => {
    if (seen.has(start)) return seen
    seen.add(start)
    for (const i of outputs[start].imports) {
      if (!i.external && (dynamic || i.kind === 'import-statement')) reach(i.path, dynamic, seen)
    }
    return seen
  }
  const ids = (chunks) =>
    [...new Set([...chunks].flatMap(inputsOf))].map((f) => index.get(f)).sort((a, b) => a - b)
  const main = Object.keys(outputs).find(
    (f) => outputs[f].entryPoint === 'packages/cli/src/main.ts',
  )
  // program.ts's table: `name: async () => (await import('./commands/x.ts')).xCommand()`.
  const program = readFileSync(join(root, 'packages', 'cli', 'src', 'program.ts'), 'utf8')
  const modules = new Map()
  for (const m of program.matchAll(
    /^\s*'?([\w-]+)'?: async \(\) => \(await import\('\.\/(commands\/[\w-]+)\.ts'\)\)/gm,
  )) {
    modules.set(m[1], `packages/cli/src/${m[2]}.ts`)
  }
  const chunkOf = (entry) => Object.keys(outputs).find((f) => outputs[f].entryPoint === entry)
  const commandChunks = new Set([...modules.values()].map(chunkOf))
  const always = reach(main, false)
  for (const i of outputs[main].imports) {
    if (i.kind === 'dynamic-import' && !commandChunks.has(i.path)) reach(i.path, true, always)
  }
  const commands = {}
  for (const [name, entry] of modules) {
    commands[name] = ids(reach(chunkOf(entry), true, new Set(always)))
  }
  return { files, version: ids(reach(main, false)), commands }
}
