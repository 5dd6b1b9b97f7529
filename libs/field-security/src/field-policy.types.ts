import type { RailPrincipal } from '@rail/core';

/** Who a rule lets through: any listed role (inherited ones count), any listed permission, or the condition. */
export interface AccessRule {
  readonly roles?: readonly string[];
  readonly permissions?: readonly string[];
  readonly condition?: (principal: RailPrincipal) => boolean;
  /**
   * A condition on the row too (reads only), e.g. "the owner may read":
   * `{ requires: ['ownerId'], allows: (principal, row) => String(row.ownerId) === principal.userId }`.
   * Decided per row; such a field can never be filtered, ordered or searched by those it lets through per row.
   * In a `write` rule it sees the row as stored (update) or as given (create).
   */
  readonly row?: {
    readonly requires: readonly string[];
    allows(principal: RailPrincipal, row: Readonly<Record<string, unknown>>): boolean;
  };
}

export type Mask = string | ((value: string) => string);

export interface FieldPolicyOptions {
  /** Who reads the value in clear. */
  readonly read?: AccessRule;
  /** Who writes it; defaults to `read`. */
  readonly write?: AccessRule;
  /** What everyone else gets: `hidden` (null, the default) or `masked`. */
  readonly denied?: 'hidden' | 'masked';
  /** Who gets the mask instead of `denied` (e.g. support sees `j***@acme.example`). */
  readonly maskedFor?: AccessRule;
  /** The mask: a fixed text or a function of the value (text fields only). */
  readonly mask?: Mask;
  /** Takes the classification's defaults from the module options; the field's own options override them. */
  readonly classification?: string;
}

/** How the module asks about roles and permissions (the app wires its RBAC in). */
export interface PrincipalChecks {
  hasRole(principal: RailPrincipal, role: string): boolean;
  hasPermission(principal: RailPrincipal, permission: string): boolean;
}
