/**
 * The endpoint table: every endpoint of union-api.md, once. The server routes and validates from
 * it, /openapi.json is generated from it, and the SDK takes its types from it.
 * @module
 */
import type { Endpoint } from './endpoint.ts'
import * as promotion from './endpoints/promotion.ts'
import * as token from './endpoints/token.ts'

export const ENDPOINTS = {
  'cgi-bin/token': token.getToken,
  'cgi-bin/stable_token': token.getStableToken,
  'promotion/add': promotion.promotionAdd,
  'promotion/del': promotion.promotionDel,
  'promotion/upd': promotion.promotionUpd,
  'promotion/list': promotion.promotionList,
} as const satisfies Record<string, Endpoint>

export type EndpointId = keyof typeof ENDPOINTS
export const ENDPOINT_LIST: readonly Endpoint[] = Object.values(ENDPOINTS)
