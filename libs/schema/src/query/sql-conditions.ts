import { RailError, RailErrorCode } from '@rail/core';

/** SQL conditions as the compilers fold them: always true, never true. */
export const TRUE = '1 = 1';
export const FALSE = '1 = 0';

export function and(parts: readonly string[]): string {
  const real = parts.filter((part) => part !== TRUE && part !== '');
  if (real.length === 0) return TRUE;
  if (real.includes(FALSE)) return FALSE;
  return real.length === 1 ? real[0] : real.map((part) => `(${part})`).join(' AND ');
}

/**
 * Any of the parts. `[]` matches nothing (Prisma semantics), never everything.
 * Parts that always hold or never do are folded, as in `and`: 5,000 empty
 * conditions `{}` are one TRUE, not an expression deeper than SQLite parses.
 */
export function or(parts: readonly string[]): string {
  if (parts.includes(TRUE)) return TRUE;
  const real = parts.filter((part) => part !== FALSE);
  if (real.length === 0) return FALSE;
  return real.length === 1 ? real[0] : `(${real.map((part) => `(${part})`).join(' OR ')})`;
}

export function badInput(message: string): RailError {
  return new RailError(RailErrorCode.BAD_USER_INPUT, message);
}

export function tooComplex(message: string): RailError {
  return new RailError(RailErrorCode.FILTER_TOO_COMPLEX, `Filter too complex: ${message}`);
}
