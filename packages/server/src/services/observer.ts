/**
 * What services report as it happens (after commit), for metrics and logs: the platform's
 * business events and each webhook attempt. The app wires it to Metrics and the logger.
 * @module
 */

export interface WebhookAttemptReport {
  deliveryId: string
  webhookId: string
  event: string
  orderId: string
  /** The request (or job) whose change queued the delivery; '' for deliveries older than 013. */
  rid: string
  /** 1 for the first attempt. */
  attempt: number
  /** HTTP status answered (0: no answer). */
  status: number
  error: string
  ms: number
  outcome: 'delivered' | 'retry' | 'failed'
}

export interface Observer {
  purchased(orderId: string): void
  settled(count: number, how: 'sweep' | 'manual'): void
  webhookAttempt(report: WebhookAttemptReport): void
}

export const NO_OBSERVER: Observer = {
  purchased() {},
  settled() {},
  webhookAttempt() {},
}
