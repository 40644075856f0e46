/**
 * /cgi-bin/token and /cgi-bin/stable_token.
 * @module
 */
import type { UnionHandlers } from '../http/union-route.ts'
import type { Services } from '../services/index.ts'

export function tokenHandlers(
  s: Services,
): Pick<UnionHandlers, 'cgi-bin/token' | 'cgi-bin/stable_token'> {
  return {
    'cgi-bin/token': async ({ input }) => s.tokens.issueClassic(input.appid, input.secret),
    'cgi-bin/stable_token': async ({ input }) =>
      s.tokens.issueStable(input.appid, input.secret, input.force_refresh === true),
  }
}
