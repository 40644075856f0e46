/**
 * /cgi-bin/token and /cgi-bin/stable_token.
 * @module
 */
import { addressOf } from '../http/client-address.ts'
import type { UnionHandlers } from '../http/union-route.ts'
import type { Services } from '../services/index.ts'

export function tokenHandlers(
  s: Services,
  trustProxy: boolean,
): Pick<UnionHandlers, 'cgi-bin/token' | 'cgi-bin/stable_token'> {
  return {
    'cgi-bin/token': async ({ input, incoming }) =>
      s.tokens.issueClassic(input.appid, input.secret, addressOf(incoming, trustProxy)),
    'cgi-bin/stable_token': async ({ input, incoming }) =>
      s.tokens.issueStable(
        input.appid,
        input.secret,
        input.force_refresh === true,
        addressOf(incoming, trustProxy),
      ),
  }
}
