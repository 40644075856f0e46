/**
 * Every command's --help (the tree walked in this process: a process per command takes minutes):
 * each one has an Examples section, and every example names a command that exists.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Command } from 'commander'
import { buildProgram } from '../src/program.ts'

function walk(cmd: Command, path: string[] = [], out: [string[], Command][] = []) {
  out.push([path, cmd])
  for (const c of cmd.commands) walk(c, [...path, c.name()], out)
  return out
}

function help(cmd: Command): string {
  let text = ''
  cmd.configureOutput({ writeOut: (s) => (text += s), writeErr: (s) => (text += s) })
  cmd.outputHelp()
  return text
}

test('every command and subcommand has --help with examples of real commands', () => {
  const all = walk(buildProgram())
  assert.ok(all.length > 80, `${all.length} commands`)
  const paths = new Set(all.map(([p]) => p.join(' ')))
  const missing: string[] = []
  const unknown: string[] = []
  for (const [path, cmd] of all) {
    const text = help(cmd)
    const examples = /\nExamples?:\n([\s\S]*?)(?:\n\n|$)/.exec(text)
    if (!examples) {
      missing.push(['tuike', ...path].join(' '))
      continue
    }
    for (const line of examples[1]!.split('\n')) {
      // `$ tuike a b …`: the longest command path among its words must exist.
      const m = /\$ (?:.*?\$\()?tuike ((?:[a-z][\w-]* ?)+)/.exec(line)
      if (!m) continue
      const words = m[1]!.trim().split(' ')
      let ok = false
      for (let n = words.length; n > 0 && !ok; n--) ok = paths.has(words.slice(0, n).join(' '))
      if (!ok) unknown.push(line.trim())
    }
  }
  assert.deepEqual(missing, [], 'commands without examples')
  assert.deepEqual(unknown, [], 'examples naming no command')
})
