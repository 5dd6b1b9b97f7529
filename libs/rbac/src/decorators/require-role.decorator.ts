import { SetMetadata } from '@nestjs/common';

export const REQUIRED_ROLES = 'rail:rbac:required-roles';

/**
 * Requires one of the roles (inherited roles count) for a resolver, resolver
 * method or controller.
 *
 * @example
 * @RequireRole('admin') @Query(() => Health) health() { ... }
 */
export const RequireRole = (...roles: string[]): ClassDecorator & MethodDecorator =>
  SetMetadata(REQUIRED_ROLES, roles);
