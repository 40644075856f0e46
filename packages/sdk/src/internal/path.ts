/**
 * The `path` tagged template: the only way a value enters a URL path. Each value is
 * percent-encoded (so `/`, `?` and `#` cannot escape its segment), and `.` or `..`, which a URL
 * would resolve away (`/promoters/../disable` is `/disable`), are refused.
 * @module
 */
import { TuikeError } from '../core/error.ts'

export function path(strings: TemplateStringsArray, ...values: string[]): string {
  let out = strings[0]!
  values.forEach((value, i) => {
    if (value === '' || value === '.' || value === '..') {
      throw new TuikeError(`invalid path segment ${JSON.stringify(value)}`)
    }
    out += encodeURIComponent(value) + strings[i + 1]!
  })
  return out
}
