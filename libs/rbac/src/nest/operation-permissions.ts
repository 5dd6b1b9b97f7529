import { entityPermissionsFor } from '@rail/core';
import { actionFor, permissionPrefix, type RbacModelOptions } from './rail-rbac.options.js';

/**
 * The permissions a generated operation on a model needs, all of them: the
 * entity's own declaration for the operation (`@RequirePermission` on the
 * entity), else `<model>.<action>`. One function, so that enforcement and
 * explain can never ask different questions.
 */
export function operationPermissions(
  model: string,
  modelOptions: RbacModelOptions,
  operation: string,
): readonly string[] {
  return (
    entityPermissionsFor(modelOptions.entity, operation) ?? [
      `${permissionPrefix(model, modelOptions)}.${actionFor(operation)}`,
    ]
  );
}
