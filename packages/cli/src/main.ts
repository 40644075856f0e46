/**
 * The `tuike` binary: runs the command tree (program.ts) and maps failures to exit codes.
 * @module
 */
import { CommanderError } from 'commander'
import { describeError } from './errors.ts'
import { buildProgram } from './program.ts'

const program = buildProgram()

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
    const { message, exitCode } = describeError(err)
    process.stderr.write(`tuike: ${message}\n`)
    process.exitCode = exitCode
  }
}
