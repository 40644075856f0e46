/**
 * Hashing and comparison of credentials. Random high-entropy values (tokens, the admin key) are
 * stored as SHA-256; promoter appsecrets as scrypt. Comparisons are constant-time.
 * @module
 */
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto'

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

/** Constant-time equality of two strings (compared as SHA-256 digests, so lengths may differ). */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(
    createHash('sha256').update(a).digest(),
    createHash('sha256').update(b).digest(),
  )
}

const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 }

function scryptAsync(secret: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  )
}

export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await scryptAsync(secret, salt)
  return `scrypt$${salt.toString('base64')}$${key.toString('base64')}`
}

export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split('$')
  if (scheme !== 'scrypt' || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64')
  const actual = await scryptAsync(secret, Buffer.from(salt, 'base64'))
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}

/** Random token text: base64url of `bytes` random bytes. */
export function randomToken(bytes = 48): string {
  return randomBytes(bytes).toString('base64url')
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex')
}
