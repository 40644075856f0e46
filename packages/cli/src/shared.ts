/**
 * The CLI modules commands share, gathered for the build: scripts/build.mjs has every command
 * module import this one, so esbuild puts them (and the SDK they bring) in one chunk instead of
 * a chunk per set of commands using each. A command then loads main.js, commander, its own
 * module and this chunk. main.ts's on-demand imports (the --tz check, error messages) come
 * through here too, for the same reason.
 * @module
 */
import './config.ts'
import './context.ts'
import './extensions.ts'
import './help.ts'
import './listing.ts'
import './output.ts'
import './progress.ts'

export { CliError, describeError } from './errors.ts'
export { setTimeZone } from './units.ts'
