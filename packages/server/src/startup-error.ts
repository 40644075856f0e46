/**
 * A reason the server cannot start that the operator must fix (a bad option, a port in use, a
 * database newer than the code): `tuike` prints its one line and exits 2.
 * @module
 */
export class StartupError extends Error {
  /** The option at fault, when one is (`db`, `port`, `admin-key`, …). */
  readonly option?: string
  constructor(message: string, option?: string) {
    super(message)
    this.name = 'StartupError'
    this.option = option
  }
}
