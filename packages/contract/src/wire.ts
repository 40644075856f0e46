/**
 * Wire primitives shared by every endpoint schema: lenient readers for what clients send,
 * strict shapes for what the server emits, and the named encoders for list parameters.
 * @module
 */
import { z } from 'zod'

/** An integer that may arrive as a number or a numeric string (query strings are all strings). */
export const WireInt = z.union(
  [
    z.number().int(),
    z
      .string()
      .regex(/^-?\d+$/)
      .transform(Number),
  ],
  { error: 'must be an integer' },
)

/** A non-negative integer read leniently. */
export const WireUint = z.union(
  [z.number().int().min(0), z.string().regex(/^\d+$/).transform(Number)],
  { error: 'must be a non-negative integer' },
)

/** A 0/1 flag, number or string. */
export const WireFlag = z.union(
  [z.literal(0), z.literal(1), z.enum(['0', '1']).transform(Number)],
  {
    error: 'must be 0 or 1',
  },
)

/** An id: always a string on output; numbers are accepted on input and read as strings. */
export const WireId = z.union([z.string().min(1), z.number().int().transform(String)], {
  error: 'must be a non-empty string',
})

/** A string of at most `max` characters, counted as code points (字), not UTF-16 units. */
export function chars(max: number) {
  return z
    .string()
    .min(1)
    .refine((s) => [...s].length <= max, { message: `too long (max ${max} characters)` })
}

/** Integer fen (分). */
export const Fen = z.number().int()
/** Ratio in 1/10000 (万分之一): 8000 = 80%. */
export const Ratio = z.number().int().min(0).max(10000)
/** Unix seconds. */
export const UnixSeconds = z.number().int()

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

/** A comma list of ids in the query, read as string[]. */
export const CommaIds = z.string().transform((s, ctx) => {
  const ids = splitComma(s)
  if (ids.length === 0) ctx.addIssue({ code: 'custom', message: 'must be a comma-separated list' })
  return ids
})

/**
 * A list that may arrive as a JSON array (`["a","b"]`) or a comma list (`a,b`): the server
 * accepts both for shopAppIds and the search_normal_order id lists (union-api.md §5, §14.8).
 */
export const CommaOrJsonIds = z.string().transform((s, ctx) => {
  if (s.trimStart().startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(s)
      if (
        Array.isArray(parsed) &&
        parsed.every((v) => typeof v === 'string' || typeof v === 'number')
      )
        return parsed.map(String)
    } catch {}
    ctx.addIssue({ code: 'custom', message: 'must be a JSON array of strings or a comma list' })
    return z.NEVER
  }
  return splitComma(s)
})

/** JSON text in a query parameter, parsed then checked against `schema`. */
export function jsonQuery<T extends z.ZodType>(schema: T) {
  return z
    .string()
    .transform((s, ctx) => {
      try {
        return JSON.parse(s) as unknown
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be valid JSON' })
        return z.NEVER
      }
    })
    .pipe(schema)
}

/** The success envelope: errcode 0 and the errmsg each endpoint's example uses. */
export const Ok = { errcode: z.literal(0), errmsg: z.string().optional() }

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
