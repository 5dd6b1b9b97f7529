/**
 * Text no Rail input may carry. NUL ends strings in C: PostgreSQL refuses it
 * in text ("invalid byte sequence"), drivers and log lines cut at it. A lone
 * UTF-16 surrogate is no character at all: it cannot be encoded as UTF-8, so
 * the database, a CSV file or a webhook body would store a replacement or fail.
 */
const NUL = '\u0000';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** How JSON values may nest in one input, objects and lists together. */
export const MAX_INPUT_DEPTH = 64;

/** Why a text is refused, or undefined when it is fine. */
export function unsafeTextReason(text: string): string | undefined {
  if (text.includes(NUL)) return 'contains a NUL character (U+0000)';
  if (LONE_SURROGATE.test(text)) return 'contains an unpaired UTF-16 surrogate';
  return undefined;
}

export interface UnsafeInput {
  /** Dot path from the root, e.g. `where.name.eq` or `lines.2`. */
  readonly path: string;
  readonly reason: string;
}

/**
 * The first string (value or object key) in a JSON value that is unsafe, or a
 * value nested deeper than {@link MAX_INPUT_DEPTH}. Iterative, so a hostile
 * depth cannot overflow the stack before the limit is seen.
 */
export function findUnsafeInput(value: unknown, root: string): UnsafeInput | undefined {
  const pending: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: root, depth: 0 }];
  while (pending.length > 0) {
    const { value: current, path, depth } = pending.pop()!;
    if (typeof current === 'string') {
      const reason = unsafeTextReason(current);
      if (reason) return { path, reason };
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= MAX_INPUT_DEPTH) return { path, reason: `nests deeper than ${MAX_INPUT_DEPTH} levels` };
    const entries = Array.isArray(current)
      ? current.map((item, index) => [String(index), item] as const)
      : Object.entries(current);
    for (const [key, item] of entries) {
      const at = path === '' ? key : `${path}.${key}`;
      const reason = unsafeTextReason(key);
      if (reason) return { path: at, reason: `has a key that ${reason}` };
      pending.push({ value: item, path: at, depth: depth + 1 });
    }
  }
  return undefined;
}
