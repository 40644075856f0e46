/**
 * Every command's --help (the tree walked in this process: a process per command takes minutes):
 * each one has an Examples section, and every example names a command that exists.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Command } from 'commander'
import { buildProgram, COMMAND_NAMES, commandsFor } from '../src/program.ts'

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

test('every command and subcommand has --help with examples of real commands', async () => {
  const all = walk(await buildProgram())
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

test('a command line loads only the command it names, under the name it is known by', async () => {
  for (const name of COMMAND_NAMES) {
    const program = await buildProgram([name])
    assert.deepEqual(
      program.commands.map((c) => c.name()),
      [name],
    )
  }
  const all = (await buildProgram()).commands.map((c) => c.name())
  assert.deepEqual(all, [...COMMAND_NAMES, 'completion'])
  assert.deepEqual(commandsFor(['--tz', 'UTC', 'products', 'list']), ['products'])
  assert.deepEqual(commandsFor(['--version']), [])
  assert.equal(commandsFor([]), 'all')
  assert.equal(commandsFor(['--help']), 'all')
  assert.equal(commandsFor(['help', 'products']), 'all')
  assert.equal(commandsFor(['prodcts']), 'all')
  assert.equal(commandsFor(['completion', 'bash']), 'all')
})
