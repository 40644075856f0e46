/**
 * The base of every resource class: it only holds the client.
 * @module
 */
import type { TuikeClient } from '../client.ts'

export abstract class APIResource {
  protected readonly _client: TuikeClient
  constructor(client: TuikeClient) {
    this._client = client
  }
}
