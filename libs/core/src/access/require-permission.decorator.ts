import 'reflect-metadata';
import { ACCESS_REQUIREMENT } from './access-requirement.decorator.js';

export const REQUIRED_PERMISSIONS = 'rail:rbac:required-permissions';

export interface PermissionRequirement {
  readonly permissions: readonly string[];
  /** On an entity: the generated operations this applies to (`list`, `retrieve`, `create`, …); all when absent. */
  readonly operations?: readonly string[];
}

/**
 * Requires every listed permission. On a resolver, resolver method or
 * controller it guards the handler; on an entity it replaces the default
 * `<model>.<action>` of the given generated operations.
 *
 * @example
 * @RequirePermission('order.update') @Mutation(() => Boolean) refund(...) { ... }
 * @RequirePermission('order.view', { operations: ['list', 'retrieve'] }) @Entity() class OrderItem { ... }
 */
export function RequirePermission(
  ...args: [...permissions: string[], options: { operations: readonly string[] }] | string[]
): ClassDecorator & MethodDecorator {
  const items: ReadonlyArray<string | { operations: readonly string[] }> = args;
  const last = items.at(-1);
  const options = typeof last === 'object' ? last : undefined;
  const permissions = items.filter((arg): arg is string => typeof arg === 'string');
  const requirement: PermissionRequirement = { permissions, operations: options?.operations };
  return (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    const holder = (descriptor?.value as object | undefined) ?? target;
    const existing =
      (Reflect.getMetadata(REQUIRED_PERMISSIONS, holder) as PermissionRequirement[] | undefined) ?? [];
    Reflect.defineMetadata(REQUIRED_PERMISSIONS, [...existing, requirement], holder);
    Reflect.defineMetadata(ACCESS_REQUIREMENT, 'permission', holder);
  };
}

/** The requirements declared on a class or handler. */
export function permissionRequirementsOf(holder: object): readonly PermissionRequirement[] {
  return (Reflect.getMetadata(REQUIRED_PERMISSIONS, holder) as PermissionRequirement[] | undefined) ?? [];
}

/** The permissions an entity declares for one generated operation; undefined when it declares none. */
export function entityPermissionsFor(entity: object, operation: string): readonly string[] | undefined {
  const matching = permissionRequirementsOf(entity).filter(
    (requirement) => !requirement.operations || requirement.operations.includes(operation),
  );
  return matching.length > 0 ? matching.flatMap((requirement) => requirement.permissions) : undefined;
}
