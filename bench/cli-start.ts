/**
 * CLI start-up against `node -e 0`, in the same run: `tuike --version` and `tuike products list
 * --help` (loads the products command and the SDK, sends nothing). Each round runs every command
 * `--batch` times in one shell, rotating which goes first; a command's CPU is the shell's
 * children's user + system time (/proc, Linux) over the batch, so each figure is a batch mean
 * and the table shows the median over rounds. Builds the CLI first (scripts/build.mjs).
 * Run: node --import tsx bench/cli-start.ts [--rounds 8] [--batch 5]
 * @module
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { flag, saveResults } from './_harness.ts'

const ROUNDS = Number(flag('rounds', '8'))
const BATCH = Number(flag('batch', '5'))
const root = join(import.meta.dirname, '..')
const bin = join(root, 'packages', 'cli', 'bin', 'tuike.js')
execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' })

const node = JSON.stringify(process.execPath)
const COMMANDS: Record<string, string> = {
  'node -e 0': `${node} -e 0`,
  'tuike --version': `${node} ${JSON.stringify(bin)} --version`,
  'tuike products list --help': `${node} ${JSON.stringify(bin)} products list --help`,
}
const TICK_S = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }))

/** CPU and wall seconds per run of `cmd`, averaged over one batch. */
function batch(cmd: string): { cpu: number; wall: number } {
  // Fields 16 and 17 of /proc/<shell>/stat: its waited-for children's user and system ticks.
  const script = `i=0; while [ $i -lt ${BATCH} ]; do ${cmd} >/dev/null; i=$((i+1)); done; cat /proc/$$/stat`
  const t = performance.now()
  const r = spawnSync('sh', ['-c', script], { encoding: 'utf8' })
  const wall = (performance.now() - t) / 1000
  if (r.status !== 0) throw new Error(`${cmd}: ${r.stderr}`)
  const fields = r.stdout.slice(r.stdout.lastIndexOf(')') + 2).split(' ')
  const ticks = Number(fields[13]) + Number(fields[14])
  return { cpu: ticks / TICK_S / BATCH, wall: wall / BATCH }
}

const names = Object.keys(COMMANDS)
const cpu: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]))
const wall: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]))
const load = [loadavg()[0]!]
batch(COMMANDS['tuike --version']!) // warm the file cache
for (let round = 0; round < ROUNDS; round++) {
  for (let j = 0; j < names.length; j++) {
    const name = names[(round + j) % names.length]!
    const m = batch(COMMANDS[name]!)
    cpu[name]!.push(m.cpu)
    wall[name]!.push(m.wall)
  }
}
load.push(loadavg()[0]!)

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!
const base = names[0]!
const rows = Object.fromEntries(
  names.map((n) => [
    n,
    {
      cpuMedianS: median(cpu[n]!),
      wallMedianS: median(wall[n]!),
      cpuRatio: median(cpu[n]!) / median(cpu[base]!),
      wallRatio: median(wall[n]!) / median(wall[base]!),
    },
  ]),
)
console.log(`CLI start vs node -e 0 (${ROUNDS} rounds × ${BATCH} runs, load ${load.join(' → ')})`)
console.table(
  Object.fromEntries(
    Object.entries(rows).map(([n, r]) => [
      n,
      {
        'CPU s': r.cpuMedianS.toFixed(3),
        'CPU ×': r.cpuRatio.toFixed(2),
        'wall s': r.wallMedianS.toFixed(3),
        'wall ×': r.wallRatio.toFixed(2),
      },
    ]),
  ),
)
saveResults('cli-start', {
  benchmark: 'cli-start',
  rounds: ROUNDS,
  batch: BATCH,
  loadAverage: load,
  commands: rows,
  samples: { cpu, wall },
})
