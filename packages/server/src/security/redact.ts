/**
 * Removes credentials from anything that may reach a log line or an error message.
 * @module
 */
const SECRET_PARAM = /([?&](?:access_token|secret|appsecret)=)[^&#\s]*/gi

export function redactURL(url: string): string {
  return url.replace(SECRET_PARAM, '$1[REDACTED]')
}
