#!/usr/bin/env node
// Runs the build that `npm install` / `npm ci` compiled (scripts/build.mjs, packages/cli/dist);
// when a source that build compiled for this command line is newer than it (a developer's edit)
// or there is no build, runs the TypeScript sources through tsx instead. A new file counts
// through the edited file that imports it.
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..', '..', '..')
const dist = join(import.meta.dirname, '..', 'dist')

/**
 * The sources this command line can run (dist/sources.json, by command): `--version` runs
 * main.js alone, `tuike <command> …` main.js and that command; any other line (help, a typo)
 * loads every command. The command is found as program.ts's commandsFor finds it.
 */
function sources(list) {
  const args = process.argv.slice(2)
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) return list.version
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--tz') i++
    else if (!args[i].startsWith('-')) {
      return Object.hasOwn(list.commands, args[i]) ? list.commands[args[i]] : list.files
    }
  }
  return list.files
}

function fresh() {
  try {
    const builtAt = statSync(join(dist, 'main.js')).mtimeMs
    const list = JSON.parse(readFileSync(join(dist, 'sources.json'), 'utf8'))
    return sources(list).every(
      (file) =>
        statSync(`${root}/${typeof file === 'number' ? list.files[file] : file}`).mtimeMs <=
        builtAt,
    )
  } catch {
    return false // no build, or a source it compiled is gone
  }
}

if (fresh()) {
  await import(new URL('../dist/main.js', import.meta.url).href)
} else {
  const { register } = await import('tsx/esm/api')
  register()
  await import('../src/main.ts')
}
