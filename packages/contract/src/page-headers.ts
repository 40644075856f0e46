/**
 * The headers of every HTML page the platform serves (the console and the buyer's landing
 * page): no framing, no caching, nothing loaded from elsewhere. Written once here because two
 * packages serve pages and neither may import the other.
 * @module
 */

/** `styleSrc` names the one inline stylesheet a page may carry (its hash). */
export function pageSecurityHeaders(styleSrc = "'self'"): Record<string, string> {
  return {
    'content-security-policy': `default-src 'self'; img-src 'self' data:; style-src ${styleSrc}; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    'cache-control': 'no-store',
  }
}
