/**
 * The peer conformance fixtures: for each third-party union client, the exact requests its
 * methods send (method, path, query string as the client encodes it, content type, body bytes),
 * read from the client's public source, and what a faithful server answers. A new peer is one
 * more file in this folder exporting a PeerFixture; `peers.test.ts` replays every file on every
 * dialect (and the shared test support checks each answer against the contract).
 *
 * Placeholders in `query` and `body` are replaced before sending: `{token}`, `{pid}`, `{spot}`
 * (the spot's name), `{orderId}` (a 19-digit order of the promoter, beyond 2^53),
 * `{productId}` and `{shopAppId}` (a product whose id is beyond 2^53 and its shop; also a
 * trade-component product), `{catId}` (a top-level category), `{planId}`, and
 * `{planInvitationUrl}` followed by how the client encodes it: `{planInvitationUrl|uri}`
 * (encodeURIComponent, Flurl, Go's QueryEscape minus spaces), `{planInvitationUrl|axios}`
 * (axios 1.x keeps `:` raw) or `{planInvitationUrl|php}` (PHP's http_build_query).
 * @module
 */
import assert from 'node:assert/strict'

export interface PeerRequest {
  /** The client method, as its users call it. */
  call: string
  method: 'GET' | 'POST'
  path: string
  /** The query string after `?`, exactly as the client builds it. */
  query: string
  /** The Content-Type header, when the client sends one. */
  contentType?: string
  /** The body bytes (UTF-8). */
  body?: string
  expect: {
    errcode: number
    /** The errmsg, for the cases where the client is wrong and the server must teach. */
    errmsg?: RegExp
    /** Further checks of a successful answer (what the call is for). */
    check?: (body: any, ctx: PeerContext) => void
  }
  /** Why this request matters: the client's bug, or the wire detail it exercises. */
  note?: string
}

export interface PeerFixture {
  peer: string
  /** Where the requests were read: repository, version, files. */
  source: string
  requests: PeerRequest[]
}

export interface PeerContext {
  token: string
  pid: string
  spot: string
  orderId: string
  productId: string
  shopAppId: string
  catId: string
  planId: string
  planInvitationUrl: string
  /** product/list's total without filters, to show a filter was applied. */
  total: number
}

const ENCODINGS: Record<string, (s: string) => string> = {
  uri: encodeURIComponent,
  axios: (s) =>
    encodeURIComponent(s)
      .replace(/%3A/gi, ':')
      .replace(/%24/g, '$')
      .replace(/%2C/gi, ',')
      .replace(/%20/g, '+'),
  php: (s) =>
    encodeURIComponent(s)
      .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
      .replace(/%20/g, '+'),
}

/** `text` with every `{name}` / `{name|encoding}` placeholder replaced from `ctx`. */
export function fill(text: string, ctx: PeerContext): string {
  return text.replace(/\{(\w+)(?:\|(\w+))?\}/g, (whole, name: string, enc?: string) => {
    const value = (ctx as unknown as Record<string, unknown>)[name]
    if (value === undefined) return whole
    return enc ? ENCODINGS[enc]!(String(value)) : String(value)
  })
}

/** A product/list answer filtered to the context's shop: fewer than all, all of that shop. */
export function onlyShop(b: any, ctx: PeerContext): void {
  assert.ok(b.total < ctx.total, 'the shop filter applies')
  for (const x of b.productList) assert.equal(x.shopInfo.appId, ctx.shopAppId)
}

/** An order/info or order/search answer that lists the context's order first. */
export function hasOrder(b: any, ctx: PeerContext): void {
  assert.equal(b.orderList[0].orderId, ctx.orderId)
}

/**
 * order/info as axios-based clients send it right: a JSON body `{"orderIdList":[...]}` with
 * `Content-Type: application/json`; the answer lists the context's order.
 */
export function jsonOrderInfo(call: string): PeerRequest {
  return {
    call,
    method: 'POST',
    path: '/union/promoter/order/info',
    query: 'access_token={token}',
    contentType: 'application/json',
    body: '{"orderIdList":["{orderId}"]}',
    expect: { errcode: 0, check: hasOrder },
  }
}
