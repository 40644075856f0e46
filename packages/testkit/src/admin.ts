/**
 * Calls for tests: an account's access_token, and operator API calls (the admin key as a bearer
 * token, a JSON body, and the answer's status and parsed JSON).
 * @module
 */

/** `app.request` of an in-process app, or `fetch` bound to a server's URL. */
export type Requester = (path: string, init: RequestInit) => Response | Promise<Response>

/** A fresh union access_token of an account, from /cgi-bin/token. */
export async function accessToken(
  request: Requester,
  creds: { appid: string; secret: string },
): Promise<string> {
  const res = await request(
    `/cgi-bin/token?grant_type=client_credential&appid=${creds.appid}&secret=${creds.secret}`,
    {},
  )
  return ((await res.json()) as { access_token: string }).access_token
}

export async function adminCall(
  request: Requester,
  key: string,
  method: string,
  path: string,
  body?: unknown,
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the answer holds
): Promise<{ status: number; body: any }> {
  const res = await request(path, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: res.status, body: await res.json() }
}
