/**
 * Endpoints of the contract this server does not serve yet. They answer 48001 with a message
 * that says so. This list only shrinks: a test checks that it and the handlers cover the table.
 * @module
 */
import type { EndpointId } from '@tuike/contract'

export const UNSERVED: readonly EndpointId[] = []
