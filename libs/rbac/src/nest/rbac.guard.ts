import { type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  ACCESS_REQUIREMENT,
  permissionRequirementsOf,
  RailError,
  RailErrorCode,
  RequestContext,
  REQUIRED_ROLES,
  rootFieldOf,
  RailExtension,
  RailExtensionPoint,
  type RequestGuard,
} from '@rail/core';
import { RbacEngine } from './rbac-engine.provider.js';
import { SecurityEvents } from './security-events.service.js';

/**
 * Checks `@RequireRole` and `@RequirePermission` on hand-written resolvers and
 * controllers (a global guard, after authentication). Without a principal it
 * denies: a guard ordered before authentication fails closed. A root field
 * that declares no requirement at all is refused too; start-up already stops
 * such an app, this keeps a field added later (a lazily loaded module) closed.
 */
@RailExtension(RailExtensionPoint.RequestGuard)
export class RbacGuard implements RequestGuard {
  readonly stage = 'authorize';

  constructor(
    private readonly reflector: Reflector,
    private readonly engine: RbacEngine,
    private readonly context: RequestContext,
    private readonly events: SecurityEvents,
  ) {}

  async canActivate(execution: ExecutionContext): Promise<boolean> {
    const handler = execution.getHandler();
    const targets = [handler, execution.getClass()];
    const roles = this.reflector.getAllAndOverride<string[] | undefined>(REQUIRED_ROLES, targets);
    const requirements = [
      ...permissionRequirementsOf(execution.getClass()),
      ...permissionRequirementsOf(handler),
    ];
    if (!roles && requirements.length === 0) {
      const field = rootFieldOf(handler, handler.name);
      if (field && !this.reflector.getAllAndOverride<string | undefined>(ACCESS_REQUIREMENT, targets)) {
        throw new RailError(RailErrorCode.FORBIDDEN, `${field} declares no access requirement`);
      }
      return true;
    }
    const principal = this.context.principal;
    if (!principal) throw new RailError(RailErrorCode.UNAUTHENTICATED, 'Authentication required');
    if (roles && !this.engine.registry.effectiveRoles(principal.roles).some((role) => roles.includes(role))) {
      await this.events.emit('permission.denied', {
        reason: 'role_missing',
        permission: `role:${roles.join('|')}`,
      });
      throw new RailError(RailErrorCode.FORBIDDEN, `Needs one of the roles ${roles.join(', ')}`, {
        roles,
      });
    }
    for (const permission of requirements.flatMap((requirement) => requirement.permissions)) {
      const decision = this.engine.authorizer.decide({ principal, permission });
      if (!decision.allowed) {
        await this.events.emit('permission.denied', { permission, reason: decision.reason });
        throw new RailError(RailErrorCode.FORBIDDEN, `Needs the permission ${permission}`, {
          permission,
          reason: decision.reason,
        });
      }
    }
    return true;
  }
}
