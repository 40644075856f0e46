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

type ErrcodeRows = Partial<
  Record<ErrKind, Record<number, readonly [errmsg: string, meaning: string]>>
>
type CodesOf<G> = { [K in keyof G]: keyof G[K] }[keyof G]

/** The catalogue from its rows, grouped by what a caller should do: `code: [errmsg, meaning]`. */
function errcodeTable<const G extends ErrcodeRows>(groups: G): Record<CodesOf<G>, ErrcodeInfo> {
  const table: Record<number, ErrcodeInfo> = {}
  for (const kind of ERR_KINDS) {
    for (const [code, [errmsg, meaning]] of Object.entries(groups[kind] ?? {})) {
      table[Number(code)] = { kind, errmsg, meaning }
    }
  }
  // The loop writes exactly the codes of `groups`, which the types cannot follow.
  return table as Record<CodesOf<G>, ErrcodeInfo>
}

/**
 * Every code, by kind. The successor API's (store-promoter-api.md §2) are the 机构 codes 10024xxx
 * and the 推客 codes 10071xxx.
 */
export const ERRCODES = errcodeTable({
  busy: {
    [-1]: ['system error', 'System busy; retry later.'],
  },
  token: {
    40001: [
      'invalid credential, access_token is invalid or not latest',
      'The access_token is unknown, revoked or superseded past its grace; on the token endpoints, the secret is wrong.',
    ],
    40014: ['invalid access_token', 'The access_token is malformed.'],
    41001: ['access_token missing', 'No access_token was sent.'],
    42001: ['access_token expired', 'The access_token expired.'],
  },
  credential: {
    40013: ['invalid appid', 'No account has this appid.'],
    40125: ['invalid appsecret', 'The appsecret is wrong.'],
    40243: ['AppSecret frozen', 'The AppSecret is frozen.'],
  },
  quota: {
    45009: ['reach max api daily quota limit', 'The daily quota is used up.'],
    45011: ['api minute-quota reach limit', 'The per-minute quota is used up.'],
  },
  params: {
    40002: ['invalid grant_type', 'grant_type must be client_credential.'],
    40066: ['invalid url', 'The request target holds bytes that are not percent-encoded.'],
    41002: ['appid missing', 'No appid was sent.'],
    41004: ['appsecret missing', 'No secret was sent.'],
    43001: ['require GET method', 'The endpoint needs GET.'],
    43002: ['require POST method', 'The endpoint needs POST.'],
    44002: ['empty post data', 'The POST body is empty.'],
    47001: ['data format error', 'The body is not valid JSON.'],
    200001: [
      'system error',
      'Opaque failure of product/generate: the product is not in that shop, a SKU id was sent instead of the SPU id, or customizeInfo is not a string.',
    ],
    200002: ['参数错误', 'A parameter is missing or invalid.'],
    10024000: [
      '参数错误',
      'A parameter is missing, has the wrong type or is out of range (the errmsg names it); also an empty body on /channels/ec/league/headsupplier/*.',
    ],
    10024001: [
      '不合法的finder_id',
      'The finder_id / openfinderid is not one of the 机构 (Tuike knows no 视频号).',
    ],
    10024003: ['不合法的appid', 'The shop appid is not valid.'],
    10071003: [
      '参数错误',
      'A parameter is wrong (an unknown product_short_link, a missing sharer on unbind); also an empty body on /channels/ec/promoter/*.',
    ],
    10071048: ['参数异常,请检查入参', 'A parameter is abnormal.'],
  },
  promotion: {
    14005: ['推广位数量达到上限', 'The account already has promotionMaxCnt live promotion spots.'],
    14007: ['推广位名称重复', 'Another live promotion spot of the account has this name.'],
  },
  unauthorized: {
    40164: ['invalid ip, not in whitelist', 'The caller IP is not in the API IP allowlist.'],
    48001: [
      'api unauthorized',
      'The account may not call this API: disabled, or of the other kind (union paths take 推客 tokens, /channels/ec/* paths 机构 tokens).',
    ],
    10024007: ['与商家无关联关系', 'The 机构 has no relation with the shop.'],
    10071049: ['推客功能已关闭', 'The sharer feature is switched off.'],
    10071056: [
      '请求参数(如sharer_openid)对应的小程序未绑定到当前机构',
      'The sharer_openid belongs to a mini program that is not bound to this 机构.',
    ],
  },
  not_found: {
    10024004: [
      '不存在该商品',
      'No such product, or not promotable under the given plan_type / head_supplier_appid.',
    ],
    10024006: ['不存在该佣金单', 'No commission order (order_id, sku_id) of this 机构.'],
    10024008: ['不存在该流水', 'No such money flow.'],
    10071029: ['推客和机构未绑定', 'The sharer is not bound to this 机构 (or never registered).'],
    10071030: ['获取推客talentuin失败', 'The sharer could not be resolved.'],
    10071047: ['没有相关的合作内容', 'No such cooperation content.'],
    10071053: [
      '商品不在架',
      'The product is not promotable by this 机构 now (delisted, removed, plan ended).',
    ],
    10071058: ['推客没有绑定机构', 'The sharer is not bound to this 机构 (unbind).'],
  },
  open_account: {
    25503: ['获取主体信息失败', 'Failed to get entity info.'],
    25504: ['主体验证失败', 'Entity verification failed.'],
    25505: ['open 账号不存在', 'The open account does not exist.'],
    25506: ['open 账号异常', 'The open account is abnormal.'],
    25507: ['open 账号异常', 'The open account is abnormal.'],
    25508: ['验证失败', 'Verification failed.'],
    25509: ['绑定的自定义参数超过数量限制', 'Too many bound custom parameters.'],
    25510: ['参数错误', 'Parameter error; also the re-binding limit (2 per calendar year).'],
  },
  tag: {
    37027: ['tag not exist', 'The #tag does not exist.'],
    201001: ['查询超过上限', 'Too many tags in one call (max 10).'],
  },
  other: {
    27000004: [
      'system error',
      'Observed once on get_product_promotion_link_info, unexplained; Tuike never sends it.',
    ],
    10071034: ['获取优惠券失败', 'Failed to get the coupon.'],
    10071035: ['优惠券非生效中', 'The coupon is not active.'],
  },
})

export type Errcode = keyof typeof ERRCODES

/** The catalogue entry of a code, or undefined for codes Tuike does not know. */
export function errcodeInfo(code: number): ErrcodeInfo | undefined {
  return (ERRCODES as Record<number, ErrcodeInfo>)[code]
}
