import 'reflect-metadata';

const TENANT_PATH = Symbol('rail:tenant-path');
const OWNER_PATH = Symbol('rail:owner-path');
const PERMISSION_PREFIX = Symbol('rail:permission-prefix');

type EntityClass = abstract new (...args: never[]) => unknown;

/**
 * The model's rows belong to one tenant each, at this path: a column
 * (`companyId`), the primary key of the tenant table itself (`id`), or a
 * column through to-one relations (`order.companyId`). The rbac library
 * scopes every statement on the model to the signed-in principal's tenant;
 * a model without it (and without an entry in the rbac options) is denied
 * to everyone.
 *
 * @example
 * @TenantScoped('companyId') @OwnedBy('ownerId') @Entity() export class Order { ... }
 */
export function TenantScoped(path: string): ClassDecorator {
  return (target) => Reflect.defineMetadata(TENANT_PATH, path, target);
}

/** The user who owns a row, at this path (`ownerId`, `order.ownerId`): what `_own` permissions compare. */
export function OwnedBy(path: string): ClassDecorator {
  return (target) => Reflect.defineMetadata(OWNER_PATH, path, target);
}

/**
 * The prefix of the model's permissions (`@PermissionPrefix('webhook')` →
 * `webhook.view`, `webhook.create`, …); by default the model's name in
 * snake_case (`OrderItem` → `order_item`).
 */
export function PermissionPrefix(prefix: string): ClassDecorator {
  return (target) => Reflect.defineMetadata(PERMISSION_PREFIX, prefix, target);
}

export function tenantPathOf(entity: EntityClass): string | undefined {
  return Reflect.getMetadata(TENANT_PATH, entity) as string | undefined;
}

export function ownerPathOf(entity: EntityClass): string | undefined {
  return Reflect.getMetadata(OWNER_PATH, entity) as string | undefined;
}

export function permissionPrefixOf(entity: EntityClass): string | undefined {
  return Reflect.getMetadata(PERMISSION_PREFIX, entity) as string | undefined;
}
