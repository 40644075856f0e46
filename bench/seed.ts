/**
 * `tuike seed --products N` on SQLite as a whole process: wall time, the CPU time of each of its
 * threads (from /proc, sampled every 100 ms: the main thread apart from the rest) and the file's
 * bytes a product. With `--baseline DIR` (another checkout with its CLI built) the two run in
 * turns, baseline first, round by round, each into a fresh file, and the table gives medians.
 *
 *   node --import tsx bench/seed.ts [--products 100000] [--rounds 3] [--baseline DIR]
 * @module
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { flag, saveResults } from './_harness.ts'

const products = Number(flag('products', '100000'))
const rounds = Number(flag('rounds', '3'))
const baseline = flag('baseline', '')
const trees = [
  ...(baseline ? [{ name: 'baseline', tree: baseline }] : []),
  { name: 'this', tree: join(import.meta.dirname, '..') },
]

interface Run {
  tree: string
  round: number
  wall: number
  cpu: number
  mainThreadCpu: number
  /** CPU seconds of the other threads, largest first (workers, GC and SQLite helpers). */
  otherThreadsCpu: number[]
  loadBefore: number[]
  bytesPerProduct: number
  printed: string
}

const TICK = 100 // clock ticks a second (USER_HZ)

/** Each thread's user+system CPU seconds, by thread id. */
function threadCpu(pid: number, into: Map<string, number>): void {
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      into.set(tid, (Number(f[11]) + Number(f[12])) / TICK)
    }
  } catch {
    // The process (or a thread) ended between the listing and the read.
  }
}

async function seedOnce(tree: string, round: number): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'tuike-seed-bench-'))
  const file = join(dir, 'seed.db')
  const loadBefore = loadavg().map((l) => Number(l.toFixed(2)))
  const started = performance.now()
  const child = spawn(
    process.execPath,
    [
      join(tree, 'packages/cli/bin/tuike.js'),
      'seed',
      '--db',
      `sqlite:${file}`,
      '--products',
      String(products),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  let printed = ''
  child.stdout!.on('data', (d) => {
    printed += d
  })
  const threads = new Map<string, number>()
  const timer = setInterval(() => threadCpu(child.pid!, threads), 100)
  const code = await new Promise<number | null>((r) => child.on('exit', r))
  clearInterval(timer)
  const wall = (performance.now() - started) / 1000
  if (code !== 0) throw new Error(`tuike seed in ${tree} exited with ${code}`)
  const bytes = statSync(file).size
  rmSync(dir, { recursive: true, force: true })
  const main = threads.get(String(child.pid)) ?? 0
  const others = [...threads]
    .filter(([tid]) => tid !== String(child.pid))
    .map(([, s]) => s)
    .sort((a, b) => b - a)
  const round2 = (x: number) => Number(x.toFixed(2))
  return {
    tree,
    round,
    wall: round2(wall),
    cpu: round2(main + others.reduce((a, b) => a + b, 0)),
    mainThreadCpu: round2(main),
    otherThreadsCpu: others.filter((s) => s >= 0.05).map(round2),
    loadBefore,
    bytesPerProduct: Math.round(bytes / products),
    printed: printed.trim(),
  }
}

const runs: Run[] = []
for (let round = 1; round <= rounds; round++) {
  for (const t of trees) {
    const r = await seedOnce(t.tree, round)
    runs.push({ ...r, tree: t.name })
    console.log(
      `${t.name.padEnd(8)} round ${round}: wall ${r.wall} s, cpu ${r.cpu} s (main thread ${r.mainThreadCpu}, others ${r.otherThreadsCpu.join(' ')}), load ${r.loadBefore[0]}`,
    )
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}
const summary = trees.map((t) => {
  const mine = runs.filter((r) => r.tree === t.name)
  return {
    tree: t.name,
    wall: median(mine.map((r) => r.wall)),
    cpu: median(mine.map((r) => r.cpu)),
    mainThreadCpu: median(mine.map((r) => r.mainThreadCpu)),
  }
})
console.log(`\n${products} products, ${rounds} rounds, medians`)
console.table(summary)
saveResults('seed-sqlite', {
  benchmark: 'seed',
  how: `tuike seed --products ${products} into a fresh SQLite file per run; baseline and this checkout in turns (baseline first) each round; cpu = user+system seconds of every thread of the process, sampled from /proc/<pid>/task every 100 ms (the last sample, so up to 0.1 s short)`,
  products,
  rounds,
  baseline: baseline || undefined,
  summary,
  runs,
})
