import { Inject } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  Authenticated,
  RailError,
  RailErrorCode,
  type RailPrincipal,
  RequestContext,
  RequirePermission,
} from '@rail/core';
import { DataSource } from 'typeorm';
import { RAIL_RBAC_OPTIONS, type RailRbacOptions } from '../nest/rail-rbac.options.js';
import { RbacEngine } from '../nest/rbac-engine.provider.js';
import { RoleAssignmentService } from '../nest/role-assignment.service.js';
import { permissionProblem } from '../permissions/permission.js';
import { PermissionExplainer } from './permission-explainer.js';
import { PermissionExplanation } from './rbac.types.js';

type Row = Record<string, unknown>;

/** explainPermission, assignRole, revokeRole. */
@Resolver()
export class RbacResolver {
  constructor(
    private readonly engine: RbacEngine,
    private readonly assignments: RoleAssignmentService,
    private readonly explainer: PermissionExplainer,
    private readonly context: RequestContext,
    @Inject(RAIL_RBAC_OPTIONS) private readonly options: RailRbacOptions,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  private get principal(): RailPrincipal {
    const principal = this.context.principal;
    if (!principal) throw new RailError(RailErrorCode.UNAUTHENTICATED, 'Authentication required');
    return principal;
  }

  private async byId(entity: RailRbacOptions['userEntity'], id: string): Promise<Row | null> {
    if (!/^\d{1,15}$/.test(id)) return null;
    return await this.dataSource.getRepository(entity).findOne({ where: { id: Number(id) } });
  }

  // Anyone may ask about themselves; asking about another user needs the admin role (checked below).
  @Authenticated()
  @Query(() => PermissionExplanation, {
    description:
      'Why you (or, for admins, another user) may or may not hold a permission, on a model or one of its rows: ' +
      'the decision the API itself makes for the operation (derived from the action, or given).',
  })
  async explainPermission(
    @Args('permission') permission: string,
    @Args('model', { nullable: true }) model?: string,
    @Args('objectId', { type: () => ID, nullable: true }) objectId?: string,
    @Args('userId', { type: () => ID, nullable: true }) userId?: string,
    @Args('operation', {
      nullable: true,
      description:
        'list, retrieve, create, update, delete, export or a model action; default: from the action',
    })
    operation?: string,
  ): Promise<PermissionExplanation> {
    const caller = this.principal;
    if (permissionProblem(permission) !== undefined)
      throw new RailError(RailErrorCode.BAD_USER_INPUT, `permission: ${permissionProblem(permission)}`, {
        field: 'permission',
      });
    if (operation !== undefined && operation !== null && !/^[a-z][A-Za-z0-9]{0,63}$/.test(operation))
      throw new RailError(
        RailErrorCode.BAD_USER_INPUT,
        'operation: expected an operation name such as update',
        {
          field: 'operation',
        },
      );
    let subject: RailPrincipal = caller;
    if (userId && userId !== caller.userId) {
      if (!this.engine.registry.effectiveRoles(caller.roles).includes('admin')) {
        throw new RailError(RailErrorCode.FORBIDDEN, "Explaining another user's access needs the admin role");
      }
      const user = await this.byId(this.options.userEntity, userId);
      if (!user || String(user.companyId) !== caller.companyId)
        throw new RailError(RailErrorCode.NOT_FOUND, `User ${userId} does not exist`);
      subject = { userId, companyId: String(user.companyId), roles: user.roles as string[], authMethods: [] };
    }
    const decision = await this.explainer.explain({
      subject,
      caller,
      permission,
      model: model ?? undefined,
      operation: operation ?? undefined,
      objectId: objectId ?? undefined,
    });
    return {
      allowed: decision.allowed,
      reason: decision.reason,
      roles: decision.roles,
      effectivePermissions: [...decision.effectivePermissions].sort(),
      matchedPolicies: decision.matchedPolicies,
      contextRequired: decision.contextRequired,
      contextAllowed: decision.contextAllowed,
    };
  }

  @RequirePermission('role.assign')
  @Mutation(() => [String], { description: 'Gives a user of your company a role; returns their roles.' })
  assignRole(
    @Args('userId', { type: () => ID }) userId: string,
    @Args('role') role: string,
  ): Promise<string[]> {
    return this.assignments.assign(this.principal, userId, role);
  }

  @RequirePermission('role.revoke')
  @Mutation(() => [String], { description: 'Takes a role from a user of your company; returns their roles.' })
  revokeRole(
    @Args('userId', { type: () => ID }) userId: string,
    @Args('role') role: string,
  ): Promise<string[]> {
    return this.assignments.revoke(this.principal, userId, role);
  }
}
