import { RailExtension, RailExtensionPoint, type PermissionSource } from '@rail/core';
import { FieldPolicyRegistry } from './field-policy.registry.js';

/** The permissions field policies let through (`read: { permissions: [...] }`): a role may be granted them. */
@RailExtension(RailExtensionPoint.PermissionSource)
export class FieldPolicyPermissionSource implements PermissionSource {
  constructor(private readonly policies: FieldPolicyRegistry) {}

  declaredPermissions(): string[] {
    return this.policies.references.filter((reference) => reference.kind === 'permission').map((r) => r.name);
  }
}
