/**
 * The errcode catalogue: every code the union API (and Tuike's extensions) can answer, once.
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
    meaning: 'The account may not call this API (disabled, or not a 推客 account).',
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
} as const satisfies Record<number, ErrcodeInfo>

export type Errcode = keyof typeof ERRCODES

/** The catalogue entry of a code, or undefined for codes Tuike does not know. */
export function errcodeInfo(code: number): ErrcodeInfo | undefined {
  return (ERRCODES as Record<number, ErrcodeInfo>)[code]
}
