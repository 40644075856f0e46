/**
 * The request id of the work in progress, kept across awaits (AsyncLocalStorage): every log line
 * a request causes carries it, and the webhook deliveries a request queues store it, so the
 * worker's later lines name the request that caused them.
 * @module
 */
import { AsyncLocalStorage } from 'node:async_hooks'

const store = new AsyncLocalStorage<string>()

/** Run `fn` with `rid` as the current request id (an HTTP request or a background job). */
export function withRid<T>(rid: string, fn: () => T): T {
  return store.run(rid, fn)
}

/** The request id of the running request or background job, if any. */
export function currentRid(): string | undefined {
  return store.getStore()
}
