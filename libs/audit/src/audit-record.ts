import type { AuditEntry } from '@rail/core';
import type { AuditContent } from './audit-hash.js';

/**
 * What a library hands the trail (the core's `AuditEntry`) with the request's
 * details filled in; the writer adds the time (if absent) and the chain.
 */
export interface AuditRecord extends AuditEntry {
  readonly companyId: string | null;
  readonly actorId: string | null;
}

const MAX_USER_AGENT = 512;

/** The record with every column of the content set, as stored and hashed. */
export function auditContentOf(record: AuditRecord, now: Date): AuditContent {
  return {
    occurredAt: record.occurredAt ?? now,
    companyId: record.companyId,
    actorId: record.actorId,
    actorRoles: record.actorRoles ? [...record.actorRoles] : null,
    requestId: record.requestId ?? null,
    ip: record.ip ?? null,
    userAgent: record.userAgent ? record.userAgent.slice(0, MAX_USER_AGENT) : null,
    eventType: record.eventType,
    model: record.model ?? null,
    entityId: record.entityId ?? null,
    // Stored as JSON: what is hashed is what a reader gets back.
    changes: record.changes ? (JSON.parse(JSON.stringify(record.changes)) as Record<string, unknown>) : null,
    details: record.details ? (JSON.parse(JSON.stringify(record.details)) as Record<string, unknown>) : null,
    outcome: record.outcome,
    reason: record.reason ?? null,
  };
}
