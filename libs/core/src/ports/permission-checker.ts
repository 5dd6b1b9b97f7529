import type { RailPrincipal } from '../extension-points/rail-principal.js';

/**
 * The port through which a library asks about roles and permissions without
 * importing the rbac library. @rail/rbac implements it; a library that finds
 * none (`@Optional()`) knows that `@RequireRole` and `@RequirePermission`
 * are not enforced in this app and keeps what they guard closed.
 */
export abstract class PermissionChecker {
  /** The principal holds one of `roles`, inherited roles included. */
  abstract hasRole(principal: RailPrincipal | undefined, roles: readonly string[]): boolean;

  /** The principal holds `permission`, decided as `@RequirePermission` on a hand-written resolver decides it. */
  abstract hasPermission(principal: RailPrincipal | undefined, permission: string): boolean;
}
