/**
 * Wire primitives shared by every endpoint schema: lenient readers for what clients send,
 * strict shapes for what the server emits, and the named encoders for list parameters.
 * @module
 */
import { z } from 'zod'

/**
 * Digits read as a number, refused beyond ±(2^53−1), where a double stops holding every integer:
 * `18446744073709551616` is "too big", never a rounded offset or price.
 */
function digits(pattern: RegExp) {
  return z.string().regex(pattern).transform(Number).pipe(z.number().int())
}

/** An integer that may arrive as a number or a numeric string (query strings are all strings). */
export const WireInt = z.union([z.number().int(), digits(/^-?\d+$/)], {
  error: 'must be an integer',
})

/** A non-negative integer read leniently. */
export const WireUint = z.union([z.number().int().min(0), digits(/^\d+$/)], {
  error: 'must be a non-negative integer',
})

/**
 * The largest value of a 32-bit integer column (PostgreSQL `integer`): catalogue money in fen,
 * stock and sales counts, ratios and statuses are stored in such columns, so a filter or an
 * import value above it is refused rather than overflowing the column.
 */
export const MAX_INT32 = 2_147_483_647

/** A non-negative integer that fits a 32-bit column, read leniently. */
export const WireUint32 = WireUint.pipe(z.number().max(MAX_INT32))

/** A 0/1 flag, number or string. */
export const WireFlag = z.union(
  [z.literal(0), z.literal(1), z.enum(['0', '1']).transform(Number)],
  {
    error: 'must be 0 or 1',
  },
)

/**
 * An id: always a string on output. A JSON number is accepted and read as its digits: a safe
 * non-negative integer, or (from the server's exact JSON reader, which keeps the digits of
 * integers beyond 2^53 as a BigInt) any non-negative integer. A fraction, a negative number or a
 * number that went through a double (`1e20`) is refused. BigInt is left out of the declared
 * input type: no TypeScript caller sends one, JSON cannot carry it.
 */
const ID_DIGITS =
  'must be written in plain digits beyond 2^53 (with a fraction or an exponent it went through a double and lost digits)'

export const WireId = z.union(
  [
    z.string().min(1),
    // zod's int() is a safe integer: a number beyond 2^53 here already went through a double
    // (written with a fraction or an exponent). Its size is not the fault: plain digits of any
    // size arrive as the BigInt below, so the message says how to write it, not "<= 2^53".
    z
      .number()
      .int({ error: (i) => (i.code === 'too_big' ? ID_DIGITS : undefined) })
      .min(0)
      .transform(String),
    z.bigint().min(0n).transform(String),
  ],
  { error: 'must be a non-empty string or a non-negative integer' },
) as unknown as z.ZodType<string, string | number>

/** A string of at most `max` characters, counted as code points (字), not UTF-16 units. */
export function chars(max: number) {
  return z
    .string()
    .min(1)
    .refine((s) => [...s].length <= max, { message: `too long (max ${max} characters)` })
}

/**
 * What every string a client sends may not hold: the C0 control characters (U+0000–U+001F,
 * NUL, TAB and newlines included) and DEL. No wire field is multi-line text, PostgreSQL cannot
 * store NUL, and a control character in a name or id only ever hides something (docs/security.md).
 */
export const CONTROL_CHARACTERS_MESSAGE =
  'must not contain control characters (U+0000–U+001F, U+007F)'

function hasControlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x20 || c === 0x7f) return true
  }
  return false
}

/** A position in a parsed value: its key and its parent's position (null at the top). */
type Step = { key: PropertyKey; up: Step } | null

/**
 * The path to the first string of `value` (a parsed query or JSON body) that holds a control
 * character, or to the object whose key does; undefined when there is none. Iterative, with
 * shared parent steps, so a deeply nested body costs neither stack nor quadratic memory.
 */
export function controlCharacterPath(value: unknown): PropertyKey[] | undefined {
  const stack: [unknown, Step][] = [[value, null]]
  while (stack.length > 0) {
    const [v, at] = stack.pop()!
    if (typeof v === 'string') {
      if (hasControlCharacter(v)) return pathOf(at)
      continue
    }
    if (v === null || typeof v !== 'object') continue
    const entries = Object.entries(v)
    if (entries.some(([k]) => hasControlCharacter(k))) return pathOf(at)
    const isArray = Array.isArray(v)
    for (let i = entries.length - 1; i >= 0; i--) {
      const [k, child] = entries[i]!
      stack.push([child, { key: isArray ? Number(k) : k, up: at }])
    }
  }
  return undefined
}

function pathOf(step: Step): PropertyKey[] {
  const path: PropertyKey[] = []
  for (let s = step; s; s = s.up) path.push(s.key)
  return path.reverse()
}

/** Integer fen (分). */
export const Fen = z.number().int()
/** Ratio in 1/10000 (万分之一): 8000 = 80%. */
export const Ratio = z.number().int().min(0).max(10000)
/** Unix seconds. */
export const UnixSeconds = z.number().int()

/** A non-negative integer written as a string of digits (`"128"`), where WeChat sends one so. */
export const Digits = z.string().regex(/^\d+$/)

