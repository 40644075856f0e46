/**
 * The two token endpoints (union-api.md §3).
 * @module
 */
import { z } from 'zod'
import { endpointTable } from '../endpoint.ts'

const TokenResponse = z.object({
  access_token: z.string(),
  expires_in: z.number().int(),
})

/** What both take: the account's appid and secret. */
const Credentials = {
  grant_type: z.literal('client_credential'),
  appid: z.string().min(1),
  secret: z.string().min(1),
}
const exampleCredentials = {
  grant_type: 'client_credential',
  appid: 'wx0123456789abcdef',
  secret: 'SECRET',
} as const

/** Both answer the bare token (no errcode envelope) and name a missing credential by its code. */
const TOKEN_ROW = {
  auth: 'credentials',
  family: 'token',
  response: TokenResponse,
  successErrmsg: 'no-envelope',
  fieldErrcodes: { grant_type: 40002, appid: 41002, secret: 41004 },
} as const

const exampleToken = { access_token: 'ACCESS_TOKEN', expires_in: 7200 }

export const TOKEN_ENDPOINTS = endpointTable(TOKEN_ROW, (id) => `/${id}`, {
  'cgi-bin/token': {
    zh: '用 appid 和 secret 获取 access_token（再次获取会在 5 分钟过渡期后使旧 token 失效）。',
    method: 'GET',
    summary:
      'Get an access_token from appid and secret (a new call supersedes the previous token after a 5-minute grace).',
    query: z.object(Credentials),
    errcodes: [-1, 40001, 40002, 40013, 40125, 40164, 40243, 41002, 41004, 45009, 48001],
    examples: { query: exampleCredentials, response: exampleToken },
  },
  'cgi-bin/stable_token': {
    zh: '获取稳定版 access_token：有效期内返回同一个 token；force_refresh 强制刷新（每天 20 次，间隔 30 秒）。',
    method: 'POST',
    summary:
      'Get the stable access_token: the same token while valid; force_refresh issues a new one (20/day, 30 s apart).',
    body: z.object({ ...Credentials, force_refresh: z.boolean().optional() }),
    errcodes: [-1, 40001, 40002, 40013, 40125, 41002, 41004, 45009, 45011, 48001],
    examples: { body: { ...exampleCredentials, force_refresh: false }, response: exampleToken },
  },
})
