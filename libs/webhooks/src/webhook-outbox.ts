/** A write's event as the outbox records it: the row after (and before) the write. */
export interface OutboxEvent {
  readonly id: string;
  readonly type: string;
  readonly model: string | null;
  readonly entityId: string | null;
  readonly after: Record<string, unknown> | null;
  readonly before: Record<string, unknown> | null;
}

/** A delivery not yet attempted: due at once. */
export function newDelivery(companyId: string | null, eventId: string, endpointId: number) {
  return {
    companyId,
    eventId,
    endpointId,
    status: 'PENDING' as const,
    attempts: 0,
    nextAttemptAt: new Date(),
    log: [],
  };
}
