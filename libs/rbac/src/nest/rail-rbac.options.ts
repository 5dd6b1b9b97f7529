import { z } from 'zod';
import { toPermissionModel } from '../permissions/permission-model.js';
import type { PolicyDefinition } from '../policies/policy.js';
import { policyListSchema } from '../policies/policy.schema.js';
import { rbacConfigShapeSchema, type RbacConfig } from '../roles/rbac-config.schema.js';

/** How one generated model is protected. */
export interface RbacModelOptions {
  /** The TypeORM entity (for explain and for tenant checks of rows). */
  entity: abstract new (...args: never[]) => unknown;
  /** Path to the row's tenant key: `companyId`, `id` (the tenant table itself) or through a relation, `order.companyId`. */
  tenant?: string;
  /** Path to the row's owner (a user id), for `_own` permissions: `ownerId`, `order.ownerId`. */
  owner?: string;
  /** Permission prefix; defaults to the model name in snake_case (`OrderItem` → `order_item`). */
  permission?: string;
  /** `shadow` logs what would be denied and allows; defaults to the module's mode. */
  mode?: 'enforce' | 'shadow';
}

export interface RailRbacOptions {
  /** A YAML or JSON roles file (roles, permissions, inheritance, policies without conditions). */
  rolesFile?: string;
  /** Roles and policies in code; merged after the file's. */
  config?: RbacConfig;
  /** Policies with conditions (code only). */
  policies?: PolicyDefinition[];
  /**
   * How generated models are protected, by GraphQL type name, for models
   * whose entities do not say it themselves (`@TenantScoped`, `@OwnedBy`,
   * `@PermissionPrefix`); an entry here wins over the decorators. A model in
   * neither is denied to everyone.
   */
  models?: Record<string, RbacModelOptions>;
  /** The app's user entity, for role assignment (`roles` column) and explain. */
  userEntity: new () => { id: number | string; roles: string[]; companyId: number | string | null };
  mode?: 'enforce' | 'shadow';
}

export const RAIL_RBAC_OPTIONS = Symbol('RAIL_RBAC_OPTIONS');

const mode = z.enum(['enforce', 'shadow']);

const propertyPath = z.string().regex(/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/, {
  message: 'expected a property path such as companyId or order.companyId',
});

const classOf = <T>(message: string) => z.custom<T>((value) => typeof value === 'function', { message });

const modelOptionsSchema = z.strictObject({
  entity: classOf<RbacModelOptions['entity']>('expected the entity class'),
  tenant: propertyPath.optional(),
  owner: propertyPath.optional(),
  permission: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/, { message: 'expected a snake_case permission prefix such as order_item' })
    .optional(),
  mode: mode.optional(),
});

/**
 * Validates the module's options when the app starts. Roles and policies are
 * checked in depth here too; whether every inherited or named role exists is
 * checked once the roles file's are merged in.
 */
export const rbacOptionsSchema: z.ZodType<RailRbacOptions, RailRbacOptions> = z.strictObject({
  rolesFile: z.string().min(1).optional(),
  config: rbacConfigShapeSchema.optional(),
  policies: policyListSchema.optional(),
  models: z.record(z.string().min(1), modelOptionsSchema).optional(),
  userEntity: classOf<RailRbacOptions['userEntity']>('expected the user entity class'),
  mode: mode.optional(),
});

/** The permission prefix of a model: configured, or its name in snake_case (`OrderItem` → `order_item`). */
export function permissionPrefix(model: string, options: RbacModelOptions | undefined): string {
  return options?.permission ?? toPermissionModel(model);
}

/** Generated operations and the permission action they need; a model action (confirm, ship) is an update. */
export function actionFor(operation: string): string {
  switch (operation) {
    case 'list':
    case 'retrieve':
      return 'view';
    case 'create':
    case 'update':
    case 'delete':
    case 'export':
      return operation;
    default:
      return 'update';
  }
}

/** `order.companyId` → `{ order: { companyId: { eq: value } } }`: a condition in the schema's filter language. */
export function conditionAt(path: string, value: unknown): Record<string, unknown> {
  const [head, ...rest] = path.split('.');
  return rest.length === 0 ? { [head]: { eq: value } } : { [head]: conditionAt(rest.join('.'), value) };
}
