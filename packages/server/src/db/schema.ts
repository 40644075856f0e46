/**
 * The whole storage schema as one Kysely `Database` interface, shared by every dialect.
 * Times are Unix seconds (bigint); money is integer fen; ids are strings.
 * @module
 */
import type { Generated, Kysely, Transaction } from 'kysely'

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
  /** Union calls per endpoint per minute (45011); null: the server default; 0: none (007). */
  minute_quota: Generated<number | null>
  /** Union calls per endpoint per day (45009); null: the server default; 0: none (007). */
  daily_quota: Generated<number | null>
  /** The last sequence number of the account's order change feed (009). */
  change_seq: Generated<number>
  /** `institution`: a 机构 of the successor API, whose tokens serve only /channels/ec/* (014). */
  kind: Generated<'promoter' | 'institution'>
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

/** A category; three levels (1 top, 3 leaf); `parent_id` null on level 1. */
export interface CategoriesTable {
  id: string
  parent_id: string | null
  level: number
  name: string
  seq: Generated<number>
}

/** A 小商店. The three JSON columns hold the wire shapes of shopInfo (null when absent). */
export interface ShopsTable {
  appid: string
  name: string
  /** Original id, `gh_…`. */
  username: string
  head_img_url: string
  express: number
  same_city: number
  pickup: number
  address_list: string | null
  same_city_template: string | null
  freight_template: string | null
}

/** One ship-from address of a shop (derived from shops.address_list, for the filter). */
export interface ShopAddressesTable {
  shop_appid: string
  province: string
  city: string
  county: string
  express: number
  same_city: number
  pickup: number
}

/** Keyword postings: every 1- and 2-character gram of a folded product title. */
export interface ProductGramsTable {
  gram: string
  pk: number
}

/** Keyword postings of shop names (product/list queryType 1). */
export interface ShopGramsTable {
  gram: string
  appid: string
}

/**
 * A union product (SPU). Money in fen, ratio in 1/10000;
 * `commission_value = round(min_price × commission_ratio / 10000)`, halves rounded up.
 */
export interface ProductsTable {
  /** Surrogate key: postings and SKUs point at it; the tie-breaker of every sort. */
  pk: number
  /** SPU id as on the wire (may exceed 2^53). */
  id: string
  shop_appid: string
  title: string
  sub_title: string
  /** JSON string[]. */
  head_img: string
  /** Category path ids, top level first ('' below a shallower category). */
  cat1: string
  cat2: string
  cat3: string
  brand: string
  brand_id: string
  model: string
  /** JSON string[]. */
  detail_img: string
  /** JSON [{key, value}]. */
  params: string
  min_price: number
  discount_price: number
  stock: number
  sold: number
  order_cnt: number
  status: number
  commission_ratio: number
  commission_value: number
  has_coupon: number
  coupon_id: string | null
  /** JSON couponDetail, when has_coupon. */
  coupon: string | null
  /** 1 when in the 精选 pool (product/select). */
  selected: Generated<number>
  /** 1 when sold through a trade-component (自定义交易组件) mini-program (open_product/*). */
  trade_component: Generated<number>
}

/**
 * The columns product/list filters and sorts on, one narrow row per product (010): a copy of
 * the same `products` columns, kept in step by every product writer (syncFacets).
 */
export interface ProductFacetsTable {
  pk: number
  min_price: number
  commission_ratio: number
  commission_value: number
  sold: number
  has_coupon: number
  selected: number
  trade_component: number
  cat1: string
  cat2: string
  cat3: string
  shop_appid: string
}

/** The pks of each facet write, in commit order (019): the keyword indexes' change feed. */
export interface CatalogueChangesTable {
  seq: Generated<number>
  /** Ranges of pks, "1-400,405". */
  pks: string
}

/** A SKU of a product. Money in fen. */
export interface SkusTable {
  id: string
  product_pk: number
  seq: number
  status: number
  thumb_img: string
  sku_code: string
  sale_price: number
  market_price: number
  stock: number
}

/** A generated material: its short code is derived from (pid, product, customizeInfo, coupon). */
export interface MaterialsTable {
  code: string
  appid: string
  pid: string
  /** SPU id as on the wire. */
  product_id: string
  shop_appid: string
  customize_info: string
  /** 1 for the coupon variant. */
  coupon: number
  created_at: number
  /** 1 for a successor-API material (8-character code, `/shop/a/<code>` link), 014. */
  store: Generated<number>
}

