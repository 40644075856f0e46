/**
 * Typecheck-only (never run): handlers are typed by the contract's response schemas, so a wrong
 * shape fails `tsc`. Each `@ts-expect-error` below fails the typecheck if its error goes away.
 * @module
 */
import type { AdminHandlers } from '../src/http/admin-route.ts'
import { RawJson, type UnionHandlers } from '../src/http/union-route.ts'

export const unionWrongShapes: Partial<UnionHandlers> = {
  // @ts-expect-error order/search answers pageSize and totalNum too, not only orderList
  'order/search': async () => ({ orderList: [] }),
  // @ts-expect-error promotion/add answers the new spot's pid as a string
  'promotion/add': async () => ({ pid: 123 }),
  // @ts-expect-error pre-serialised JSON of the wrong type is refused too
  'product/list': async () => ({ productList: new RawJson<number>('1'), total: 0 }),
}

export const adminWrongShapes: Partial<AdminHandlers> = {
  // @ts-expect-error promoters/list answers { promoters: [...] }, not a bare array
  'promoters/list': async () => [],
  // @ts-expect-error clock/advance answers now and settled
  'clock/advance': async () => ({ now: 1 }),
}
