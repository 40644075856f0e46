/**
 * Operator endpoints for the catalogue: NDJSON import of categories, shops and products (an
 * idempotent upsert by id; a bad line is reported and skipped), the 精选 pool, and shop states.
 * @module
 */
import { z } from 'zod'
import { adminTable, NdjsonText } from './endpoint.ts'

export const IMPORT_KINDS = ['categories', 'shops', 'products'] as const
export type ImportKind = (typeof IMPORT_KINDS)[number]

export const ImportResult = z.object({
  applied: z.number().int(),
  /** Line numbers start at 1 within the body. */
  errors: z.array(z.object({ line: z.number().int(), reason: z.string() })),
})
export type ImportResult = z.infer<typeof ImportResult>

const Selection = z.object({
  productIds: z
    .array(z.union([z.string().min(1), z.number().int().transform(String)]))
    .min(1)
    .max(10_000),
})
const SelectionResult = z.object({ updated: z.number().int(), unknown: z.array(z.string()) })

export const ADMIN_CATALOGUE_ENDPOINTS = adminTable({
  'catalogue/import': {
    route: 'POST /import/:kind',
    zh: '导入类目、店铺或商品的 NDJSON（每行一个 JSON 对象）',
    summary: 'Import NDJSON (one JSON object a line) of categories, shops or products',
    params: { kind: z.enum(IMPORT_KINDS).describe('import kind') },
    body: NdjsonText,
    bodyType: 'ndjson',
    response: ImportResult,
  },
  'selection/add': {
    route: 'POST /selection',
    zh: '把商品加入精选池（product/select）',
    summary: 'Add products to the 精选 pool (product/select)',
    body: Selection,
    response: SelectionResult,
  },
  'selection/remove': {
    route: 'DELETE /selection',
    zh: '把商品移出精选池',
    summary: 'Remove products from the 精选 pool',
    body: Selection,
    response: SelectionResult,
  },
  'shops/update': {
    route: 'PATCH /shops/:appid',
    zh: '设置 open_product/generate 报告的 shopStatus（1：余额不足，不返回 shareInfo）',
    summary: 'Set the shopStatus open_product/generate reports (1: balance too low, no shareInfo)',
    body: z.object({ shopStatus: z.literal([0, 1]) }),
    response: z.object({ appid: z.string(), shopStatus: z.literal([0, 1]) }),
  },
})
