import { Inject, Injectable } from '@nestjs/common';
import { RbacAuthorizer } from '../authorization/rbac-authorizer.js';
import { RoleRegistry } from '../roles/role-registry.js';
import { loadRbacConfig } from '../roles/roles-file.loader.js';
import type { RbacConfig } from '../roles/rbac-config.schema.js';
import { RAIL_RBAC_OPTIONS, type RailRbacOptions } from './rail-rbac.options.js';

/**
 * The roles and policies, loaded and validated once at start-up: a bad roles
 * file stops the app with a message naming the problem.
 */
@Injectable()
export class RbacEngine {
  readonly registry: RoleRegistry;
  readonly authorizer: RbacAuthorizer;

  constructor(@Inject(RAIL_RBAC_OPTIONS) options: RailRbacOptions) {
    const fromFile: RbacConfig = options.rolesFile
      ? loadRbacConfig(options.rolesFile)
      : { roles: {}, policies: [] };
    const config: RbacConfig = {
      roles: { ...fromFile.roles, ...(options.config?.roles ?? {}) },
      policies: [...(fromFile.policies ?? []), ...(options.config?.policies ?? [])],
    };
    this.registry = new RoleRegistry(config);
    this.authorizer = new RbacAuthorizer(this.registry, [
      ...(config.policies ?? []),
      ...(options.policies ?? []),
    ]);
  }
}
