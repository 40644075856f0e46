/**
 * Custom user parameters (自定义用户参数): bind an Open Platform account of the same entity, then
 * attach a string to a unionid; that user's later orders carry it as `customUserId`
 * (union-api.md §14.4).
 * @module
 */
import { z } from 'zod'
import { endpointTable, UNION_ROW, unionPath } from '../endpoint.ts'
import { OK_EXAMPLE, Ok } from '../wire.ts'

/**
 * The family's errcodes: documented for bind and taken as shared. 25510 is also the answer to a
 * third re-binding in one calendar year (§16 #43); 25509 only when a cap is configured (§16 #44).
 */
export const OPEN_ACCOUNT_ERRCODES = [
  200002, 25503, 25504, 25505, 25506, 25507, 25508, 25509, 25510,
] as const

const APPID = 'wx1234567890abcdef'
const UNIONID = 'oTmHYjg6ZsBv3pVZ9BSWvHaLyFOg'

/** Every open_account row answers the family's errcodes. */
const OPEN_ACCOUNT_ROW = { ...UNION_ROW, errcodes: OPEN_ACCOUNT_ERRCODES } as const

export const OPEN_ACCOUNT_ENDPOINTS = endpointTable(OPEN_ACCOUNT_ROW, unionPath, {
  'open_account/bind': {
    zh: '绑定与推客同一主体的开放平台账号（appid）；每年最多换绑 2 次。',
    method: 'POST',
    summary:
      'Bind an Open Platform account (appid) with the same legal entity as the 推客; re-binding at most 2 times a year.',
    body: z.object({ openAccount: z.string().min(1) }),
    response: z.object(Ok),
    examples: { body: { openAccount: APPID }, response: OK_EXAMPLE },
  },
  'open_account/get': {
    zh: '获取已绑定的开放平台 appid（未绑定时为 ""）。',
    method: 'GET',
    summary: 'Get the bound Open Platform appid (`""` when none is bound).',
    response: z.object({ ...Ok, openAccount: z.string() }),
    examples: { response: { ...OK_EXAMPLE, openAccount: APPID } },
  },
  'open_account/add_customize_info': {
    zh: '为 unionid 绑定自定义信息（每个 unionid 一条，再次调用覆盖）。',
    method: 'POST',
    summary: 'Attach a custom string to a unionid (one per unionid; a second call overwrites it).',
    body: z.object({ unionid: z.string().min(1), customizeInfo: z.string().min(1) }),
    response: z.object(Ok),
    examples: { body: { unionid: UNIONID, customizeInfo: 'member-42' }, response: OK_EXAMPLE },
  },
  'open_account/del_customize_info': {
    zh: '删除 unionid 的自定义信息。',
    method: 'POST',
    summary: 'Remove the custom string of a unionid.',
    body: z.object({ unionid: z.string().min(1) }),
    response: z.object(Ok),
    examples: { body: { unionid: UNIONID }, response: OK_EXAMPLE },
  },
  'open_account/get_customize_info': {
    zh: '获取 unionid 的自定义信息（未绑定时为 ""）。',
    method: 'GET',
    summary: 'Get the custom string of a unionid (`""` when nothing is bound).',
    query: z.object({ unionid: z.string().min(1) }),
    response: z.object({ ...Ok, customizeInfo: z.string() }),
    examples: {
      query: { unionid: UNIONID },
      response: { ...OK_EXAMPLE, customizeInfo: 'member-42' },
    },
  },
})
