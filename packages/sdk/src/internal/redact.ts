/**
 * Credential redaction for URLs, messages and bodies that end up in errors and logs.
 * @module
 */

const SECRET_PARAM = /([?&](?:access_token|secret|appsecret)=)[^&#\s]*/gi
const SECRET_FIELD = /("(?:access_token|secret|appsecret)"\s*:\s*")[^"]*"/gi

/** Replace `access_token=`, `secret=` and `appsecret=` values in a URL or any text. */
export function redactURL(url: string): string {
  return url.replace(SECRET_PARAM, '$1[REDACTED]')
}

/**
 * Scrubs known secret values (the appsecret and every token the client has seen) from text,
 * on top of the parameter patterns: a server may echo a token back in an errmsg.
 */
export class Redactor {
  readonly #values = new Set<string>()

  /** Remember a value that must never appear in output. Short values are ignored. */
  add(value: string | undefined): void {
    if (value && value.length >= 6) this.#values.add(value)
  }

  text(input: string): string {
    let out = redactURL(input).replace(SECRET_FIELD, '$1[REDACTED]"')
    for (const v of this.#values) {
      if (out.includes(v)) out = out.split(v).join('[REDACTED]')
      const encoded = encodeURIComponent(v)
      if (encoded !== v && out.includes(encoded)) out = out.split(encoded).join('[REDACTED]')
    }
    return out
  }

  /** A deep copy of a JSON value with every string scrubbed. */
  value<T>(input: T): T {
    if (typeof input === 'string') return this.text(input) as T
    if (Array.isArray(input)) return input.map((v) => this.value(v)) as T
    if (input && typeof input === 'object') {
      const out: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(input)) {
        out[k] = /^(access_token|secret|appsecret)$/i.test(k) ? '[REDACTED]' : this.value(v)
      }
      return out as T
    }
    return input
  }
}
