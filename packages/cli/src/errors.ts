/**
 * CLI failures with their exit code: 1 for an API error, 2 for a usage error.
 * @module
 */
export class CliError extends Error {
  readonly exitCode: number
  constructor(message: string, exitCode = 1) {
    super(message)
    this.exitCode = exitCode
  }
}
