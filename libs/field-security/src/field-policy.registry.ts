import { Inject, Injectable } from '@nestjs/common';
import { RailConfigurationError } from '@rail/core';
import { CompiledFieldPolicy } from './compiled-field-policy.js';
import { fieldPoliciesOf } from './field-policy.decorator.js';
import { RAIL_FIELD_SECURITY_OPTIONS, type RailFieldSecurityOptions } from './rail-field-security.options.js';

/** Every field policy, compiled once at start-up: per model, per field. */
@Injectable()
export class FieldPolicyRegistry {
  private readonly byModel = new Map<string, ReadonlyMap<string, CompiledFieldPolicy>>();

  constructor(@Inject(RAIL_FIELD_SECURITY_OPTIONS) readonly options: RailFieldSecurityOptions) {
    for (const [model, entity] of Object.entries(options.models)) {
      const compiled = new Map<string, CompiledFieldPolicy>();
      for (const [field, own] of fieldPoliciesOf(entity)) {
        const defaults = own.classification ? options.classifications?.[own.classification] : {};
        if (!defaults) {
          throw new RailConfigurationError(
            `${model}.${field}: unknown classification "${own.classification}"`,
          );
        }
        compiled.set(
          field,
          new CompiledFieldPolicy(`${model}.${field}`, { ...defaults, ...own }, options.checks),
        );
      }
      this.byModel.set(model, compiled);
    }
  }

  policiesOf(model: string): ReadonlyMap<string, CompiledFieldPolicy> {
    return this.byModel.get(model) ?? new Map();
  }
}
