/**
 * /cgi-bin/token and /cgi-bin/stable_token.
 * @module
 */
import type { ENDPOINTS } from '@tuike/contract'
import type { Handler } from '../http/union-route.ts'
import type { Services } from '../services/index.ts'

type E = typeof ENDPOINTS

export function tokenHandlers(s: Services) {
  return {
    'cgi-bin/token': (async ({ input }) =>
      s.tokens.issueClassic(input.appid, input.secret)) as Handler<E['cgi-bin/token']>,
    'cgi-bin/stable_token': (async ({ input }) =>
      s.tokens.issueStable(input.appid, input.secret, input.force_refresh === true)) as Handler<
      E['cgi-bin/stable_token']
    >,
  }
}
