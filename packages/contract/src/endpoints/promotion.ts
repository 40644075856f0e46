/**
 * Promotion spots (推广位): add, del, upd, list (union-api.md §8–§11).
 * @module
 */
import { z } from 'zod'
import { unionTable } from '../endpoint.ts'
import { chars, OK_EXAMPLE, Ok, WireUint } from '../wire.ts'

/** Spot names: 1–20 characters (字), counted as code points. */
export const SpotName = chars(20)
export const Pid = z.string().min(1)

export const Promotion = z.object({
  promotionSourceName: z.string(),
  promotionSourcePid: z.string(),
})

export const PROMOTION_ENDPOINTS = unionTable({
  'promotion/add': {
    zh: '新增推广位；返回的字段名是 pid。',
    method: 'POST',
    summary: 'Create a promotion spot (推广位); the response key is `pid`.',
    body: z.object({ promotionSourceName: SpotName }),
    response: z.object({ ...Ok, pid: z.string() }),
    errcodes: [14005, 14007, 200002],
    examples: {
      body: { promotionSourceName: '推广位名称' },
      response: { ...OK_EXAMPLE, pid: 'oUkIc71zinc2mtlfC7K-NfGJxxNE_328751529' },
    },
  },
  'promotion/del': {
    zh: '删除推广位；已归属它的订单保留推广位信息，仍可结算佣金。',
    method: 'POST',
    summary: 'Delete a promotion spot; its orders keep their promotionInfo and may still earn.',
    body: z.object({ promotionSourcePid: Pid, promotionSourceName: z.string().min(1) }),
    response: z.object(Ok),
    errcodes: [200002],
    examples: {
      body: { promotionSourcePid: 'oUnIc49z', promotionSourceName: '推广位名称' },
      response: OK_EXAMPLE,
    },
  },
  'promotion/upd': {
    zh: '修改推广位名称（须给出当前名称）；pid 不变。',
    method: 'POST',
    summary: 'Rename a promotion spot (the current name must match); the pid never changes.',
    body: z.object({
      previousPromotionInfo: z.object({
        promotionSourcePid: Pid,
        promotionSourceName: z.string().min(1),
      }),
      promotionInfo: z.object({ promotionSourceName: SpotName }),
    }),
    response: z.object(Ok),
    errcodes: [14007, 200002],
    examples: {
      body: {
        previousPromotionInfo: { promotionSourcePid: 'oUnIc49z', promotionSourceName: 'delete' },
        promotionInfo: { promotionSourceName: 'upd after22' },
      },
      response: OK_EXAMPLE,
    },
  },
  'promotion/list': {
    zh: '按创建顺序列出有效推广位（start 从 0 起，默认 0/20）。',
    method: 'GET',
    summary: 'List live promotion spots in creation order (start 0-based, default 0/20).',
    query: z.object({ start: WireUint.optional(), limit: WireUint.optional() }),
    response: z.object({
      ...Ok,
      promotionSourceList: z.array(
        Promotion.extend({ status: z.string().optional(), pidId: z.string().optional() }),
      ),
      total: z.number().int(),
      promotionMaxCnt: z.number().int(),
    }),
    successErrmsg: 'empty',
    errcodes: [],
    examples: {
      query: { start: '0', limit: '20' },
      response: {
        errcode: 0,
        errmsg: '',
        promotionSourceList: [
          {
            promotionSourceName: '23444444444',
            promotionSourcePid: 'oqt8u5MV-nX9iyrzARrq-QFsxI28_648499549',
          },
          {
            promotionSourceName: '123',
            promotionSourcePid: 'oqt8u5MV-nX9iyrzARrq-QFsxI28_1515204302',
          },
        ],
        total: 91,
        promotionMaxCnt: 100,
      },
    },
  },
})
