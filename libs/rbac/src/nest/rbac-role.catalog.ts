import { RailExtension, RailExtensionPoint, type RoleCatalog } from '@rail/core';
import { RbacEngine } from './rbac-engine.provider.js';

/** The roles of the roles file and the module's config, for libraries that store a role name. */
@RailExtension(RailExtensionPoint.RoleCatalog)
export class RbacRoleCatalog implements RoleCatalog {
  constructor(private readonly engine: RbacEngine) {}

  hasRole(role: string): boolean {
    return this.engine.registry.has(role);
  }

  roleNames(): readonly string[] {
    return this.engine.registry.roleNames();
  }
}
