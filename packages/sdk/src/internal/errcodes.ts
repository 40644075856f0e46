/**
 * Which kind each errcode is (from the generated catalogue), and the SDK's policy per code.
 * @module
 */
import { CODES_BY_KIND, type ErrorKind } from '../generated/errcodes.ts'

export { CODES_BY_KIND, type ErrorKind }

const KIND_BY_CODE = new Map<number, ErrorKind>()
for (const [kind, codes] of Object.entries(CODES_BY_KIND)) {
  for (const code of codes) KIND_BY_CODE.set(code, kind as ErrorKind)
}
// 40097 (invalid args) is a WeChat global code outside the union catalogue.
KIND_BY_CODE.set(40097, 'params')

/** The kind of an errcode, or undefined for codes the SDK does not know. */
export function kindOf(errcode: number): ErrorKind | undefined {
  return KIND_BY_CODE.get(errcode)
}

/** Token errors that a refresh can fix; 41001 (missing) and 48001 (wrong account) cannot. */
export const REFRESHABLE_TOKEN_CODES: ReadonlySet<number> = new Set([40001, 40014, 42001])

/** Errors that are worth retrying after a pause. */
export const RETRYABLE_CODES: ReadonlySet<number> = new Set([-1, 45011])
