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
  'promoters/create': promoters.adminPromoterCreate,
  'promoters/list': promoters.adminPromoterList,
  'promoters/get': promoters.adminPromoterGet,
  'promoters/disable': promoters.adminPromoterDisable,
  'promoters/enable': promoters.adminPromoterEnable,
  'promoters/rotate-secret': promoters.adminPromoterRotateSecret,
  'promoters/update': promoters.adminPromoterUpdate,
  'catalogue/import': catalogue.adminImport,
  'selection/add': catalogue.adminSelectionAdd,
  'selection/remove': catalogue.adminSelectionRemove,
  'shops/update': catalogue.adminShopUpdate,
  'orders/list': orders.adminOrderList,
  'orders/get': orders.adminOrderGet,
  'orders/confirm-receipt': orders.adminOrderConfirmReceipt,
  'orders/refund': orders.adminOrderRefund,
  'orders/settle': orders.adminOrderSettle,
  'purchases/create': orders.adminPurchaseCreate,
  'clock/advance': orders.adminClockAdvance,
  'plans/create': plans.adminPlanCreate,
  'plans/list': plans.adminPlanList,
  'plans/get': plans.adminPlanGet,
  'plans/decide': plans.adminPlanDecide,
  'open-accounts/set': plans.adminOpenAccountSet,
  'institutions/create': institutions.adminInstitutionCreate,
  'institutions/list': institutions.adminInstitutionList,
  'institutions/get': institutions.adminInstitutionGet,
  'institutions/update': institutions.adminInstitutionUpdate,
  'institutions/add-sharer': institutions.adminInstitutionAddSharer,
  'institutions/callbacks': institutions.adminInstitutionCallbacks,
  'institutions/redeliver': institutions.adminInstitutionRedeliver,
  'faults/create': faults.adminFaultCreate,
  'faults/list': faults.adminFaultList,
  'faults/log': faults.adminFaultLog,
  'faults/delete': faults.adminFaultDelete,
} as const satisfies Record<string, AdminEndpoint>

export type AdminEndpointId = keyof typeof ADMIN_ENDPOINTS
export const ADMIN_ENDPOINT_LIST: readonly AdminEndpoint[] = Object.values(ADMIN_ENDPOINTS)
