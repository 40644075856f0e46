/**
 * What the CLI's tests share: running the real `tuike` binary and comparing with golden files.
 * @module
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const BIN = join(import.meta.dirname, '..', 'bin', 'tuike.js')
const GOLDEN = join(import.meta.dirname, 'golden')

export interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/** Run `tuike …args` with exactly `env`, `input` on stdin; resolves when it exits. */
export function run(
  args: string[],
  env: Record<string, string | undefined>,
  input = '',
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: env as NodeJS.ProcessEnv })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => {
      stdout += d
    })
    child.stderr.on('data', (d) => {
      stderr += d
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(input)
  })
}

/** Compare `actual` with golden/`name` (UPDATE_GOLDEN=1 rewrites; CI refuses a missing one). */
export function golden(name: string, actual: string): void {
  const file = join(GOLDEN, name)
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    if (process.env.UPDATE_GOLDEN !== '1' && process.env.CI) assert.fail(`missing golden ${name}`)
    writeFileSync(file, actual)
    return
  }
  assert.equal(actual, readFileSync(file, 'utf8'), `golden ${name} (UPDATE_GOLDEN=1 to rewrite)`)
}
