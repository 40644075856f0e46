/**
 * The `tuike` binary: runs the command tree (program.ts) and maps failures to exit codes.
 * @module
 */
import { CommanderError } from 'commander'
import { buildProgram, commandsFor } from './program.ts'

// Only the command this line names is loaded (see program.ts); `--version` loads none.
const program = await buildProgram(commandsFor(process.argv.slice(2)))

// `tuike orders search --json | head`: a closed pipe ends the command quietly, as in other tools.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0)
  throw err
})

try {
  await program.parseAsync(process.argv)
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode === 0 ? 0 : 2
  } else {
    const { describeError } = await import('./shared.ts')
    const { message, exitCode } = describeError(err)
    process.stderr.write(`tuike: ${message}\n`)
    process.exitCode = exitCode
  }
}
