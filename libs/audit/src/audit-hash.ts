import { createHash } from 'node:crypto';

/** The `prev_hash` of a chain's first row. */
export const GENESIS_HASH = '0'.repeat(64);

/** The columns a row's `content_hash` covers, in this order. */
export interface AuditContent {
  readonly occurredAt: Date;
  readonly companyId: string | null;
  readonly actorId: string | null;
  readonly actorRoles: readonly string[] | null;
  readonly requestId: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly eventType: string;
  readonly model: string | null;
  readonly entityId: string | null;
  readonly changes: Readonly<Record<string, unknown>> | null;
  readonly details: Readonly<Record<string, unknown>> | null;
  readonly outcome: string;
  readonly reason: string | null;
}

/**
 * JSON with object keys sorted at every level, so that the same content
 * hashes the same after a round trip through `jsonb` (which reorders keys).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function contentHash(content: AuditContent): string {
  const fields = [
    content.occurredAt.toISOString(),
    content.companyId,
    content.actorId,
    content.actorRoles,
    content.requestId,
    content.ip,
    content.userAgent,
    content.eventType,
    content.model,
    content.entityId,
    content.changes,
    content.details,
    content.outcome,
    content.reason,
  ];
  return sha256(canonicalJson(fields));
}

/** A row's link: what the PostgreSQL trigger computes too (`seq:prev_hash:content_hash`). */
export function chainHash(seq: string, prevHash: string, content: string): string {
  return sha256(`${seq}:${prevHash}:${content}`);
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
