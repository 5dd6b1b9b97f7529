import type { RailPrincipal } from './rail-principal.js';

/** A decision that holds for every row. */
export type StaticFieldReadAccess =
  | { readonly visibility: 'visible' }
  | { readonly visibility: 'masked'; readonly mask: (value: unknown) => string }
  | { readonly visibility: 'hidden' };

/**
 * A decision that depends on the row ("the owner may read"): decided per row
 * from the `requires` fields, which the reader loads too. Such a field is
 * never readable in clear for filters, ordering or search.
 */
export interface PerRowFieldReadAccess {
  readonly visibility: 'per-row';
  readonly requires: readonly string[];
  decide(row: Readonly<Record<string, unknown>>): StaticFieldReadAccess;
}

export type FieldReadAccess = StaticFieldReadAccess | PerRowFieldReadAccess;

export interface FieldAccessRequest {
  readonly principal: RailPrincipal | undefined;
  readonly model: string;
  /** Entity property names. */
  readonly fields: readonly string[];
  /** For writes: the row as stored (update) or the values being created, for rules that look at the row. */
  readonly row?: Readonly<Record<string, unknown>>;
}

/**
 * Decides, once per model, field and principal (never per row), how a field's
 * value may reach the caller and whether the caller may write it. A field an
 * authorizer does not mention is visible and writable as far as it is concerned.
 */
export interface FieldAuthorizer {
  readAccess(
    request: FieldAccessRequest,
  ): ReadonlyMap<string, FieldReadAccess> | Promise<ReadonlyMap<string, FieldReadAccess>>;
  /** The fields of the request the principal may not write. */
  deniedWrites(request: FieldAccessRequest): ReadonlySet<string> | Promise<ReadonlySet<string>>;
  /**
   * What a write of a denied field does: `reject` (default) refuses the whole
   * mutation, `strip` drops those fields and writes the rest.
   */
  readonly writeMode?: 'reject' | 'strip';
}
