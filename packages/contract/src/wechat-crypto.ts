/**
 * WeChat's message-push signature and AES scheme (store-promoter-api.md §9.2–§9.6), as the
 * 机构 callbacks use it. Self-contained: it imports only `node:crypto`, so the server's sender and
 * a receiver's verifier (the SDK) share the same code without pulling in zod.
 *
 * - `signature = sha1(sort([token, timestamp, nonce]).join(''))`; in secure mode the receiver
 *   checks `msg_signature = sha1(sort([token, timestamp, nonce, Encrypt]).join(''))` instead.
 * - `Encrypt = base64(AES-256-CBC(key, iv = key[0..16), pkcs7_32(random16 ‖ len32be ‖ msg ‖ appid)))`
 *   with `key = base64(EncodingAESKey + "=")` (32 bytes) and PKCS#7 padding to a multiple of
 *   **32** bytes, not 16: a 16-byte unpadder rejects WeChat's pad bytes 17–32.
 * @module
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'

/** PKCS#7 block size of the scheme ("K = 32"). */
export const WECHAT_PAD_BLOCK = 32

/** The lowercase hex SHA-1 of the lexicographically sorted parts, joined. */
export function wechatSignature(...parts: string[]): string {
  return createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex')
}

/** The 32-byte AES key of a 43-character EncodingAESKey; throws when it is not one. */
export function wechatAesKey(encodingAesKey: string): Buffer {
  if (!/^[A-Za-z0-9]{43}$/.test(encodingAesKey)) {
    throw new WechatCryptoError('EncodingAESKey must be 43 letters and digits')
  }
  return Buffer.from(`${encodingAesKey}=`, 'base64')
}

/** A failed check while decrypting: wrong key, bad padding, length or appid. */
export class WechatCryptoError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'WechatCryptoError'
  }
}

/** Pad to a multiple of 32 bytes: n bytes of value n, 1 ≤ n ≤ 32. */
export function pkcs7Pad32(data: Buffer): Buffer {
  const n = WECHAT_PAD_BLOCK - (data.length % WECHAT_PAD_BLOCK)
  return Buffer.concat([data, Buffer.alloc(n, n)])
}

/** Strip 32-byte PKCS#7 padding, checking every pad byte. */
export function pkcs7Unpad32(data: Buffer): Buffer {
  const n = data.at(-1) ?? 0
  if (n < 1 || n > WECHAT_PAD_BLOCK || n > data.length) {
    throw new WechatCryptoError(`bad padding: last byte ${n}`)
  }
  for (let i = data.length - n; i < data.length; i++) {
    if (data[i] !== n) throw new WechatCryptoError('bad padding: pad bytes differ')
  }
  return data.subarray(0, data.length - n)
}

/**
 * `Encrypt` of `msg` (UTF-8 text) for `appid` with the 32-byte `key`. `random` (16 bytes) is
 * drawn fresh unless given (golden tests pass the documented one).
 */
export function wechatEncrypt(
  key: Buffer,
  msg: string,
  appid: string,
  random: Buffer = randomBytes(16),
): string {
  if (random.length !== 16) throw new WechatCryptoError('random must be 16 bytes')
  const body = Buffer.from(msg, 'utf8')
  const len = Buffer.alloc(4)
  len.writeUInt32BE(body.length)
  const plain = pkcs7Pad32(Buffer.concat([random, len, body, Buffer.from(appid, 'utf8')]))
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16))
  cipher.setAutoPadding(false)
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64')
}

/**
 * Decrypt `Encrypt`: the message text and the trailing appid. Throws WechatCryptoError when the
 * ciphertext, padding or length prefix does not check out. Compare the appid with your own.
 */
export function wechatDecrypt(key: Buffer, encrypt: string): { msg: string; appid: string } {
  const data = Buffer.from(encrypt, 'base64')
  if (data.length === 0 || data.length % 16 !== 0) {
    throw new WechatCryptoError('Encrypt is not a whole number of AES blocks')
  }
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16))
  decipher.setAutoPadding(false)
  const full = pkcs7Unpad32(Buffer.concat([decipher.update(data), decipher.final()]))
  if (full.length < 20) throw new WechatCryptoError('decrypted message too short')
  const len = full.readUInt32BE(16)
  if (20 + len > full.length) throw new WechatCryptoError('message length exceeds the buffer')
  return {
    msg: full.subarray(20, 20 + len).toString('utf8'),
    appid: full.subarray(20 + len).toString('utf8'),
  }
}
