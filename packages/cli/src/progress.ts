/**
 * A progress bar on stderr, drawn only when stderr is a terminal (scripts and CI get none).
 * @module
 */
import { createRequire } from 'node:module'
import type CliProgress from 'cli-progress'

export interface Progress {
  update(done: number, total: number, label?: string): void
  stop(): void
}

export function progressBar(title: string): Progress {
  if (!process.stderr.isTTY) return { update() {}, stop() {} }
  // Loaded on first use: it costs every other command's start.
  const cliProgress = createRequire(import.meta.url)('cli-progress') as typeof CliProgress
  const bar = new cliProgress.SingleBar(
    {
      format: `${title} [{bar}] {percentage}% {value}/{total} {label}`,
      stream: process.stderr,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  )
  let started = false
  return {
    update(done, total, label = '') {
      if (!started) {
        bar.start(total, 0, { label })
        started = true
      }
      bar.setTotal(total)
      bar.update(done, { label })
    },
    stop() {
      if (started) bar.stop()
    },
  }
}
