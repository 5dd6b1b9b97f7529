import {
  RailExtension,
  RailExtensionPoint,
  type ModelDescriptor,
  type ModelMetadataContributor,
} from '@rail/core';
import { auditedOptionsOf } from './audited.decorator.js';

/**
 * Adds to each model's metadata whether its writes (and reads) go to the
 * audit trail, and which fields the trail leaves out:
 * `audit: { audited: true, reads: false, redacted: ['notes'] }`.
 */
@RailExtension(RailExtensionPoint.ModelMetadataContributor)
export class AuditMetadataContributor implements ModelMetadataContributor {
  readonly key = 'audit';

  contribute(model: ModelDescriptor): Readonly<Record<string, unknown>> {
    const options = auditedOptionsOf(model.target);
    if (!options) return { audited: false };
    return { audited: true, reads: options.reads ?? false, redacted: [...(options.redact ?? [])] };
  }
}
