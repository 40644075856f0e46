/**
 * The whole storage schema as one Kysely `Database` interface, shared by every dialect.
 * Times are Unix seconds (bigint); money is integer fen; ids are strings.
 * @module
 */
import type { Generated } from 'kysely'

export interface SettingsTable {
  key: string
  value: string
}

export interface PromotersTable {
  appid: string
  name: string
  /** scrypt hash of the appsecret, `scrypt$<salt>$<hash>`. */
  secret_hash: string
  status: 'active' | 'disabled'
  promotion_max_cnt: number
  /** The 28-character openid-like prefix of this account's pids. */
  pid_prefix: string
  created_at: number
  /** Bumped by every write that must be serialised per account (it row-locks on PostgreSQL). */
  lock_seq: Generated<number>
  stable_force_day: Generated<string>
  stable_force_count: Generated<number>
  stable_force_last: Generated<number>
}

export interface AccessTokensTable {
  /** SHA-256 (hex) of the token; the token itself is never stored. */
  token_hash: string
  appid: string
  kind: 'classic' | 'stable'
  issued_at: number
  expires_at: number
  /** When a superseded or revoked token stops working (grace end); null while latest. */
  valid_until: number | null
  /** Stable tokens only: the random nonce the token is derived from with the server key. */
  stable_nonce: string | null
}

export interface PromotionSpotsTable {
  pid: string
  appid: string
  name: string
  /** Creation order within the account (the account's lock_seq at creation). */
  seq: number
  created_at: number
  /** Set when deleted; the row stays so orders keep their attribution. */
  deleted_at: number | null
}

/** One order; its commission state is the state of every line (transitions move the order). */
export interface OrdersTable {
  /** WeChat-like numeric id, kept as text (many are beyond 2^53). */
  order_id: string
  /** The promoter the order is attributed to. */
  appid: string
  shop_appid: string
  shop_name: string
  pay_time: number
  /** 0 until the buyer confirms receipt. */
  confirm_receipt_time: Generated<number>
  custom_user_id: Generated<string>
  user_nick_name: string
  commission_status: 'SETTLEMENT_PENDING' | 'SETTLEMENT_SUCCESS' | 'SETTLEMENT_CANCELED'
  commission_status_update_time: number
  profit_sharing_suc_time: number | null
  /** When the settlement sweep settles it (receipt + delay); null until receipt is confirmed. */
  settle_due_at: number | null
}

/** A product line of an order: a snapshot taken at purchase time. Money in fen. */
export interface OrderLinesTable {
  order_id: string
  line_no: number
  product_id: string
  sku_id: string
  title: string
  thumb_img: string
  /** Line total (unit price × count), fen. */
  price: number
  product_cnt: number
  /** 1/10000. */
  ratio: number
  estimated_commission: number
  category_str: string
  pid: string
  spot_name: string
  customize_info: string
}

export interface Database {
  settings: SettingsTable
  promoters: PromotersTable
  access_tokens: AccessTokensTable
  promotion_spots: PromotionSpotsTable
  orders: OrdersTable
  order_lines: OrderLinesTable
}
