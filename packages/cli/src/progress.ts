/**
 * A progress bar on stderr, drawn only when stderr is a terminal (scripts and CI get none).
 * @module
 */
import cliProgress from 'cli-progress'

export interface Progress {
  update(done: number, total: number, label?: string): void
  stop(): void
}

export function progressBar(title: string): Progress {
  if (!process.stderr.isTTY) return { update() {}, stop() {} }
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
