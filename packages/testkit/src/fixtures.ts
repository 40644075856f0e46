/**
 * Shared test data.
 * @module
 */

/** Three NDJSON category lines, the second malformed: an import applies 2 and reports line 2. */
export const CATEGORIES_WITH_A_BAD_LINE = [
  JSON.stringify({ catId: '990001', name: '导入一级' }),
  '{"catId": broken',
  JSON.stringify({ catId: '990002', name: '导入二级', parentId: '990001' }),
].join('\n')

/**
 * The callback spec's worked example (§9.6): token `AAAAA`, EncodingAESKey 43 × `A`, and the
 * `Encrypt` of its debug_demo message, which both the sender and the verifier must reproduce.
 */
export const STORE_CALLBACK_EXAMPLE = {
  token: 'AAAAA',
  aesKey: 'A'.repeat(43),
  encrypt:
    '+qdx1OKCy+5JPCBFWw70tm0fJGb2Jmeia4FCB7kao+/Q5c/ohsOzQHi8khUOb05JCpj0JB4RvQMkUyus8TPxLKJGQqcvZqzDpVzazhZv6JsXUnnR8XGT740XgXZUXQ7vJVnAG+tE8NUd4yFyjPy7GgiaviNrlCTj+l5kdfMuFUPpRSrfMZuMcp3Fn2Pede2IuQrKEYwKSqFIZoNqJ4M8EajAsjLY2km32IIjdf8YL/P50F7mStwntrA2cPDrM1kb6mOcfBgRtWygb3VIYnSeOBrebufAlr7F9mFUPAJGj04=',
}
