/**
 * /cgi-bin/token and /cgi-bin/stable_token.
 * @module
 */
import { clientAddress } from '../http/client-address.ts'
import type { UnionHandlers } from '../http/union-route.ts'
import type { Services } from '../services/index.ts'

export function tokenHandlers(
  s: Services,
  trustProxy: boolean,
): Pick<UnionHandlers, 'cgi-bin/token' | 'cgi-bin/stable_token'> {
  return {
    'cgi-bin/token': async ({ input, c }) =>
      s.tokens.issueClassic(input.appid, input.secret, clientAddress(c, trustProxy)),
    'cgi-bin/stable_token': async ({ input, c }) =>
      s.tokens.issueStable(
        input.appid,
        input.secret,
        input.force_refresh === true,
        clientAddress(c, trustProxy),
      ),
  }
}
