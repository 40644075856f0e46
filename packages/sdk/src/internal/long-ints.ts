/**
 * A pre-pass for JSON from the successor API, whose uint64 ids (product_id, order_id) may arrive
 * as bare JSON numbers beyond 2^53 that `JSON.parse` would round: every bare integer of 16 or
 * more digits outside a string is quoted, so it parses as its exact digits.
 * @module
 */

/** Digits from which an integer may not be exact as a double (2^53 has 16 digits). */
const LONG = 16

/** `text` with every bare integer of ≥ 16 digits (outside strings) wrapped in quotes. */
export function quoteLongIntegers(text: string): string {
  let out = ''
  let from = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (inString) {
      if (c === '\\') i++
      else if (c === '"') inString = false
      continue
    }
    if (c === '"') {
      inString = true
      continue
    }
    if (c < '0' || c > '9') continue
    let j = i
    while (j < text.length && text[j]! >= '0' && text[j]! <= '9') j++
    const fraction = text[j] === '.' || text[j] === 'e' || text[j] === 'E'
    if (j - i >= LONG && !fraction && text[i - 1] !== '-') {
      out += `${text.slice(from, i)}"${text.slice(i, j)}"`
      from = j
    }
    i = j - 1
  }
  return from === 0 ? text : out + text.slice(from)
}
