import canonicalize from 'canonicalize';
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
 * The content as JSON in the JSON Canonicalization Scheme (RFC 8785, through
 * its reference implementation `canonicalize`): object keys sorted at every
 * level, numbers and strings as ECMAScript writes them. The same content
 * hashes the same after a round trip through `jsonb` (which reorders keys),
 * and any tool with a JCS library recomputes the hashes. A lone surrogate
 * (which JSON cannot carry, and PostgreSQL refuses) becomes U+FFFD first.
 */
export function canonicalJson(value: unknown): string {
  try {
    return canonicalize(value) ?? 'null';
  } catch {
    return canonicalize(wellFormed(value)) ?? 'null';
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const wellFormedText = (text: string): string => text.replace(LONE_SURROGATE, '\uFFFD');

function wellFormed(value: unknown): unknown {
  if (typeof value === 'string') return wellFormedText(value);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (Array.isArray(value)) return value.map(wellFormed);
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [wellFormedText(key), wellFormed(item)]),
  );
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
