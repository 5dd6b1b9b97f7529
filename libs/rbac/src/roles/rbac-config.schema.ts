import { RailConfigurationError } from '@rail/core';
import { z } from 'zod';
import { permissionSchema } from '../permissions/permission.schema.js';
import type { PolicyDefinition } from '../policies/policy.js';
import { filePolicyListSchema, policyListSchema } from '../policies/policy.schema.js';
import { describeConfigIssues } from '../rbac-config-issues.js';
import { findInheritanceCycle } from './find-inheritance-cycle.js';
import { roleNameSchema } from './role-name.schema.js';

/** One role as written in code or in a roles file. */
export interface RoleDefinition {
  readonly description?: string;
  /** Permissions of the role itself; inherited ones come from `inherits`. Default none. */
  readonly permissions?: readonly string[];
  /** Roles whose permissions this role also has (transitively). */
  readonly inherits?: readonly string[];
  /** At most this many users per company may hold the role; enforced by whoever assigns roles. */
  readonly maxUsers?: number;
}

/** The roles and policies of an app, from code or from `loadRbacConfig()`. */
export interface RbacConfig {
  readonly roles: Readonly<Record<string, RoleDefinition>>;
  readonly policies?: readonly PolicyDefinition[];
}

const roleDefinitionSchema = z.strictObject({
  description: z.string().optional(),
  permissions: z.array(permissionSchema).default([]),
  inherits: z.array(roleNameSchema).default([]),
  maxUsers: z.number().int().min(1).optional(),
});

export type ResolvedRoleDefinition = z.output<typeof roleDefinitionSchema>;

interface RoleGraph {
  readonly roles: Readonly<Record<string, ResolvedRoleDefinition>>;
  readonly policies: readonly { readonly name: string; readonly roles?: readonly string[] }[];
}

// Checks that need the whole config; zod runs them only once every role parsed.
function checkRoleGraph(config: RoleGraph, context: z.RefinementCtx): void {
  const parents = new Map(Object.entries(config.roles).map(([name, role]) => [name, role.inherits]));
  for (const [name, inherits] of parents) {
    inherits.forEach((parent, index) => {
      if (!parents.has(parent)) {
        context.addIssue({
          code: 'custom',
          path: ['roles', name, 'inherits', index],
          message: `role "${name}" inherits unknown role "${parent}"`,
        });
      }
    });
  }
  const cycle = findInheritanceCycle(parents);
  if (cycle) {
    context.addIssue({
      code: 'custom',
      path: ['roles', cycle[0], 'inherits'],
      message: `role "${cycle[0]}" inherits itself through the cycle ${cycle.join(' → ')}`,
    });
  }
  // A policy naming a misspelt role would silently never match; for a deny
  // policy that is a hole, so unknown names are refused like unknown parents.
  config.policies.forEach((policy, index) => {
    policy.roles?.forEach((role, roleIndex) => {
      if (!parents.has(role)) {
        context.addIssue({
          code: 'custom',
          path: ['policies', index, 'roles', roleIndex],
          message: `policy "${policy.name}" names unknown role "${role}"`,
        });
      }
    });
  });
}

const roles = z.record(roleNameSchema, roleDefinitionSchema);

/**
 * The shape of roles and policies in code, without the checks of the role graph:
 * what the module's `config` option holds, whose roles may inherit a roles file's.
 */
export const rbacConfigShapeSchema = z.strictObject({ roles, policies: policyListSchema.default([]) });

/** Roles and policies defined in code: policies may carry conditions. */
export const rbacConfigSchema = rbacConfigShapeSchema.superRefine(checkRoleGraph);

/** Roles and policies read from a file: policies are data only. */
export const rbacFileSchema = z
  .strictObject({ roles, policies: filePolicyListSchema.default([]) })
  .superRefine(checkRoleGraph);

export interface ResolvedRbacConfig {
  readonly roles: Readonly<Record<string, ResolvedRoleDefinition>>;
  readonly policies: readonly PolicyDefinition[];
}

/**
 * Validates `input` against `schema`, throwing `RailConfigurationError` that
 * lists every problem with the key it is about.
 */
export function parseRbacConfig(
  input: unknown,
  source = 'RBAC configuration',
  schema: typeof rbacConfigSchema | typeof rbacFileSchema = rbacConfigSchema,
): ResolvedRbacConfig {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new RailConfigurationError(`Invalid ${source}:\n${describeConfigIssues(parsed.error.issues)}`);
  }
  return parsed.data;
}
