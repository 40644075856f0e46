/**
 * JSON.parse that keeps the digits of integers a double cannot hold. WeChat ids are 64-bit
 * integers and some clients send them as JSON numbers (SKIT's `long` orderIdList and productId);
 * JSON.parse would round `1796194434000000299` to `1796194434000000300`. An integer literal beyond
 * Number.MAX_SAFE_INTEGER is read as a BigInt from its own digits instead, so an id schema can
 * turn it into the exact string and every other schema sees a number it refuses by type.
 * @module
 */

/** A run of 16 digits: the only way to write an integer a double cannot hold exactly. */
const LONG_DIGITS = /\d{16}/
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)

/** Parse `text` as JSON; integer literals beyond ±(2^53 − 1) become BigInts, exactly. */
export function parseExactJson(text: string): unknown {
  // Fast path: without 16 consecutive digits anywhere, every number is safe.
  if (!LONG_DIGITS.test(text)) return JSON.parse(text)
  // Unguessable, so no string a client sends can pass for a marked number.
  const marker = `${crypto.randomUUID()}:`
  const marked = markLongIntegers(text, marker)
  if (marked === text) return JSON.parse(text)
  return JSON.parse(marked, (_key, value: unknown) =>
    typeof value === 'string' && value.startsWith(marker)
      ? BigInt(value.slice(marker.length))
      : value,
  )
}

/**
 * `text` with every integer literal outside the safe range replaced by a JSON string of
 * `marker` + its digits. Strings are skipped; malformed JSON is left for JSON.parse to refuse.
 */
function markLongIntegers(text: string, marker: string): string {
  let out = ''
  let copied = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x22) {
      i = endOfString(text, i)
      continue
    }
    if (c !== 0x2d && (c < 0x30 || c > 0x39)) continue
    const end = endOfNumber(text, i)
    const literal = text.slice(i, end)
    if (/^-?\d{16,}$/.test(literal) && absBigInt(literal) > MAX_SAFE) {
      out += `${text.slice(copied, i)}"${marker}${literal}"`
      copied = end
    }
    i = end - 1
  }
  return copied === 0 ? text : out + text.slice(copied)
}

/** Index of the closing quote of the string opening at `start` (or the end of the text). */
function endOfString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x5c) i++
    else if (c === 0x22) return i
  }
  return text.length
}

/** Index just past the number token starting at `start`. */
function endOfNumber(text: string, start: number): number {
  let i = start + 1
  while (i < text.length && /[0-9.eE+-]/.test(text[i]!)) i++
  return i
}

function absBigInt(literal: string): bigint {
  const n = BigInt(literal)
  return n < 0n ? -n : n
}
