import type { DataSource } from 'typeorm';
import { WebhookDelivery, type DeliveryLogEntry } from './webhook-delivery.entity.js';

/** What an attempt left in the log when its process died before the answer was recorded. */
export const INTERRUPTED_ATTEMPT =
  'interrupted: the process stopped before the answer was recorded (the receiver may have got it)';
const IN_FLIGHT = 'in flight';

/**
 * The delivery log's write-ahead: an attempt is counted and logged as in
 * flight before its request goes out, and completed after. A crash between
 * the two leaves the in-flight entry; the next attempt marks it interrupted,
 * so the log shows every request the receiver may have seen.
 */
export class WebhookDeliveryLog {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Counts and logs the next attempt of a PENDING delivery, conditional on
   * the attempts it was read with (a concurrent run of the same delivery
   * loses, and sends nothing). Returns the new count and log, or null.
   */
  async start(delivery: WebhookDelivery): Promise<{ attempts: number; log: DeliveryLogEntry[] } | null> {
    const attempts = delivery.attempts + 1;
    const earlier = delivery.log.map((entry) =>
      entry.error === IN_FLIGHT ? { ...entry, error: INTERRUPTED_ATTEMPT } : entry,
    );
    const log = [
      ...earlier,
      {
        at: new Date().toISOString(),
        attempt: attempts,
        status: null,
        latencyMs: 0,
        response: '',
        error: IN_FLIGHT,
      },
    ];
    const result = await this.dataSource
      .getRepository(WebhookDelivery)
      .update({ id: delivery.id, status: 'PENDING', attempts: delivery.attempts }, { attempts, log });
    return result.affected === 1 ? { attempts, log } : null;
  }
}
