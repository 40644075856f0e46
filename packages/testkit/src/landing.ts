/**
 * A buyer's browser on a landing page: open it, keep its cookie, and post its Buy form with the
 * page's hidden fields (ticket and CSRF token) as the browser would.
 * @module
 */

type Requester = { request(path: string, init?: RequestInit): Response | Promise<Response> }

export interface OpenedLanding {
  html: string
  ticket: string
  csrf: string
  /** The `tuike_buyer=…` cookie the page set. */
  cookie: string
  /** POST the Buy form of `code` with the page's fields, `fields` added or overriding. */
  buy(code: string, fields?: Record<string, string>): Promise<Response>
}

export async function openLanding(app: Requester, path: string): Promise<OpenedLanding> {
  const res = await app.request(path)
  const html = await res.text()
  const cookie = /tuike_buyer=[0-9a-f]{32}/.exec(res.headers.get('set-cookie') ?? '')?.[0] ?? ''
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(html)?.[1] ?? ''
  const ticket = field('ticket')
  const csrf = field('csrf')
  return {
    html,
    ticket,
    csrf,
    cookie,
    buy: async (code, fields = {}) =>
      app.request(`/s/${code}/buy`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        body: new URLSearchParams({ ticket, csrf, ...fields }).toString(),
      }),
  }
}
