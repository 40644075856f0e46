/**
 * The SQLite bulk load of the demo catalogue on worker threads: two workers each generate every
 * other chunk of products (rows, wire JSON, title grams) and write it through a connection of
 * their own to the same file, taking turns in chunk order (a shared counter), so one generates
 * while the other writes and the file gets exactly the rows, in the order, of a load on one
 * thread. Nothing but a progress count and, at the end, each worker's gram postings crosses
 * between threads. The caller writes the merged postings and rebuilds the indexes.
 *
 * A worker runs this same module (built into the CLI's bundle, or through tsx from source).
 * @module
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads'
import { chunkValues, GramPostings, SqliteChunkWriter } from './bulk-sqlite.ts'
import { demoCategories, demoRows, demoShops } from './catalogue.ts'

interface Job {
  tuikeSeedWorker: true
  file: string
  seed: number
  total: number
  chunk: number
  /** This worker's first chunk; it takes every `workers`-th one from there. */
  index: number
  workers: number
  /** [next chunk to write, 1 once any thread failed]. */
  turn: SharedArrayBuffer
}

type Packed = ReturnType<GramPostings['pack']>
type Message = { written: number } | { grams: Packed }

/**
 * Write products 1..`total` of `seed` into the SQLite file `file` on `workers` threads, chunk
 * by chunk; resolves once every worker is done, their gram postings merged into `grams`.
 */
export async function loadOnWorkers(options: {
  file: string
  seed: number
  total: number
  chunk: number
  workers?: number
  grams: GramPostings
  onProgress?: (done: number) => void
}): Promise<void> {
  const workers = options.workers ?? 2
  const turn = new SharedArrayBuffer(8)
  const state = new Int32Array(turn)
  const threads: Worker[] = []
  // The worker imports this module; from source (tsx), after registering tsx's loader in it.
  const self = JSON.stringify(import.meta.url)
  const boot = import.meta.url.endsWith('.ts')
    ? `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${self}) })`
    : `import(${self})`
  try {
    await Promise.all(
      Array.from({ length: workers }, (_, index) => {
        const job: Job = {
          tuikeSeedWorker: true,
          file: options.file,
          seed: options.seed,
          total: options.total,
          chunk: options.chunk,
          index,
          workers,
          turn,
        }
        const w = new Worker(boot, { eval: true, workerData: job })
        threads.push(w)
        return new Promise<void>((resolve, reject) => {
          w.on('message', (m: Message) => {
            if ('grams' in m) options.grams.merge(m.grams)
            else
              options.onProgress?.(Math.min(options.total, Atomics.load(state, 0) * options.chunk))
          })
          w.on('error', (err) => {
            Atomics.store(state, 1, 1)
            Atomics.notify(state, 0)
            reject(err)
          })
          w.on('exit', (code) =>
            code === 0 ? resolve() : reject(new Error(`seed worker exited with ${code}`)),
          )
        })
      }),
    )
  } catch (err) {
    Atomics.store(state, 1, 1)
    Atomics.notify(state, 0)
    await Promise.all(threads.map((t) => t.terminate()))
    throw err
  }
}

async function work(job: Job): Promise<void> {
  const { default: SQLite } = await import('better-sqlite3')
  const sqlite = new SQLite(job.file)
  const state = new Int32Array(job.turn)
  try {
    // As the caller's connection loads: no sync per chunk (the caller syncs once at the end).
    sqlite.pragma('busy_timeout = 60000')
    sqlite.pragma('synchronous = off')
    sqlite.pragma('foreign_keys = on')
    const writer = new SqliteChunkWriter(sqlite)
    const grams = new GramPostings()
    const { leaves } = demoCategories()
    const shops = demoShops(job.seed, job.total)
    for (let c = job.index; c * job.chunk < job.total; c += job.workers) {
      const start = c * job.chunk
      const items = demoRows(job.seed, start, Math.min(job.total, start + job.chunk), shops, leaves)
      const values = chunkValues(items)
      for (;;) {
        const next = Atomics.load(state, 0)
        // Another thread failed and reports why: stop without an error of this one's own.
        if (Atomics.load(state, 1) === 1) return
        if (next === c) break
        Atomics.wait(state, 0, next, 1000)
      }
      try {
        writer.write(values)
      } catch (err) {
        Atomics.store(state, 1, 1)
        throw err
      } finally {
        Atomics.add(state, 0, 1)
        Atomics.notify(state, 0)
      }
      parentPort!.postMessage({ written: c } satisfies Message)
      for (const i of items) grams.add(i.row.pk, i.row.title)
    }
    const packed = grams.pack()
    parentPort!.postMessage({ grams: packed } satisfies Message, [
      packed.ends.buffer as ArrayBuffer,
      packed.pks.buffer as ArrayBuffer,
    ])
  } finally {
    sqlite.close()
  }
}

/**
 * Fail the thread with `err` as a plain Error: the caller gets a worker's error by structured
 * clone, which keeps only the own properties (the `code`) of an SqliteError, not its message.
 */
function fail(err: unknown): never {
  const e = err as { message?: string; code?: string }
  throw Object.assign(new Error(e?.message ?? String(err)), e?.code ? { code: e.code } : {})
}

if (!isMainThread && (workerData as Job | undefined)?.tuikeSeedWorker) {
  // After every module of the bundle this one is part of has been evaluated.
  setImmediate(() => work(workerData as Job).catch(fail))
}
