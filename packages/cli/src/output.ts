/**
 * Human output: tables via cli-table3, colour only on a TTY and never with NO_COLOR.
 * @module
 */
import Table from 'cli-table3'

export function printTable(head: string[], rows: string[][]): void {
  const colour = process.stdout.isTTY && !process.env.NO_COLOR
  const table = new Table({
    head,
    style: { head: colour ? ['cyan'] : [], border: colour ? ['grey'] : [] },
  })
  table.push(...rows)
  process.stdout.write(`${table.toString()}\n`)
}
