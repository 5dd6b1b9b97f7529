import { applyDecorators, SetMetadata } from '@nestjs/common';
import { DeclareAccess } from './access-requirement.decorator.js';

export const REQUIRED_ROLES = 'rail:rbac:required-roles';

/**
 * Requires one of the roles (inherited roles count) for a resolver, resolver
 * method or controller.
 *
 * @example
 * @RequireRole('admin') @Query(() => Health) health() { ... }
 */
export const RequireRole = (...roles: string[]): ClassDecorator & MethodDecorator =>
  applyDecorators(SetMetadata(REQUIRED_ROLES, roles), DeclareAccess('role'));
