import { Inject, Injectable, Optional } from '@nestjs/common';
import { ModelRegistry } from '@rail/core';
import { RAIL_RBAC_OPTIONS, type RailRbacOptions, type RbacModelOptions } from './rail-rbac.options.js';

/**
 * How each model is protected, read once at start-up: from the entity's own
 * decorators (`@TenantScoped`, `@OwnedBy`, `@PermissionPrefix`) through the
 * core's model registry, or from the `models` option, which wins for the
 * models it names. A model in neither is denied to everyone.
 */
@Injectable()
export class RbacModels {
  private readonly byName = new Map<string, RbacModelOptions>();

  constructor(@Inject(RAIL_RBAC_OPTIONS) options: RailRbacOptions, @Optional() registry?: ModelRegistry) {
    for (const model of registry?.models ?? []) {
      if (!model.tenantPath) continue;
      this.byName.set(model.name, {
        entity: model.entity,
        tenant: model.tenantPath,
        owner: model.ownerPath,
        permission: model.permissionPrefix,
      });
    }
    for (const [name, configured] of Object.entries(options.models ?? {})) this.byName.set(name, configured);
  }

  /** Every protected model by name, with its protection. */
  entries(): ReadonlyArray<readonly [string, RbacModelOptions]> {
    return [...this.byName.entries()];
  }

  /** The protection of `model`; undefined when it is not protected (and so denied). */
  of(model: string): RbacModelOptions | undefined {
    return this.byName.get(model);
  }
}
