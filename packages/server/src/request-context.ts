/**
 * The request id of the work in progress, kept across awaits (AsyncLocalStorage): every log line
 * a request causes carries it, and the webhook deliveries a request queues store it, so the
 * worker's later lines name the request that caused them. An HTTP request also carries a memo
 * for reads that are done once per request (the auth epoch), valid while the request runs.
 * @module
 */
import { AsyncLocalStorage } from 'node:async_hooks'

interface WorkContext {
  rid: string
  /** Set while an HTTP request is being answered; cleared when it is (see withRequest). */
  memo?: Map<object, unknown>
}

const store = new AsyncLocalStorage<WorkContext>()

/** Run `fn` with `rid` as the current request id (a background job). */
export function withRid<T>(rid: string, fn: () => T): T {
  return store.run({ rid }, fn)
}

/**
 * Run the HTTP request `fn` with `rid` as its id and a fresh per-request memo. `fn` calls `done`
 * once the response is ready: timers or jobs the request started that outlive it read afresh.
 */
export function withRequest<T>(rid: string, fn: (done: () => void) => Promise<T>): Promise<T> {
  const context: WorkContext = { rid, memo: new Map() }
  return store.run(context, () =>
    fn(() => {
      context.memo = undefined
    }),
  )
}

/** The request id of the running request or background job, if any. */
export function currentRid(): string | undefined {
  return store.getStore()?.rid
}

/**
 * `read()`, done once per HTTP request for `key`: later calls in the same request get the first
 * call's promise. Outside a request (jobs, tests calling services) every call reads.
 */
export function oncePerRequest<T>(key: object, read: () => Promise<T>): Promise<T> {
  const memo = store.getStore()?.memo
  if (!memo) return read()
  let p = memo.get(key) as Promise<T> | undefined
  if (!p) {
    p = read()
    memo.set(key, p)
  }
  return p
}
