/**
 * The paging-drift fault: between two pages of an order list, the account's orders change as they
 * would under live traffic. Each firing either inserts a new order (a copy of one of the account's
 * orders, paid now) or refunds a pending one (its status and update time change), chosen and
 * picked by the rule's seeded draws, through the same Orders calls as real purchases and refunds,
 * so the feed, webhooks and successor lines follow.
 * @module
 */
import type { Kysely } from 'kysely'
import { type Clock, nowSeconds } from '../clock.ts'
import type { Database } from '../db/schema.ts'
import { unit } from './faults.ts'
import type { Orders } from './orders.ts'

export class PagingDrift {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly orders: Orders,
  ) {}

  /** Apply one drift to `appid`'s orders; answers what it did (the fault log's detail). */
  async apply(appid: string, seed: number, n: number): Promise<string> {
    if (unit(seed, n, 1) < 0.5) {
      const pending = await this.#pick(appid, seed, n, true)
      if (pending) {
        await this.orders.refund(pending)
        return `refund ${pending}`
      }
    }
    const model = await this.#pick(appid, seed, n, false)
    if (!model) return 'no orders to drift'
    return `insert ${await this.#copy(model)}`
  }

  /** One of the account's orders (pending only, with `pending`), by the seeded draw. */
  async #pick(appid: string, seed: number, n: number, pending: boolean): Promise<string | null> {
    let q = this.db.selectFrom('orders').where('appid', '=', appid)
    if (pending) q = q.where('commission_status', '=', 'SETTLEMENT_PENDING')
    const { count } = await q
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow()
    if (Number(count) === 0) return null
    const row = await q
      .select('order_id')
      .orderBy('order_id')
      .offset(Math.floor(unit(seed, n, 2) * Number(count)))
      .limit(1)
      .executeTakeFirstOrThrow()
    return row.order_id
  }

  /** A new order of the same account, shop and lines as `orderId`, paid now. */
  async #copy(orderId: string): Promise<string> {
    const order = await this.db
      .selectFrom('orders')
      .selectAll()
      .where('order_id', '=', orderId)
      .executeTakeFirstOrThrow()
    const lines = await this.db
      .selectFrom('order_lines')
      .selectAll()
      .where('order_id', '=', orderId)
      .orderBy('line_no')
      .execute()
    return this.orders.create({
      appid: order.appid,
      shopAppid: order.shop_appid,
      shopName: order.shop_name,
      payTime: nowSeconds(this.clock),
      userNickName: order.user_nick_name,
      customUserId: order.custom_user_id,
      lines: lines.map((l) => ({
        productId: l.product_id,
        skuId: l.sku_id,
        title: l.title,
        thumbImg: l.thumb_img,
        price: l.price,
        productCnt: l.product_cnt,
        ratio: l.ratio,
        categoryStr: l.category_str,
        pid: l.pid,
        spotName: l.spot_name,
        customizeInfo: l.customize_info,
      })),
    })
  }
}
