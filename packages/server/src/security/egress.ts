/**
 * The one way the server sends HTTP to a URL a user gave (webhook deliveries, 机构 callbacks and
 * their echostr URL check): resolve the host, refuse special-purpose addresses (unless private
 * destinations are allowed), then connect to that checked address while sending the original
 * Host header and TLS SNI/certificate name. Resolving again at connect time (as fetch does) would
 * let a name re-pointed at 127.0.0.1 or 169.254.169.254 after its check receive the request.
 * @module
 */
import { lookup } from 'node:dns/promises'
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { isIP } from 'node:net'
import { specialPurpose } from './special-addresses.ts'

/** Resolve a host name to its addresses (injectable: tests pin names without DNS). */
export type Resolver = (host: string) => Promise<string[]>

export const systemResolver: Resolver = async (host) =>
  (await lookup(host, { all: true })).map((a) => a.address)

export interface EgressPolicy {
  /** Accept private, loopback and other special-purpose destinations (tests, development). */
  allowPrivate: boolean
  resolve: Resolver
}

/** A destination refused by the policy; the message says why (shown to the URL's owner). */
export class EgressRefused extends Error {}

/**
 * The addresses of `url`'s host that may be reached, all checked: throws EgressRefused if the host
 * does not resolve or any of its addresses is special-purpose (one bad answer taints the name).
 */
export async function checkedAddresses(url: URL, policy: EgressPolicy): Promise<string[]> {
  const host = url.hostname.replace(/^\[|\]$/g, '')
  if (!policy.allowPrivate && (host === 'localhost' || host.endsWith('.localhost')))
    throw new EgressRefused(`${host} is a loopback name`)
  let addresses: string[]
  if (isIP(host)) addresses = [host]
  else {
    try {
      addresses = await policy.resolve(host)
    } catch {
      throw new EgressRefused(`host ${host} does not resolve`)
    }
    if (addresses.length === 0) throw new EgressRefused(`host ${host} does not resolve`)
  }
  if (policy.allowPrivate) return addresses
  for (const address of addresses) {
    const why = specialPurpose(address)
    if (why) throw new EgressRefused(`${host} resolves to ${address}, a ${why} address`)
  }
  return addresses
}

export interface EgressRequest {
  method: 'GET' | 'POST'
  headers: Record<string, string>
  body?: string
  timeoutMs: number
}

export interface EgressResponse {
  status: number
  headers: IncomingHttpHeaders
  /** The body as text, at most the first 64 KiB. */
  text: string
}

const MAX_BODY = 64 * 1024

/**
 * Send one request to `raw` over a connection to its checked address. Redirects are not followed.
 * Rejects with EgressRefused, a timeout or a network error.
 */
export async function pinnedRequest(
  raw: string,
  req: EgressRequest,
  policy: EgressPolicy,
): Promise<EgressResponse> {
  const url = new URL(raw)
  const [address] = await checkedAddresses(url, policy)
  const host = url.hostname.replace(/^\[|\]$/g, '')
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise<EgressResponse>((resolve, reject) => {
    const r = send(
      {
        host: address,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: req.method,
        // The certificate is checked against the name, not the address.
        servername: isIP(host) ? undefined : host,
        headers: { ...req.headers, host: url.host },
      },
      (res) => {
        const chunks: Buffer[] = []
        let size = 0
        res.on('data', (chunk: Buffer) => {
          if (size < MAX_BODY) chunks.push(chunk)
          size += chunk.length
        })
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).subarray(0, MAX_BODY).toString('utf8'),
          }),
        )
        res.on('error', reject)
      },
    )
    const timer = setTimeout(
      () => r.destroy(new Error(`timed out after ${req.timeoutMs} ms`)),
      req.timeoutMs,
    )
    r.on('close', () => clearTimeout(timer))
    r.on('error', reject)
    r.end(req.body)
  })
}
