import { Injectable } from '@nestjs/common';
import type { PermissionChecker, RailPrincipal } from '@rail/core';
import { RbacEngine } from './rbac-engine.provider.js';

/** The core's `PermissionChecker`, answered from the roles and policies of this app. */
@Injectable()
export class RbacPermissionChecker implements PermissionChecker {
  constructor(private readonly engine: RbacEngine) {}

  hasRole(principal: RailPrincipal | undefined, roles: readonly string[]): boolean {
    if (!principal) return false;
    return this.engine.registry.effectiveRoles(principal.roles).some((role) => roles.includes(role));
  }

  hasPermission(principal: RailPrincipal | undefined, permission: string): boolean {
    return this.engine.authorizer.decide({ principal, permission }).allowed;
  }
}