/**
 * A union coupon time on the wire: `yyyy-MM-dd HH:mm:ss` in Beijing time (UTC+8, no DST), or `""`
 * when the coupon has none (validity times of a coupon valid N days after receipt).
 */
export const CouponTime = z.string().regex(/^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)?$/)

const BEIJING_MS = 8 * 3600 * 1000

/** The CouponTime of Unix seconds `t`; `""` for 0 (unset). */
export function couponTime(t: number): string {
  if (t === 0) return ''
  return new Date(t * 1000 + BEIJING_MS).toISOString().slice(0, 19).replace('T', ' ')
}

/** Unix seconds of a CouponTime (`""` is 0); NaN when `text` is not one. */
export function couponTimeSeconds(text: string): number {
  if (text === '') return 0
  if (!CouponTime.safeParse(text).success) return Number.NaN
  return (Date.parse(`${text.replace(' ', 'T')}Z`) - BEIJING_MS) / 1000
}

/** Join a list of scalars as the comma-separated form product/list expects. */
export function commaList(values: readonly (string | number)[] | undefined): string | undefined {
  return values && values.length > 0 ? values.join(',') : undefined
}

/** Serialise an object or list as JSON text inside one query parameter. */
export function jsonText(value: unknown): string | undefined {
  return value === undefined ? undefined : JSON.stringify(value)
}

/** Split a comma list (empty items dropped). */
export function splitComma(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
}

/**
 * A list in the query: a comma list (`a,b`), or the array that the `name[]` / `name[i]` forms
 * give (each item itself a comma list).
 */
const QueryList = z.union([z.string(), z.array(z.string())], {
  error: 'must be a comma-separated list',
})

/** A comma list of ids in the query (or the `name[]` / `name[i]` forms), read as string[]. */
export const CommaIds = QueryList.transform((v, ctx) => {
  const ids = typeof v === 'string' ? splitComma(v) : v.flatMap(splitComma)
  if (ids.length === 0) ctx.addIssue({ code: 'custom', message: 'must be a comma-separated list' })
  return ids
})

/**
 * A list that may arrive as a JSON array (`["a","b"]`), a comma list (`a,b`) or the `name[]` /
 * `name[i]` forms: the server accepts all for shopAppIds and the search_normal_order id lists
 * (union-api.md §5, §14.8).
 */
export const CommaOrJsonIds = QueryList.transform((v, ctx) => {
  if (typeof v !== 'string') return v.flatMap(splitComma)
  if (v.trimStart().startsWith('[')) {
    const parsed = parseJsonText(v, ctx, 'must be a JSON array of strings or a comma list')
    if (parsed === z.NEVER) return z.NEVER
    if (
      Array.isArray(parsed) &&
      parsed.every((x) => typeof x === 'string' || typeof x === 'number')
    )
      return parsed.map(String)
    ctx.addIssue({ code: 'custom', message: 'must be a JSON array of strings or a comma list' })
    return z.NEVER
  }
  return splitComma(v)
})

/**
 * JSON text inside a query parameter, parsed; its strings obey the same control-character rule
 * as the rest of the query (the escapes `\u0000` are only decoded here).
 */
function parseJsonText(text: string, ctx: z.RefinementCtx, invalid: string): unknown {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    ctx.addIssue({ code: 'custom', message: invalid })
    return z.NEVER
  }
  const path = controlCharacterPath(parsed)
  if (path === undefined) return parsed
  ctx.addIssue({ code: 'custom', message: CONTROL_CHARACTERS_MESSAGE, path })
  return z.NEVER
}

/** JSON text in a query parameter, parsed then checked against `schema`. */
export function jsonQuery<T extends z.ZodType>(schema: T) {
  return z
    .string()
    .transform((s, ctx) => parseJsonText(s, ctx, 'must be valid JSON'))
    .pipe(schema)
}

/** The success envelope: errcode 0 and the errmsg each endpoint's example uses. */
export const Ok = { errcode: z.literal(0), errmsg: z.string().optional() }
/** The success envelope of the examples (and of the endpoints whose errmsg is `ok`). */
export const OK_EXAMPLE = { errcode: 0, errmsg: 'ok' } as const

/** A 0/1 flag as the server emits it (`hasCommission`, `hasCoupon`, `banBizuin`, …). */
export const Flag = z.literal([0, 1])

/** A boolean read leniently: `true`/`false`, or a 0/1 flag (number or string). */
export const WireBool = z.union([z.boolean(), WireFlag.transform((v) => v === 1)], {
  error: 'must be a boolean',
})

/**
 * The largest timestamp a query parameter may carry: 4102444800 = 2100-01-01T00:00:00Z. Anything
 * above is taken for milliseconds (or another unit) and refused, because a window in the wrong
 * unit silently matches nothing (union-api.md §13, "Timestamps must be Unix seconds").
 */
export const MAX_UNIX_SECONDS = 4102444800

/** A Unix-seconds timestamp in the query: a non-negative integer no later than the year 2100. */
export const UnixSecondsParam = WireUint.refine((n) => n <= MAX_UNIX_SECONDS, {
  message: `must be Unix seconds (at most ${MAX_UNIX_SECONDS}, the year 2100), not milliseconds`,
})
