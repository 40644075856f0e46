/**
 * What every list command prints, the same way: the items as JSON with --json, their ids one a
 * line with -q (where a listing names an id), else a table.
 * @module
 */
import type { Command } from 'commander'
import { common } from './context.ts'
import { printJson, printTable } from './output.ts'

export interface Listing<T> {
  /** The header row, made when printing (a time column names the zone then in effect). */
  head: () => string[]
  row: (item: T) => string[]
  /** What -q prints of an item; without it -q prints the table. */
  id?: (item: T) => string
}

export function printList<T>(cmd: Command, items: T[], listing: Listing<T>): void {
  const o = common(cmd)
  if (o.json) printJson(items)
  else if (o.quiet && listing.id)
    process.stdout.write(items.map((i) => `${listing.id!(i)}\n`).join(''))
  else printTable(listing.head(), items.map(listing.row))
}

/** A list command: `load` the items (with the command, for its options and arguments), print them. */
export function listCommand<T>(
  cmd: Command,
  load: (cmd: Command) => Promise<T[]>,
  listing: Listing<T>,
): Command {
  return cmd.action(async (...args: unknown[]) => {
    const self = args.at(-1) as Command
    printList(self, await load(self), listing)
  })
}
