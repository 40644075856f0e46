/**
 * The special-purpose address ranges a webhook may not reach (unless `--allow-private-webhooks`):
 * every entry of the IANA IPv4 and IPv6 Special-Purpose Address Registries, plus multicast,
 * the reserved 240/4 and the deprecated site-local fec0::/10. IPv6 forms that carry an IPv4
 * address (mapped, compatible, NAT64 64:ff9b::/96, 6to4, Teredo) are unwrapped and the IPv4
 * address is checked too, so `[::127.0.0.1]` is loopback and `[2002:a9fe:a9fe::]` is link-local.
 * @module
 */
import { BlockList, isIP } from 'node:net'

/** [network, prefix length, why] of each refused IPv4 range. */
export const SPECIAL_IPV4: readonly (readonly [string, number, string])[] = [
  ['0.0.0.0', 8, '"this network"'],
  ['10.0.0.0', 8, 'private use'],
  ['100.64.0.0', 10, 'shared address space (CGN)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link local'],
  ['172.16.0.0', 12, 'private use'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation (TEST-NET-1)'],
  ['192.31.196.0', 24, 'AS112-v4'],
  ['192.52.193.0', 24, 'AMT'],
  ['192.88.99.0', 24, 'deprecated 6to4 relay anycast'],
  ['192.168.0.0', 16, 'private use'],
  ['192.175.48.0', 24, 'direct delegation AS112'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation (TEST-NET-2)'],
  ['203.0.113.0', 24, 'documentation (TEST-NET-3)'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved (and limited broadcast)'],
]

/** [network, prefix length, why] of each refused IPv6 range (embedded IPv4 is checked apart). */
export const SPECIAL_IPV6: readonly (readonly [string, number, string])[] = [
  ['::', 96, 'unspecified, loopback or IPv4-compatible'],
  ['::ffff:0:0', 96, 'IPv4-mapped'],
  ['64:ff9b:1::', 48, 'local-use IPv4/IPv6 translation'],
  ['100::', 64, 'discard-only'],
  ['100:0:0:1::', 64, 'dummy prefix'],
  ['2001::', 23, 'IETF protocol assignments (Teredo, benchmarking, ORCHID)'],
  ['2001:db8::', 32, 'documentation'],
  ['2620:4f:8000::', 48, 'direct delegation AS112'],
  ['3fff::', 20, 'documentation'],
  ['5f00::', 16, 'segment routing (SRv6) SIDs'],
  ['fc00::', 7, 'unique local'],
  ['fe80::', 10, 'link local'],
  ['fec0::', 10, 'deprecated site local'],
  ['ff00::', 8, 'multicast'],
]

/** Each range as its own BlockList, to name the one an address falls in. */
function lists(ranges: typeof SPECIAL_IPV4, family: 'ipv4' | 'ipv6') {
  return ranges.map(([net, bits, why]) => {
    const list = new BlockList()
    list.addSubnet(net, bits, family)
    return { list, why }
  })
}
const V4 = lists(SPECIAL_IPV4, 'ipv4')
const V6 = lists(SPECIAL_IPV6, 'ipv6')

/** The 16 bytes of an IPv6 address (which isIP has accepted), dotted-quad tail included. */
function ipv6Bytes(address: string): number[] {
  let text = address
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text)
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number]
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined]
  const groups = (s: string | undefined) => (s ? s.split(':').map((g) => parseInt(g, 16)) : [])
  const h = groups(head)
  const t = groups(tail)
  const all = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill(0), ...t]
  return all.flatMap((g) => [g >> 8, g & 0xff])
}

const dotted = (b: number[]) => b.join('.')

/** The IPv4 addresses an IPv6 address carries (NAT64, 6to4, Teredo server and client). */
function embeddedIpv4(b: number[]): string[] {
  const prefix = (bytes: number[]) => bytes.every((x, i) => b[i] === x)
  const out: string[] = []
  if (prefix([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]) && (b[10] === 0xff || b[10] === 0) && b[11] === b[10])
    out.push(dotted(b.slice(12)))
  if (prefix([0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0])) out.push(dotted(b.slice(12)))
  if (prefix([0x20, 0x02])) out.push(dotted(b.slice(2, 6)))
  if (prefix([0x20, 0x01, 0, 0])) {
    out.push(dotted(b.slice(4, 8)))
    out.push(dotted(b.slice(12).map((x) => x ^ 0xff)))
  }
  return out
}

/**
 * Why `address` is special-purpose (a short reason), or undefined for a public unicast address.
 * Anything that is not an IP address is refused.
 */
export function specialPurpose(address: string): string | undefined {
  const v = isIP(address)
  if (v === 4) return V4.find((r) => r.list.check(address, 'ipv4'))?.why
  if (v !== 6) return 'not an IP address'
  const bare = address.replace(/%.*$/, '')
  for (const v4 of embeddedIpv4(ipv6Bytes(bare))) {
    const why = specialPurpose(v4)
    if (why) return `${why} (embedded ${v4})`
  }
  return V6.find((r) => r.list.check(bare, 'ipv6'))?.why
}