/** One open of a short link. */
export interface MaterialClicksTable {
  code: string
  pid: string
  at: number
  /** A keyed hash of the visitor's address and User-Agent (016); null before. */
  visitor: string | null
  /** Start of the 30-minute window the click counts in, Unix seconds (016); null before. */
  window_start: number | null
}

/** A targeted plan (定向计划) of a shop. */
export interface TargetPlansTable {
  /** Numeric, above 2^53, kept as text. */
  plan_id: string
  shop_appid: string
  name: string
  description: string
  start_time: number
  end_time: number
  /** The secret part of the invitation URL. */
  invite_code: string
  created_at: number
}

/** A product of a plan with the plan's commission ratio (1/10000). */
export interface TargetPlanProductsTable {
  plan_id: string
  product_id: string
  seq: number
  ratio: number
}

/** A promoter's application to a plan; times are 0 when unset. */
export interface TargetPlanApplicationsTable {
  plan_id: string
  appid: string
  state: 'applied' | 'joined' | 'rejected' | 'removed'
  apply_reason: string
  apply_time: number
  join_time: Generated<number>
  reject_time: Generated<number>
  remove_time: Generated<number>
}

/** The Open Platform account bound by a promoter, and its re-binds in `rebind_year`. */
export interface OpenAccountsTable {
  appid: string
  open_account: string
  bound_at: number
  rebind_year: number
  rebind_count: number
}

/** Entity-check fixtures of open_account/bind. */
export interface OpenAccountFixturesTable {
  open_account: string
  state: 'other-entity' | 'missing'
}

/** One custom user parameter per (promoter, unionid). */
export interface CustomizeInfosTable {
  appid: string
  unionid: string
  customize_info: string
  updated_at: number
}

/** open_product/generate's shopStatus of a shop: 0 normal, 1 balance too low (no row: 0). */
export interface ShopStatesTable {
  shop_appid: string
  shop_status: number
}

/**
 * A product's wire JSON minus category names and shopInfo, serialised whenever the product or its
 * stock changes (productWire in services/catalogue.ts; migration 005). Kept out of `products` so
 * scans of the filter columns stay narrow.
 */
export interface ProductWireTable {
  /** products.pk (025; before it, the SPU id was the key). */
  pk: number
  /** Copies of the product's columns: what a page splices in beside the wire text. */
  shop_appid: string
  cat1: string
  cat2: string
  cat3: string
  wire: string
}

/** One change of an order (009): the feed of /tuike/v1/order/changes. */
export interface OrderChangesTable {
  appid: string
  /** Per promoter, gap-free in commit order. */
  seq: number
  order_id: string
  type: 'order.created' | 'order.updated' | 'order.settled' | 'order.canceled'
  previous_status: OrdersTable['commission_status'] | null
  status: OrdersTable['commission_status']
  changed_at: number
  /** The order's wire JSON right after the change. */
  order_json: string
}

/** A promoter's webhook subscription (009). */
export interface WebhooksTable {
  webhook_id: string
  appid: string
  url: string
  /** JSON array of event names. */
  events: string
  /** The HMAC-SHA256 signing secret (needed to sign, so kept); a 机构 callback's Token. */
  secret: string
  created_at: number
  /** `tuike` (Tuike-Webhook-* headers) or a 机构 callback mode of WeChat's scheme (014). */
  format: Generated<'tuike' | 'plaintext' | 'compatible' | 'secure'>
  /** A 机构 callback's EncodingAESKey (43 characters); null otherwise. */
  aes_key: Generated<string | null>
}

/** The webhook outbox (009): one event for one webhook, written with the order change. */
export interface WebhookDeliveriesTable {
  delivery_id: string
  webhook_id: string
  appid: string
  event: string
  order_id: string
  seq: number
  /** The exact JSON body that is signed and sent. */
  payload: string
  status: 'pending' | 'delivered' | 'failed'
  attempt_count: Generated<number>
  /** Unix ms of the next attempt (the claim lease while one runs). */
  next_attempt_at: number
  /** Unix ms; retries stop 24 h later. */
  first_queued_at: number
  /** Unix seconds (server clock). */
  created_at: number
  /** Request id of the request or job whose change queued it ('' before 013). */
  rid: Generated<string>
}

/** One HTTP attempt of a delivery (009). */
export interface WebhookAttemptsTable {
  delivery_id: string
  /** Unix ms. */
  at: number
  response_status: number
  error: string
  duration_ms: number
}

