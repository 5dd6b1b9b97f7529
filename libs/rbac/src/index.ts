export {
  parsePermission,
  isValidPermission,
  grants,
  permissionMatches,
  type ParsedPermission,
  type PermissionContext,
  type GrantResult,
} from './permissions/permission.js';
export { toPermissionModel } from './permissions/permission-model.js';
export type { RbacPrincipal } from './rbac-principal.js';

export { RoleRegistry } from './roles/role-registry.js';
export {
  rbacConfigSchema,
  rbacFileSchema,
  type RbacConfig,
  type RoleDefinition,
  type ResolvedRbacConfig,
  type ResolvedRoleDefinition,
} from './roles/rbac-config.schema.js';
export { loadRbacConfig } from './roles/roles-file.loader.js';

export type { PolicyDefinition, PolicyContext, PolicyEffect, PolicyMode } from './policies/policy.js';
export { PolicyEngine, type PolicyEvaluation, type PolicyConditionError } from './policies/policy-engine.js';

export type {
  AccessDecision,
  AccessRequest,
  AccessContext,
  ReasonCode,
} from './authorization/access-decision.js';
export { RbacAuthorizer } from './authorization/rbac-authorizer.js';

export { RailRbacModule, type RailRbacAsyncOptions } from './nest/rail-rbac.module.js';
export { type RailRbacOptions, type RbacModelOptions, RAIL_RBAC_OPTIONS } from './nest/rail-rbac.options.js';
export { RbacEngine } from './nest/rbac-engine.provider.js';
export {
  SecurityEvents,
  type SecurityEvent,
  type SecurityEventType,
} from './nest/security-events.service.js';
// The access decorators live in @rail/core (any library may declare a requirement); importable from here too.
export { RequirePermission, RequireRole, type PermissionRequirement } from '@rail/core';
