import { Module } from '@nestjs/common';
import { PermissionChecker, railLibraryModule, type RailLibraryAsyncOptions } from '@rail/core';
import { RbacGuard } from './rbac.guard.js';
import { PermissionExplainer } from '../graphql/permission-explainer.js';
import { RbacResolver } from '../graphql/rbac.resolver.js';
import { RAIL_RBAC_OPTIONS, type RailRbacOptions, rbacOptionsSchema } from './rail-rbac.options.js';
import { RbacEngine } from './rbac-engine.provider.js';
import { RbacModels } from './rbac-models.js';
import { RbacOperationAuthorizer } from './rbac-operation.authorizer.js';
import { RbacPermissionChecker } from './rbac-permission.checker.js';
import { RbacRoleCatalog } from './rbac-role.catalog.js';
import { RbacScope } from './rbac.scope.js';
import { RbacStartupCheck } from './rbac-startup.check.js';
import { RoleAssignmentService } from './role-assignment.service.js';
import { SecurityEvents } from './security-events.service.js';

/** `forRootAsync`'s argument; a `useClass` / `useExisting` class implements `createRbacOptions()`. */
export type RailRbacAsyncOptions = RailLibraryAsyncOptions<RailRbacOptions, 'createRbacOptions'>;

/**
 * Roles, permissions, policies and tenant isolation for a Rail app. Plugs into
 * the core's extension points, so generated and hand-written operations that
 * use them are protected alike; default-deny. Other libraries ask the same
 * engine about roles and permissions through the core's `PermissionChecker`.
 *
 * @example
 * RailRbacModule.forRoot({ rolesFile: 'roles.yml', userEntity: AppUser, models: { Product: { entity: Product, tenant: 'companyId' } } })
 */
@Module({})
export class RailRbacModule extends railLibraryModule({
  name: 'RailRbacModule',
  schema: rbacOptionsSchema,
  optionsToken: RAIL_RBAC_OPTIONS,
  factoryMethodName: 'createRbacOptions',
  module: {
    providers: [
      RbacEngine,
      RbacModels,
      SecurityEvents,
      RbacOperationAuthorizer,
      RbacScope,
      RbacRoleCatalog,
      RoleAssignmentService,
      PermissionExplainer,
      RbacResolver,
      { provide: PermissionChecker, useClass: RbacPermissionChecker },
      RbacGuard,
      RbacStartupCheck,
    ],
    exports: [RbacEngine, SecurityEvents, PermissionChecker],
  },
}) {}
