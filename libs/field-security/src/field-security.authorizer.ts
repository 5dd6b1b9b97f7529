import { Inject } from '@nestjs/common';
import {
  RailExtension,
  RailExtensionPoint,
  type FieldAccessRequest,
  type FieldAuthorizer,
  type FieldReadAccess,
} from '@rail/core';
import { FieldPolicyRegistry } from './field-policy.registry.js';
import { RAIL_FIELD_SECURITY_OPTIONS, type RailFieldSecurityOptions } from './rail-field-security.options.js';

/** Field policies on every path of the generated API: reads, filters, ordering, quick search, writes. */
@RailExtension(RailExtensionPoint.FieldAuthorizer)
export class FieldSecurityAuthorizer implements FieldAuthorizer {
  readonly writeMode: 'reject' | 'strip';

  constructor(
    private readonly registry: FieldPolicyRegistry,
    @Inject(RAIL_FIELD_SECURITY_OPTIONS) options: RailFieldSecurityOptions,
  ) {
    this.writeMode = options.writeMode ?? 'reject';
  }

  readAccess({ principal, model }: FieldAccessRequest): Map<string, FieldReadAccess> {
    const access = new Map<string, FieldReadAccess>();
    for (const [field, policy] of this.registry.policiesOf(model))
      access.set(field, policy.readAccess(principal));
    return access;
  }

  deniedWrites({ principal, model, fields, row }: FieldAccessRequest): Set<string> {
    const policies = this.registry.policiesOf(model);
    return new Set(fields.filter((field) => policies.get(field)?.mayWrite(principal, row) === false));
  }
}
