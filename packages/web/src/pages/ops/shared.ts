/**
 * What the operator pages share: running an admin call and turning its failure into a flash
 * message (a refused key still signs the operator out).
 * @module
 */
import { isKeyRefused } from '../../client.ts'
import { describe } from '../../kit.tsx'
import type { Flash } from '../../layout.tsx'

export async function adminTry(
  call: () => Promise<Response>,
  onError: (flash: Flash[]) => Promise<Response>,
): Promise<Response> {
  try {
    return await call()
  } catch (err) {
    if (isKeyRefused(err)) throw err
    return onError([{ kind: 'error', text: `操作失败：${describe(err)}` }])
  }
}
