/**
 * Endpoints of the contract this server does not serve yet. They answer 48001 with a message
 * that says so. This list only shrinks: a test checks that it and the handlers cover the table.
 * @module
 */
import type { EndpointId } from '@tuike/contract'

export const UNSERVED: readonly EndpointId[] = [
  'order/search_normal_order',
  'target/plan_info',
  'target/apply_target',
  'target/apply_status',
  'open_account/bind',
  'open_account/get',
  'open_account/add_customize_info',
  'open_account/del_customize_info',
  'open_account/get_customize_info',
  'open_product/list',
  'open_product/generate',
]
