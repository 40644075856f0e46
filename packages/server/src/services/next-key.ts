/**
 * The successor API's `next_key` cursors (store-promoter-api.md §1.9): opaque base64url tokens
 * holding the sort position after the last row of a page, bound to the list and its filter set,
 * so a token reused with other filters (or on another list) is refused with 10024000.
 * @module
 */
import { createHash } from 'node:crypto'
import { WechatError } from './errors.ts'

export type Position = readonly (string | number)[]

/**
 * What each slot of a list's position holds, checked on decoding so a forged cursor reaches no
 * query with a value its column cannot take: `int32` a row key, `time` Unix seconds, `id` a
 * digit or appid-like string.
 */
export type Slot = 'int32' | 'time' | 'id'

const SLOT_OK: Record<Slot, (v: unknown) => boolean> = {
  int32: (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 2_147_483_647,
  time: (v) => Number.isSafeInteger(v) && (v as number) >= 0,
  id: (v) => typeof v === 'string' && /^[\w-]{1,64}$/.test(v),
}

function fingerprint(list: string, filters: unknown): string {
  return createHash('sha256')
    .update(`${list}\n${JSON.stringify(filters)}`)
    .digest('base64url')
    .slice(0, 10)
}

/** The cursor after `position` in `list` under `filters`. */
export function encodeNextKey(list: string, filters: unknown, position: Position): string {
  return Buffer.from(`k1.${fingerprint(list, filters)}.${JSON.stringify(position)}`).toString(
    'base64url',
  )
}

/**
 * The position a cursor stands after, or undefined for the first page (absent or `""`).
 * Throws 10024000 for a cursor of another list or filter set, or one Tuike did not issue (its
 * position does not fit `slots`).
 */
export function decodeNextKey(
  key: string | undefined,
  list: string,
  filters: unknown,
  slots: readonly Slot[],
): Position | undefined {
  if (!key) return undefined
  const bad = () =>
    new WechatError(
      10024000,
      '参数错误: next_key is not a cursor of this list with these filters (start again with next_key "")',
    )
  const text = Buffer.from(key, 'base64url').toString()
  const prefix = `k1.${fingerprint(list, filters)}.`
  if (!text.startsWith(prefix)) throw bad()
  let position: unknown
  try {
    position = JSON.parse(text.slice(prefix.length))
  } catch {
    throw bad()
  }
  if (
    !Array.isArray(position) ||
    position.length !== slots.length ||
    !slots.every((slot, i) => SLOT_OK[slot](position[i]))
  )
    throw bad()
  return position as Position
}

/**
 * One keyset page from rows read with `limit(size + 1)`: the page, whether more follow, and the
 * cursor after the page's last row (`''` when nothing follows).
 */
export function keysetPage<R>(
  rows: R[],
  size: number,
  list: string,
  filters: unknown,
  position: (last: R) => Position,
): { page: R[]; more: boolean; nextKey: string } {
  const page = rows.slice(0, size)
  const last = page.at(-1)
  const more = rows.length > size
  return { page, more, nextKey: more && last ? encodeNextKey(list, filters, position(last)) : '' }
}
