/**
 * open_account/bind, get, add_customize_info, del_customize_info, get_customize_info
 * (union-api.md §14.4).
 * @module
 */
import type { UnionHandlers } from '../http/union-route.ts'
import type { Services } from '../services/index.ts'

export function openAccountHandlers(
  s: Services,
): Pick<
  UnionHandlers,
  | 'open_account/bind'
  | 'open_account/get'
  | 'open_account/add_customize_info'
  | 'open_account/del_customize_info'
  | 'open_account/get_customize_info'
> {
  return {
    'open_account/bind': async ({ appid, input }) => {
      await s.openAccounts.bind(appid, input.openAccount)
      return {}
    },
    'open_account/get': async ({ appid }) => ({
      openAccount: await s.openAccounts.get(appid),
    }),
    'open_account/add_customize_info': async ({ appid, input }) => {
      await s.openAccounts.addCustomizeInfo(appid, input.unionid, input.customizeInfo)
      return {}
    },
    'open_account/del_customize_info': async ({ appid, input }) => {
      await s.openAccounts.delCustomizeInfo(appid, input.unionid)
      return {}
    },
    'open_account/get_customize_info': async ({ appid, input }) => ({
      customizeInfo: await s.openAccounts.getCustomizeInfo(appid, input.unionid),
    }),
  }
}
