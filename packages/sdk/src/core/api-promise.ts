/**
 * The return type of every request method: awaitable for the data, with the raw Response on
 * demand.
 * @module
 */

/** What a finished request produced: the parsed body and the HTTP response it came from. */
export interface APIResponse<T> {
  data: T
  /** The HTTP response. Its body has already been read; use `data`. */
  response: Response
}

/**
 * A promise of the parsed response body that also exposes the HTTP response.
 *
 * @example
 * const { data, response } = await client.promotions.list().withResponse()
 * console.log(response.headers.get('x-request-id'), data.total)
 */
export class APIPromise<T> implements PromiseLike<T> {
  readonly #inner: Promise<APIResponse<T>>
  #data?: Promise<T>

  constructor(inner: Promise<APIResponse<T>>) {
    this.#inner = inner
  }

  /** The HTTP response (body already consumed). */
  asResponse(): Promise<Response> {
    return this.#inner.then((r) => r.response)
  }

  /** The parsed body and the HTTP response together. */
  withResponse(): Promise<APIResponse<T>> {
    return this.#inner
  }

  #parsed(): Promise<T> {
    this.#data ??= this.#inner.then((r) => r.data)
    return this.#data
  }

  // biome-ignore lint/suspicious/noThenProperty: APIPromise is a thenable by design.
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    // An `await` calls this once; it skips the intermediate promise of the data alone.
    if (this.#data === undefined && onfulfilled) {
      return this.#inner.then((r) => onfulfilled(r.data), onrejected)
    }
    return this.#parsed().then(onfulfilled, onrejected)
  }

  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.#parsed().catch(onrejected)
  }

  finally(onfinally?: (() => void) | null): Promise<T> {
    return this.#parsed().finally(onfinally)
  }

  get [Symbol.toStringTag](): string {
    return 'APIPromise'
  }
}

/**
 * One call over `items` sent in chunks of `max`, one request after another, answered as one:
 * `join` makes the answer from every chunk's data (the last one's response is kept).
 */
export function inChunks<I, T>(
  items: readonly I[],
  max: number,
  call: (chunk: I[]) => APIPromise<T>,
  join: (answers: T[]) => T,
): APIPromise<T> {
  return new APIPromise(
    (async () => {
      const answers: APIResponse<T>[] = []
      for (let i = 0; i < items.length; i += max) {
        answers.push(await call(items.slice(i, i + max)).withResponse())
      }
      return { data: join(answers.map((a) => a.data)), response: answers.at(-1)!.response }
    })(),
  )
}
