import { Injectable } from '@nestjs/common';
import type { RailPrincipal } from '@rail/core';
import { FieldPolicyRegistry } from './field-policy.registry.js';

/**
 * "What may this principal see of this row": the one answer exports, reports,
 * webhooks and audit diffs use, so that they cannot diverge from the API.
 */
@Injectable()
export class FieldVisibility {
  constructor(private readonly registry: FieldPolicyRegistry) {}

  project(
    principal: RailPrincipal | undefined,
    model: string,
    row: Readonly<Record<string, unknown>>,
  ): Record<string, unknown> {
    const projected: Record<string, unknown> = { ...row };
    for (const [field, policy] of this.registry.policiesOf(model)) {
      if (!(field in projected)) continue;
      const decision = policy.readAccess(principal);
      const access = decision.visibility === 'per-row' ? decision.decide(row) : decision;
      const value = projected[field];
      if (access.visibility === 'hidden') projected[field] = null;
      else if (access.visibility === 'masked')
        projected[field] = value === null || value === undefined ? null : access.mask(value);
    }
    return projected;
  }
}
