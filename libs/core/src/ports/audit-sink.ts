import type { EntityManager } from 'typeorm';

/** How an audited event ended. */
export type AuditOutcome = 'success' | 'failure' | 'denied';

/**
 * One event for the audit trail. The request's own details (request id,
 * address, user agent, actor, company, roles) are filled in from the request
 * when left out; the trail adds the time if absent, and the hash chain.
 */
export interface AuditEntry {
  readonly eventType: string;
  readonly outcome: AuditOutcome;
  readonly occurredAt?: Date;
  readonly companyId?: string | null;
  readonly actorId?: string | null;
  readonly actorRoles?: readonly string[] | null;
  readonly requestId?: string | null;
  readonly ip?: string | null;
  readonly userAgent?: string | null;
  readonly model?: string | null;
  readonly entityId?: string | null;
  readonly changes?: Readonly<Record<string, unknown>> | null;
  readonly details?: Readonly<Record<string, unknown>> | null;
  readonly reason?: string | null;
}

/**
 * The port through which a library writes to the audit trail without
 * importing it. @rail/audit implements it; inject it `@Optional()`, since
 * an app without the audit library has none.
 */
export abstract class AuditSink {
  /** Writes in a transaction of its own, so that a refused request still leaves its trace. */
  abstract record(entry: AuditEntry): Promise<void>;

  /** Writes inside the caller's transaction: it commits or rolls back with the write it describes. */
  abstract recordIn(manager: EntityManager, entries: readonly AuditEntry[]): Promise<void>;
}
