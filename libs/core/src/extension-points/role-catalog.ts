/**
 * The roles an app defines, for libraries that store a role name (the role a
 * webhook endpoint reads as), so that a misspelt role is refused when it is
 * saved instead of quietly granting nothing.
 */
export interface RoleCatalog {
  hasRole(role: string): boolean;
  /** Every role, for the "did you mean" of a start-up message. */
  roleNames?(): readonly string[];
}
