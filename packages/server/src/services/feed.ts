/**
 * The order change feed (`/tuike/v1/order/changes`): a promoter's order changes in sequence
 * order after an opaque cursor. Sequences are gap-free in commit order (lockFeed in
 * services/orders.ts), so a reader that resumes from the last cursor it stored never misses and
 * never repeats a change, across restarts and instances.
 * @module
 */
import type { Order, OrderChange } from '@tuike/contract'
import { ORDER_CHANGES_DEFAULT_LIMIT } from '@tuike/contract'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import { WechatError } from './errors.ts'
import { withImageUrls } from './orders.ts'

const PREFIX = 'tuike:v1:'

/** The cursor after `seq`: base64url of a versioned text, opaque to clients. */
export function encodeCursor(seq: number): string {
  return Buffer.from(`${PREFIX}${seq}`).toString('base64url')
}

/** The sequence a cursor stands after; `""` and absent are the beginning. */
export function decodeCursor(cursor: string | undefined): number {
  if (!cursor) return 0
  const text = Buffer.from(cursor, 'base64url').toString()
  const m = /^tuike:v1:(\d{1,15})$/.exec(text)
  if (!m || encodeCursor(Number(m[1])) !== cursor)
    throw new WechatError(200002, 'cursor is not valid')
  return Number(m[1])
}

export class Feed {
  constructor(private readonly db: Kysely<Database>) {}

  /** One page of changes after `q.cursor`; this server's images on `base`. */
  async changes(
    appid: string,
    q: { cursor?: string; limit?: number },
    base: string,
  ): Promise<{ changes: OrderChange[]; nextCursor: string; hasMore: boolean }> {
    const after = decodeCursor(q.cursor)
    const limit = q.limit ?? ORDER_CHANGES_DEFAULT_LIMIT
    const rows = await this.db
      .selectFrom('order_changes')
      .selectAll()
      .where('appid', '=', appid)
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(limit + 1)
      .execute()
    const page = rows.slice(0, limit)
    const changes = page.map(
      (r): OrderChange => ({
        seq: Number(r.seq),
        type: r.type,
        orderId: r.order_id,
        previousStatus: r.previous_status,
        status: r.status,
        changedAt: Number(r.changed_at),
        order: withImageUrls([JSON.parse(r.order_json) as Order], base)[0]!,
      }),
    )
    const last = changes.at(-1)?.seq ?? after
    return { changes, nextCursor: encodeCursor(last), hasMore: rows.length > limit }
  }
}
