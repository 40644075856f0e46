/**
 * CLI failures with their exit code (1 for an API error, 2 for a usage error), and how SDK
 * errors are shown: errcode, errmsg and a hint for the common codes.
 * @module
 */
import { APIConnectionError, APIError, TuikeError } from '@tuike/sdk'

export class CliError extends Error {
  readonly exitCode: number
  constructor(message: string, exitCode = 1) {
    super(message)
    this.exitCode = exitCode
  }
}

/** What to do about the errcodes a promoter meets most. */
export const HINTS: Record<number, string> = {
  [-1]: 'WeChat is busy; try again in a moment',
  40001: 'the access_token was rejected; check the appid/appsecret pair (tuike login)',
  40013: 'the appid is not valid; check TUIKE_APPID or the profile (tuike login)',
  40125: 'the appsecret is wrong or was reset; run tuike login again with the new one',
  40164: "this machine's IP is not in the account's IP allowlist",
  40243: 'the appsecret is frozen; reset it in the WeChat console',
  42001: 'the access_token expired; run the command again',
  45009: 'the daily API quota is used up; it resets at midnight (Beijing time)',
  45011: 'too many requests; wait a little and retry',
  48001: 'the account may not call this API (not a 推客 account, or disabled)',
  14005: 'the spot limit is reached; remove unused spots with tuike spots rm',
  14007: 'a spot with that name exists; see tuike spots ls',
  200001: 'the product is not in that shop (or is a SKU id); check the product id',
  200002: 'a parameter was refused; see errmsg for which one',
}

/** Render any thrown value as the CLI shows it, with its exit code. No secret can be in it: the
 * SDK redacts its errors, and CLI messages never include credentials. */
export function describeError(err: unknown): { message: string; exitCode: number } {
  if (err instanceof CliError) return { message: err.message, exitCode: err.exitCode }
  // The server's StartupError (a bad option, a port in use, a database newer than the code),
  // recognised by name: the promoter commands do not load the server.
  if ((err as Error)?.name === 'StartupError')
    return { message: (err as Error).message, exitCode: 2 }
  if (err instanceof APIError) {
    // The operator API answers real HTTP statuses; the union API answers 200 with an errcode.
    const status = err.status >= 400 && err.errcode !== undefined ? ` (HTTP ${err.status})` : ''
    const code = `${err.errcode ?? `HTTP ${err.status}`}${status}`
    const hint = err.errcode !== undefined ? HINTS[err.errcode] : undefined
    const msg = `API error ${code}: ${err.errmsg || err.message}${hint ? `\nhint: ${hint}` : ''}`
    return { message: msg, exitCode: 1 }
  }
  if (err instanceof APIConnectionError) {
    return { message: `${err.message} (is the base URL right and the server up?)`, exitCode: 1 }
  }
  if (err instanceof TuikeError) return { message: err.message, exitCode: 1 }
  return { message: (err as Error)?.message ?? String(err), exitCode: 1 }
}
