import {
  RailExtension,
  RailExtensionPoint,
  type ModelDescriptor,
  type ModelMetadataContributor,
} from '@rail/core';
import { fieldPoliciesOf } from './field-policy.decorator.js';
import { FieldPolicyRegistry } from './field-policy.registry.js';

/**
 * Adds each model's policed fields and their classifications to the model
 * metadata (`fieldSecurity: { fields: { email: { classification: 'pii' } } }`),
 * for schema descriptions and tools that list what is sensitive.
 */
@RailExtension(RailExtensionPoint.ModelMetadataContributor)
export class FieldSecurityMetadataContributor implements ModelMetadataContributor {
  readonly key = 'fieldSecurity';

  constructor(private readonly registry: FieldPolicyRegistry) {}

  contribute(model: ModelDescriptor): Readonly<Record<string, unknown>> | undefined {
    const entity = this.registry.models[model.name];
    if (!entity) return undefined;
    const fields = Object.fromEntries(
      [...fieldPoliciesOf(entity)].map(([field, policy]) => [
        field,
        { classification: policy.classification ?? null },
      ]),
    );
    // A model without policed fields has nothing to say.
    return Object.keys(fields).length > 0 ? { fields } : undefined;
  }
}
