/**
 * The two token endpoints (union-api.md §3).
 * @module
 */
import { z } from 'zod'
import { endpoint } from '../endpoint.ts'

const TokenResponse = z.object({
  access_token: z.string(),
  expires_in: z.number().int(),
})

export const getToken = endpoint({
  id: 'cgi-bin/token',
  zh: '用 appid 和 secret 获取 access_token（再次获取会在 5 分钟过渡期后使旧 token 失效）。',
  method: 'GET',
  path: '/cgi-bin/token',
  summary:
    'Get an access_token from appid and secret (a new call supersedes the previous token after a 5-minute grace).',
  auth: 'credentials',
  family: 'token',
  query: z.object({
    grant_type: z.literal('client_credential'),
    appid: z.string().min(1),
    secret: z.string().min(1),
  }),
  response: TokenResponse,
  successErrmsg: 'no-envelope',
  errcodes: [-1, 40001, 40002, 40013, 40125, 40164, 40243, 41002, 41004, 45009, 48001],
  fieldErrcodes: { grant_type: 40002, appid: 41002, secret: 41004 },
  examples: {
    query: { grant_type: 'client_credential', appid: 'wx0123456789abcdef', secret: 'SECRET' },
    response: { access_token: 'ACCESS_TOKEN', expires_in: 7200 },
  },
})

export const getStableToken = endpoint({
  id: 'cgi-bin/stable_token',
  zh: '获取稳定版 access_token：有效期内返回同一个 token；force_refresh 强制刷新（每天 20 次，间隔 30 秒）。',
  method: 'POST',
  path: '/cgi-bin/stable_token',
  summary:
    'Get the stable access_token: the same token while valid; force_refresh issues a new one (20/day, 30 s apart).',
  auth: 'credentials',
  family: 'token',
  body: z.object({
    grant_type: z.literal('client_credential'),
    appid: z.string().min(1),
    secret: z.string().min(1),
    force_refresh: z.boolean().optional(),
  }),
  response: TokenResponse,
  successErrmsg: 'no-envelope',
  errcodes: [-1, 40001, 40002, 40013, 40125, 41002, 41004, 45009, 45011, 48001],
  fieldErrcodes: { grant_type: 40002, appid: 41002, secret: 41004 },
  examples: {
    body: {
      grant_type: 'client_credential',
      appid: 'wx0123456789abcdef',
      secret: 'SECRET',
      force_refresh: false,
    },
    response: { access_token: 'ACCESS_TOKEN', expires_in: 7200 },
  },
})
