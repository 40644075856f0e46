/**
 * Server settings with their defaults. Every field is also a `tuike serve` option and an env var
 * (see README's configuration table).
 * @module
 */

export interface ServerConfig {
  /** Lifetime of an access_token, seconds. */
  tokenTtl: number
  /** How long a superseded /cgi-bin/token token keeps working, seconds. */
  tokenGrace: number
  /** stable_token rolls the token when this many seconds or fewer remain. */
  stableRollBefore: number
  stableForcePerDay: number
  stableForceSpacing: number
  /** /cgi-bin/token calls per appid per day (45009 beyond). */
  tokenDailyQuota: number
  /** stable_token calls per appid per minute and per day (45011 / 45009). */
  stableMinuteQuota: number
  stableDailyQuota: number
  /**
   * Union endpoint calls per appid per endpoint per minute (45011) and per day (45009); 0 is no
   * quota (the default, union-api.md §15). Accounts may override them (admin PATCH).
   */
  unionMinuteQuota: number
  unionDailyQuota: number
  /**
   * Failed secrets per appid per minute (and failed admin keys in all) before 45011 refuses
   * without checking; 0: no limit.
   */
  failedSecretLimit: number
  /** Failed secrets and admin keys per client address per minute (45011 beyond); 0: no limit. */
  failedAddressLimit: number
  /** Behind a reverse proxy: the client address is the last X-Forwarded-For entry it appended. */
  trustProxy: boolean
  /** Default promotionMaxCnt of a new account. */
  promotionMaxCnt: number
  /** Largest accepted request body, bytes. */
  bodyLimit: number
  /** Seconds between the buyer's confirmed receipt and the commission settling (after-sales window). */
  settlementDelay: number
  /** Seconds between two runs of the settlement sweep in `tuike serve`. */
  settlementSweepInterval: number
  /** Products per product/generate call (union-api.md §16 #19). */
  generateMaxProducts: number
  /** Custom user parameters per promoter (open_account, 25509 beyond); 0 = no cap (§16 #44). */
  customizeInfoMaxCnt: number
  /** Base URL of short links (`<publicUrl>/s/<code>`); the listen URL when empty. */
  publicUrl: string
  /**
   * Accept webhook URLs on private, loopback and link-local addresses. Off by default; a server
   * started with --test-clock allows them anyway (tests, demos).
   */
  allowPrivateWebhooks: boolean
  /** First webhook retry delay, ms; it doubles per attempt (at most an hour) for 24 hours. */
  webhookRetryBaseMs: number
  /** Milliseconds between two passes of the webhook delivery worker in `tuike serve`. */
  webhookPollInterval: number
  /**
   * The successor's in-WeChat `short_link` (format UNCONFIRMED): `{code}` is replaced by the
   * material's 8-character code; the http_short_link is always `<publicUrl>/shop/a/<code>`.
   */
  storeShortLinkTemplate: string
  /**
   * order/list/get without create_time_range, update_time_range or order_id: all commission
   * orders (false, lenient) or 10024000 as the current page requires (true).
   */
  storeStrictOrderList: boolean
  /**
   * A sandbox that honours the per-request `X-Tuike-Fault` header (docs/sandbox.md). Off by
   * default: callers of a production deployment cannot fault it. Operator fault rules work either
   * way.
   */
  faults: boolean
}

export const DEFAULT_CONFIG: ServerConfig = {
  tokenTtl: 7200,
  tokenGrace: 300,
  stableRollBefore: 300,
  stableForcePerDay: 20,
  stableForceSpacing: 30,
  tokenDailyQuota: 2000,
  stableMinuteQuota: 10_000,
  stableDailyQuota: 500_000,
  unionMinuteQuota: 0,
  unionDailyQuota: 0,
  failedSecretLimit: 10,
  failedAddressLimit: 30,
  trustProxy: false,
  promotionMaxCnt: 100,
  bodyLimit: 1024 * 1024,
  settlementDelay: 7 * 24 * 3600,
  settlementSweepInterval: 60,
  generateMaxProducts: 50,
  customizeInfoMaxCnt: 0,
  publicUrl: '',
  allowPrivateWebhooks: false,
  webhookRetryBaseMs: 10_000,
  webhookPollInterval: 1000,
  storeShortLinkTemplate: '#小店://推客带货/{code}',
  storeStrictOrderList: false,
  faults: false,
}
