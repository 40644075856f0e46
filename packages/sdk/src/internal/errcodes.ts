/**
 * Which error class each errcode maps to, by the contract's `kind`. This is a copy of the codes
 * of packages/contract/src/errcodes.ts grouped by kind (the SDK imports nothing at runtime);
 * test/errors.test.ts fails if the two drift.
 * @module
 */

/** Codes per kind, as in the contract catalogue. 40097 (invalid args) is a WeChat global code. */
export const CODES_BY_KIND = {
  busy: [-1],
  token: [40001, 40014, 41001, 42001],
  credential: [40013, 40125, 40243],
  quota: [45009, 45011],
  params: [40002, 40066, 40097, 41002, 41004, 43001, 43002, 44002, 47001, 200001, 200002],
  promotion: [14005, 14007],
  unauthorized: [40164, 48001],
  not_found: [],
  open_account: [25503, 25504, 25505, 25506, 25507, 25508, 25509, 25510],
  tag: [37027, 201001],
  other: [],
} as const satisfies Record<string, readonly number[]>

export type ErrorKind = keyof typeof CODES_BY_KIND

const KIND_BY_CODE = new Map<number, ErrorKind>()
for (const [kind, codes] of Object.entries(CODES_BY_KIND)) {
  for (const code of codes) KIND_BY_CODE.set(code, kind as ErrorKind)
}

/** The kind of an errcode, or undefined for codes the SDK does not know. */
export function kindOf(errcode: number): ErrorKind | undefined {
  return KIND_BY_CODE.get(errcode)
}

/** Token errors that a refresh can fix; 41001 (missing) and 48001 (wrong account) cannot. */
export const REFRESHABLE_TOKEN_CODES: ReadonlySet<number> = new Set([40001, 40014, 42001])

/** Errors that are worth retrying after a pause. */
export const RETRYABLE_CODES: ReadonlySet<number> = new Set([-1, 45011])
