/**
 * Removes credentials from anything that may reach a log line or an error message.
 * @module
 */

/** Query parameters whose value is a credential. */
const SECRET_NAMES = ['access_token', 'secret', 'appsecret']

/**
 * A parameter name as a client may spell it, in either case: each character literal or
 * percent-encoded (`%61ccess_token` is `access_token` once decoded, and the server decodes names).
 */
function anySpelling(name: string): string {
  const hex = (ch: string) => `%${ch.charCodeAt(0).toString(16)}`
  return [...name]
    .map((ch) => `(?:${ch}|${hex(ch.toLowerCase())}|${hex(ch.toUpperCase())})`)
    .join('')
}

const SECRET_PARAM = new RegExp(
  `([?&](?:${SECRET_NAMES.map(anySpelling).join('|')})=)[^&#\\s]*`,
  'gi',
)

export function redactURL(url: string): string {
  return url.replace(SECRET_PARAM, '$1[REDACTED]')
}
