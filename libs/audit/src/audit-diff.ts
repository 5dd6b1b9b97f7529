import { isSecretField } from './secret-fields.js';

type Row = Readonly<Record<string, unknown>>;

export interface FieldChange {
  readonly before?: unknown;
  readonly after?: unknown;
  /** The field changed, but its value is not stored (a secret) or not shown to this reader. */
  readonly redacted?: true;
}

export type AuditChanges = Record<string, FieldChange>;

/** Values as they are stored in JSON: dates as ISO strings, big integers as strings. */
function jsonValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (Buffer.isBuffer(value)) return '[binary]';
  return value;
}

function same(left: unknown, right: unknown): boolean {
  return JSON.stringify(jsonValue(left)) === JSON.stringify(jsonValue(right));
}

/**
 * The changed fields only, with their before and after values. A create
 * lists every field it set, a delete every field the row had. Secrets and
 * the model's `redact` fields are recorded as changed, never with a value.
 */
export function auditChanges(
  before: Row | undefined,
  after: Row | undefined,
  redact: ReadonlySet<string> = new Set(),
): AuditChanges | null {
  const fields = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const changes: AuditChanges = {};
  for (const field of [...fields].sort()) {
    const old = before?.[field];
    const now = after?.[field];
    if (before && after && same(old, now)) continue;
    if (!before && (now === null || now === undefined)) continue;
    if (!after && (old === null || old === undefined)) continue;
    if (isSecretField(field) || redact.has(field)) {
      changes[field] = { redacted: true };
      continue;
    }
    changes[field] = {
      ...(before ? { before: jsonValue(old) } : {}),
      ...(after ? { after: jsonValue(now) } : {}),
    };
  }
  return Object.keys(changes).length > 0 ? changes : null;
}
