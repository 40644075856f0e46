/**
 * What the operator pages share: running an admin call and turning its failure into a flash
 * message (a refused key still signs the operator out), and registering a page's changes so.
 * @module
 */
import type { Context, Hono } from 'hono'
import { isKeyRefused } from '../../client.ts'
import { describe, type Kit, type OperatorCtx } from '../../kit.tsx'
import type { Flash } from '../../layout.tsx'

type Act = (c: Context, ctx: OperatorCtx) => Promise<Response>

/**
 * The POST routes of an operator page: each `act` runs as the operator, and a failed admin call
 * shows on the page through `refused` (which answers 400).
 */
export function adminPosts(
  web: Hono,
  kit: Kit,
  refused: (c: Context, ctx: OperatorCtx, flash: Flash[]) => Promise<Response>,
) {
  return (path: string, act: Act) =>
    web.post(
      path,
      kit.operator(async (c, ctx) =>
        adminTry(
          () => act(c, ctx),
          (flash) => refused(c, ctx, flash),
        ),
      ),
    )
}

/** An admin read whose failure the page shows: its value, or what went wrong. */
export async function adminRead<T>(
  call: () => Promise<T>,
): Promise<{ value: T; error?: undefined } | { value?: undefined; error: string }> {
  try {
    return { value: await call() }
  } catch (err) {
    if (isKeyRefused(err)) throw err
    return { error: describe(err) }
  }
}

async function adminTry(
  call: () => Promise<Response>,
  onError: (flash: Flash[]) => Promise<Response>,
): Promise<Response> {
  const r = await adminRead(call)
  return r.error === undefined
    ? r.value
    : onError([{ kind: 'error', text: `操作失败：${r.error}` }])
}
