/**
 * Human output: tables via cli-table3, colour only on a TTY and never with NO_COLOR; JSON and
 * NDJSON for scripts.
 * @module
 */
import { createRequire } from 'node:module'
import type Table from 'cli-table3'
import pc from 'picocolors'

/** Colours on stdout: a terminal, and NO_COLOR unset (https://no-color.org). */
export function colourOn(stream: NodeJS.WriteStream = process.stdout): boolean {
  return !!stream.isTTY && !process.env.NO_COLOR
}

/** picocolors bound to whether stdout may be coloured. */
export function colours() {
  return pc.createColors(colourOn())
}

export function printTable(head: string[], rows: string[][], align?: ('left' | 'right')[]): void {
  const colour = colourOn()
  // Loaded on first use: it costs every other command's start.
  const Tables = createRequire(import.meta.url)('cli-table3') as typeof Table
  const table = new Tables({
    head,
    style: { head: colour ? ['cyan'] : [], border: colour ? ['grey'] : [] },
    // No rule between body rows: long listings stay compact.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    ...(align ? { colAligns: align } : {}),
  })
  table.push(...rows)
  process.stdout.write(`${table.toString()}\n`)
}

/** One JSON document, pretty-printed. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
}

/** One NDJSON line; waits for the stream to drain when it is full (large exports). */
export async function writeLine(out: NodeJS.WritableStream, line: string): Promise<void> {
  if (!out.write(`${line}\n`)) await new Promise<void>((resolve) => out.once('drain', resolve))
}

/** A line on stderr: notes and summaries that must not mix into piped stdout. */
export function note(text: string): void {
  process.stderr.write(`${text}\n`)
}
