/**
 * The console's only way to data: the SDK, calling the platform in process (`app.request` is
 * the SDK's fetch) with the credential from the server-side session: a promoter's access_token
 * on the union API, the admin key on /admin/v1. Nothing here touches the database.
 * @module
 */
import { AccessTokenError, APIError, TuikeClient } from '@tuike/sdk'

/** What the console needs of the server app: Hono's in-process request. */
export interface RequestTarget {
  request(input: string, init?: RequestInit, env?: unknown): Response | Promise<Response>
}

/**
 * An SDK client over the app in process, at the origin the browser used (short links use it).
 * `env` is the browser request's (Node's `incoming`): the platform counts failed sign-ins per
 * client address from it.
 */
export function inProcessClient(
  app: RequestTarget,
  origin: string,
  credential: { accessToken: string } | { adminKey: string } | { appId: string; appSecret: string },
  env?: unknown,
): TuikeClient {
  return new TuikeClient({
    ...credential,
    baseURL: origin,
    fetch: (url, init) => app.request(url, init, env),
    maxRetries: 0,
    timeout: 0,
  })
}

/** The promoter's token is no longer good (invalid, superseded, expired, account disabled). */
export function isSignedOut(err: unknown): boolean {
  return err instanceof AccessTokenError || (err instanceof APIError && err.errcode === 48001)
}

/** The operator's key was refused. */
export function isKeyRefused(err: unknown): boolean {
  return err instanceof APIError && err.status === 401
}

/** Strip the ` rid: …` suffix of an errmsg for display (the rid stays in the log). */
export function plainErrmsg(errmsg: string): string {
  return errmsg.replace(/\s*rid: \S+$/, '')
}
