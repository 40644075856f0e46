// Before `npm pack`/`npm publish`: build dist/ and apply publishConfig (exports, types) to
// package.json, keeping the workspace version in package.json.workspace for postpack.
// npm does not apply publishConfig.exports itself (pnpm does); inside the monorepo `exports`
// points at src/ so tsx runs the sources without a build.
import { execFileSync } from 'node:child_process'
import { copyFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'

rmSync('dist', { recursive: true, force: true })
execFileSync(
  process.execPath,
  ['../../node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'],
  {
    stdio: 'inherit',
  },
)
const text = readFileSync('package.json', 'utf8')
copyFileSync('package.json', 'package.json.workspace')
const pkg = JSON.parse(text)
const { publishConfig, scripts, ...rest } = pkg
const { exports, types, ...npmPublishConfig } = publishConfig ?? {}
const out = { ...rest, exports, types, main: './dist/index.js' }
if (Object.keys(npmPublishConfig).length) out.publishConfig = npmPublishConfig
out.scripts = { postpack: scripts.postpack }
writeFileSync('package.json', `${JSON.stringify(out, null, 2)}\n`)
// The emitted .d.ts must not reference the monorepo-only contract package.
for (const f of readdirSync('dist', { recursive: true })) {
  if (!/\.(js|d\.ts)$/.test(f)) continue
  if (/(from|import\()\s*['"]@tuike\/contract/.test(readFileSync(`dist/${f}`, 'utf8'))) {
    throw new Error(`dist/${f} imports @tuike/contract`)
  }
}
