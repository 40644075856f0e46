/**
 * Whether a server offers Tuike's `/tuike/v1` extensions: WeChat (and older Tuike servers) answer
 * an extension path with "invalid url", "unauthorized" or a method error, or a plain 404.
 * @module
 */
import { APIError } from '@tuike/sdk'

const NOT_OFFERED = new Set([40066, 48001, 43001, 43002])

export function extensionNotOffered(err: unknown): boolean {
  return err instanceof APIError && (NOT_OFFERED.has(Number(err.errcode)) || err.status === 404)
}
