/**
 * The errcode catalogue: every code the union API, the successor (store) API and Tuike's
 * extensions can answer, once.
 * The server emits from this table and the SDK maps errors from it.
 * @module
 */

/** What a caller should do about an error; the SDK picks its error class from this. */
export const ERR_KINDS = [
  'busy',
  'token',
  'credential',
  'quota',
  'params',
  'promotion',
  'unauthorized',
  'not_found',
  'open_account',
  'tag',
  'other',
] as const
export type ErrKind = (typeof ERR_KINDS)[number]

export interface ErrcodeInfo {
  /** The errmsg text the server sends (before the ` rid: …` suffix). */
  errmsg: string
  kind: ErrKind
  /** What it means, in a sentence. */
  meaning: string
}

export const ERRCODES = {
  [-1]: { kind: 'busy', errmsg: 'system error', meaning: 'System busy; retry later.' },
  40001: {
    kind: 'token',
    errmsg: 'invalid credential, access_token is invalid or not latest',
    meaning:
      'The access_token is unknown, revoked or superseded past its grace; on the token endpoints, the secret is wrong.',
  },
  40002: {
    kind: 'params',
    errmsg: 'invalid grant_type',
    meaning: 'grant_type must be client_credential.',
  },
  40013: { kind: 'credential', errmsg: 'invalid appid', meaning: 'No account has this appid.' },
  40014: {
    kind: 'token',
    errmsg: 'invalid access_token',
    meaning: 'The access_token is malformed.',
  },
  40066: {
    kind: 'params',
    errmsg: 'invalid url',
    meaning: 'The request target holds bytes that are not percent-encoded.',
  },
  40125: { kind: 'credential', errmsg: 'invalid appsecret', meaning: 'The appsecret is wrong.' },
  40164: {
    kind: 'unauthorized',
    errmsg: 'invalid ip, not in whitelist',
    meaning: 'The caller IP is not in the API IP allowlist.',
  },
  40243: { kind: 'credential', errmsg: 'AppSecret frozen', meaning: 'The AppSecret is frozen.' },
  41001: { kind: 'token', errmsg: 'access_token missing', meaning: 'No access_token was sent.' },
  41002: { kind: 'params', errmsg: 'appid missing', meaning: 'No appid was sent.' },
  41004: { kind: 'params', errmsg: 'appsecret missing', meaning: 'No secret was sent.' },
  42001: { kind: 'token', errmsg: 'access_token expired', meaning: 'The access_token expired.' },
  43001: { kind: 'params', errmsg: 'require GET method', meaning: 'The endpoint needs GET.' },
  43002: { kind: 'params', errmsg: 'require POST method', meaning: 'The endpoint needs POST.' },
  44002: { kind: 'params', errmsg: 'empty post data', meaning: 'The POST body is empty.' },
  45009: {
    kind: 'quota',
    errmsg: 'reach max api daily quota limit',
    meaning: 'The daily quota is used up.',
  },
  45011: {
    kind: 'quota',
    errmsg: 'api minute-quota reach limit',
    meaning: 'The per-minute quota is used up.',
  },
  47001: { kind: 'params', errmsg: 'data format error', meaning: 'The body is not valid JSON.' },
  48001: {
    kind: 'unauthorized',
    errmsg: 'api unauthorized',
    meaning:
      'The account may not call this API: disabled, or of the other kind (union paths take 推客 tokens, /channels/ec/* paths 机构 tokens).',
  },
  14005: {
    kind: 'promotion',
    errmsg: '推广位数量达到上限',
    meaning: 'The account already has promotionMaxCnt live promotion spots.',
  },
  14007: {
    kind: 'promotion',
    errmsg: '推广位名称重复',
    meaning: 'Another live promotion spot of the account has this name.',
  },
  200001: {
    kind: 'params',
    errmsg: 'system error',
    meaning:
      'Opaque failure of product/generate: the product is not in that shop, a SKU id was sent instead of the SPU id, or customizeInfo is not a string.',
  },
  200002: { kind: 'params', errmsg: '参数错误', meaning: 'A parameter is missing or invalid.' },
  25503: {
    kind: 'open_account',
    errmsg: '获取主体信息失败',
    meaning: 'Failed to get entity info.',
  },
  25504: { kind: 'open_account', errmsg: '主体验证失败', meaning: 'Entity verification failed.' },
  25505: {
    kind: 'open_account',
    errmsg: 'open 账号不存在',
    meaning: 'The open account does not exist.',
  },
  25506: {
    kind: 'open_account',
    errmsg: 'open 账号异常',
    meaning: 'The open account is abnormal.',
  },
  25507: {
    kind: 'open_account',
    errmsg: 'open 账号异常',
    meaning: 'The open account is abnormal.',
  },
  25508: { kind: 'open_account', errmsg: '验证失败', meaning: 'Verification failed.' },
  25509: {
    kind: 'open_account',
    errmsg: '绑定的自定义参数超过数量限制',
    meaning: 'Too many bound custom parameters.',
  },
  25510: {
    kind: 'open_account',
    errmsg: '参数错误',
    meaning: 'Parameter error; also the re-binding limit (2 per calendar year).',
  },
  37027: { kind: 'tag', errmsg: 'tag not exist', meaning: 'The #tag does not exist.' },
  201001: { kind: 'tag', errmsg: '查询超过上限', meaning: 'Too many tags in one call (max 10).' },
  // The successor API (store-promoter-api.md §2): 机构 codes 10024xxx, 推客 codes 10071xxx.
  27000004: {
    kind: 'other',
    errmsg: 'system error',
    meaning: 'Observed once on get_product_promotion_link_info, unexplained; Tuike never sends it.',
  },
  10024000: {
    kind: 'params',
    errmsg: '参数错误',
    meaning:
      'A parameter is missing, has the wrong type or is out of range (the errmsg names it); also an empty body on /channels/ec/league/headsupplier/*.',
  },
  10024001: {
    kind: 'params',
    errmsg: '不合法的finder_id',
    meaning: 'The finder_id / openfinderid is not one of the 机构 (Tuike knows no 视频号).',
  },
  10024003: { kind: 'params', errmsg: '不合法的appid', meaning: 'The shop appid is not valid.' },
  10024004: {
    kind: 'not_found',
    errmsg: '不存在该商品',
    meaning: 'No such product, or not promotable under the given plan_type / head_supplier_appid.',
  },
  10024006: {
    kind: 'not_found',
    errmsg: '不存在该佣金单',
    meaning: 'No commission order (order_id, sku_id) of this 机构.',
  },
  10024007: {
    kind: 'unauthorized',
    errmsg: '与商家无关联关系',
    meaning: 'The 机构 has no relation with the shop.',
  },
  10024008: { kind: 'not_found', errmsg: '不存在该流水', meaning: 'No such money flow.' },
  10071003: {
    kind: 'params',
    errmsg: '参数错误',
    meaning:
      'A parameter is wrong (an unknown product_short_link, a missing sharer on unbind); also an empty body on /channels/ec/promoter/*.',
  },
  10071029: {
    kind: 'not_found',
    errmsg: '推客和机构未绑定',
    meaning: 'The sharer is not bound to this 机构 (or never registered).',
  },
  10071030: {
    kind: 'not_found',
    errmsg: '获取推客talentuin失败',
    meaning: 'The sharer could not be resolved.',
  },
  10071034: { kind: 'other', errmsg: '获取优惠券失败', meaning: 'Failed to get the coupon.' },
  10071035: { kind: 'other', errmsg: '优惠券非生效中', meaning: 'The coupon is not active.' },
  10071047: {
    kind: 'not_found',
    errmsg: '没有相关的合作内容',
    meaning: 'No such cooperation content.',
  },
  10071048: { kind: 'params', errmsg: '参数异常,请检查入参', meaning: 'A parameter is abnormal.' },
  10071049: {
    kind: 'unauthorized',
    errmsg: '推客功能已关闭',
    meaning: 'The sharer feature is switched off.',
  },
  10071053: {
    kind: 'not_found',
    errmsg: '商品不在架',
    meaning: 'The product is not promotable by this 机构 now (delisted, removed, plan ended).',
  },
  10071056: {
    kind: 'unauthorized',
    errmsg: '请求参数(如sharer_openid)对应的小程序未绑定到当前机构',
    meaning: 'The sharer_openid belongs to a mini program that is not bound to this 机构.',
  },
  10071058: {
    kind: 'not_found',
    errmsg: '推客没有绑定机构',
    meaning: 'The sharer is not bound to this 机构 (unbind).',
  },
} as const satisfies Record<number, ErrcodeInfo>

export type Errcode = keyof typeof ERRCODES

/** The catalogue entry of a code, or undefined for codes Tuike does not know. */
export function errcodeInfo(code: number): ErrcodeInfo | undefined {
  return (ERRCODES as Record<number, ErrcodeInfo>)[code]
}
