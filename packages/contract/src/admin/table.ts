/**
 * The operator API table (`/admin/v1`, behind `Authorization: Bearer <admin key>`): the server
 * routes and validates from it, /openapi.json documents it, and the SDK's `client.admin` is
 * generated from it.
 * @module
 */
import * as catalogue from './catalogue.ts'
import type { AdminEndpoint } from './endpoint.ts'
import * as faults from './faults.ts'
import * as institutions from './institutions.ts'
import * as orders from './orders.ts'
import * as plans from './plans.ts'
import * as promoters from './promoters.ts'

export const ADMIN_ENDPOINTS = {
  ...promoters.ADMIN_PROMOTER_ENDPOINTS,
  ...catalogue.ADMIN_CATALOGUE_ENDPOINTS,
  ...orders.ADMIN_ORDER_ENDPOINTS,
  ...plans.ADMIN_PLAN_ENDPOINTS,
  ...institutions.ADMIN_INSTITUTION_ENDPOINTS,
  ...faults.ADMIN_FAULT_ENDPOINTS,
}

export type AdminEndpointId = keyof typeof ADMIN_ENDPOINTS
export const ADMIN_ENDPOINT_LIST: readonly AdminEndpoint[] = Object.values(ADMIN_ENDPOINTS)
