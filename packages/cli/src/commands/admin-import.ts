/**
 * `tuike admin import <categories|shops|products> FILE`: streams an NDJSON file to the server in
 * chunks under the 1 MiB body limit, with a progress bar and a summary; bad lines are reported
 * with their line number in the file.
 * @module
 */
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import type { AdminCatalogueImportParams, ImportResult, TuikeClient } from '@tuike/sdk'
import { Command } from 'commander'
import { CliError } from '../errors.ts'
import { progressBar } from '../progress.ts'

const CHUNK_BYTES = 768 * 1024

type ImportKind = AdminCatalogueImportParams['kind']
/** Every import kind of the contract (tsc checks the list is complete). */
const KINDS = { categories: true, shops: true, products: true } satisfies Record<ImportKind, true>
const isKind = (k: string): k is ImportKind => Object.hasOwn(KINDS, k)

export function importCommand(adminClient: (cmd: Command) => TuikeClient): Command {
  return new Command('import')
    .description('Import NDJSON (one JSON object per line) of categories, shops or products')
    .argument('<kind>', 'categories, shops or products')
    .argument('<file>', 'NDJSON file')
    .addHelpText('after', '\nExample:\n  $ tuike admin import products ./catalogue.ndjson')
    .action(async (kind: string, file: string, _opts: unknown, cmd: Command) => {
      if (!isKind(kind)) {
        throw new CliError(`kind must be one of ${Object.keys(KINDS).join(', ')}`, 2)
      }
      const size = await stat(file).catch(() => {
        throw new CliError(`cannot read ${file}`, 2)
      })
      const client = adminClient(cmd)
      const bar = progressBar(kind)
      const total: ImportResult = { applied: 0, errors: [] }
      let chunk: string[] = []
      let chunkBytes = 0
      let firstLine = 1
      let lineNo = 0
      let readBytes = 0
      const flush = async () => {
        if (chunk.length === 0) return
        const r = await client.admin.catalogue.import(kind, chunk.join('\n'))
        total.applied += r.applied
        for (const e of r.errors)
          total.errors.push({ line: e.line + firstLine - 1, reason: e.reason })
        firstLine = lineNo + 1
        chunk = []
        chunkBytes = 0
        bar.update(readBytes, size.size)
      }
      for await (const line of createInterface({
        input: createReadStream(file),
        crlfDelay: Infinity,
      })) {
        lineNo++
        const bytes = Buffer.byteLength(line) + 1
        readBytes += bytes
        if (chunkBytes + bytes > CHUNK_BYTES) {
          lineNo--
          await flush()
          lineNo++
        }
        chunk.push(line)
        chunkBytes += bytes
      }
      await flush()
      bar.stop()
      if (cmd.optsWithGlobals<{ json?: boolean }>().json) {
        process.stdout.write(`${JSON.stringify(total, null, 2)}\n`)
      } else {
        process.stdout.write(`applied ${total.applied} lines, ${total.errors.length} bad\n`)
        for (const e of total.errors.slice(0, 50))
          process.stdout.write(`  line ${e.line}: ${e.reason}\n`)
        if (total.errors.length > 50) process.stdout.write(`  … ${total.errors.length - 50} more\n`)
      }
      if (total.errors.length > 0) process.exitCode = 1
    })
}