/** A 机构 (014): its account is the `promoters` row of the same appid, of kind institution. */
export interface InstitutionsTable {
  appid: string
  /** Original id, `gh_…`: the callbacks' ToUserName. */
  username: string
  /** The mini program bound to the 机构: sharer_openid values are openids under it. */
  miniprogram_appid: string
  created_at: number
}

/** A person who registers as 推客 through a 机构's mini program (014). */
export interface SharersTable {
  /** Assigned when the person is first seen; on the wire only once bound. */
  sharer_appid: string
  /** Openid under `miniprogram_appid`. */
  openid: string
  miniprogram_appid: string
  /** Openid and unionid under the 机构 (promoter_bind_result carries them). */
  org_openid: string
  unionid: string
  nickname: string
  head_img_url: string
  register_status: number
  /** 1 when registered with is_simple_register (then only 机构自己分佣). */
  simple_register: number
  created_at: number
}

/** A sharer's binding to a 机构 (014); the row stays after unbinding. */
export interface SharerBindingsTable {
  appid: string
  sharer_appid: string
  /** The 机构's promotion spot standing for the sharer (materials and order lines carry it). */
  pid: string
  bound: number
  bind_time: number
  /** 0 平台分佣, 1 机构自己分佣. */
  commission_type: number
  /** 1/1,000,000 of the 机构 service fee. */
  commission_ratio: number
  event_seq: Generated<number>
}

/** A per-product override of a sharer's ratio (014). */
export interface SharerProductRatiosTable {
  appid: string
  sharer_appid: string
  product_id: string
  commission_ratio: number
}

/** The successor view of an order line attributed to a sharer (014). */
export interface StoreOrderLinesTable {
  order_id: string
  sku_id: string
  line_no: number
  /** The 机构. */
  appid: string
  sharer_appid: string
  /** The sharer's ratio, 1/1,000,000 of the service fee, frozen when the order was created. */
  sharer_share: number
  commission_type: number
  create_time: number
  update_time: number
  /** Callback version: strictly increasing, max(change time, previous + 1). */
  version: number
}

/** A sandbox fault rule (018). */
export interface FaultRulesTable {
  fault_id: string
  kind: string
  appid: string | null
  endpoint: string | null
  rate: number
  times: number | null
  seed: number
  errcode: number | null
  latency_ms: number | null
  jitter_ms: number
  window_ms: number
  matched: Generated<number>
  fired: Generated<number>
  created_at: number
}

/** A fault that fired (018). */
export interface FaultLogTable {
  id: string
  at: number
  appid: string
  endpoint: string
  fault_id: string
  kind: string
  detail: string
}

/** The revocation counter of the in-memory token and fault-rule caches (020, one row). */
export interface AuthEpochTable {
  id: number
  n: number
}

export interface Database {
  auth_epoch: AuthEpochTable
  settings: SettingsTable
  promoters: PromotersTable
  access_tokens: AccessTokensTable
  promotion_spots: PromotionSpotsTable
  categories: CategoriesTable
  shops: ShopsTable
  shop_addresses: ShopAddressesTable
  shop_grams: ShopGramsTable
  products: ProductsTable
  product_wire: ProductWireTable
  product_grams: ProductGramsTable
  product_facets: ProductFacetsTable
  catalogue_changes: CatalogueChangesTable
  skus: SkusTable
  orders: OrdersTable
  order_lines: OrderLinesTable
  materials: MaterialsTable
  material_clicks: MaterialClicksTable
  target_plans: TargetPlansTable
  target_plan_products: TargetPlanProductsTable
  target_plan_applications: TargetPlanApplicationsTable
  open_accounts: OpenAccountsTable
  open_account_fixtures: OpenAccountFixturesTable
  customize_infos: CustomizeInfosTable
  shop_states: ShopStatesTable
  order_changes: OrderChangesTable
  webhooks: WebhooksTable
  webhook_deliveries: WebhookDeliveriesTable
  webhook_attempts: WebhookAttemptsTable
  institutions: InstitutionsTable
  sharers: SharersTable
  sharer_bindings: SharerBindingsTable
  sharer_product_ratios: SharerProductRatiosTable
  store_order_lines: StoreOrderLinesTable
  fault_rules: FaultRulesTable
  fault_log: FaultLogTable
}

/** A database handle or an open transaction: what a service's queries run on. */
export type Db = Kysely<Database> | Transaction<Database>
