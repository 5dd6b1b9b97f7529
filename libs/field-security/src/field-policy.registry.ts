import { Inject, Injectable, Optional } from '@nestjs/common';
import { ModelRegistry, PermissionChecker, RailConfigurationError } from '@rail/core';
import { CompiledFieldPolicy } from './compiled-field-policy.js';
import { fieldPoliciesOf } from './field-policy.decorator.js';
import type { PrincipalChecks } from './field-policy.types.js';
import { RAIL_FIELD_SECURITY_OPTIONS, type RailFieldSecurityOptions } from './rail-field-security.options.js';

type EntityClass = abstract new (...args: never[]) => unknown;

/** Every field policy, compiled once at start-up: per model, per field. */
@Injectable()
export class FieldPolicyRegistry {
  private readonly byModel = new Map<string, ReadonlyMap<string, CompiledFieldPolicy>>();
  /** The entities whose policies were read, by model name. */
  readonly models: Readonly<Record<string, EntityClass>>;

  constructor(
    @Inject(RAIL_FIELD_SECURITY_OPTIONS) readonly options: RailFieldSecurityOptions,
    @Optional() registry?: ModelRegistry,
    @Optional() permissions?: PermissionChecker,
  ) {
    const models: Record<string, EntityClass> =
      options.models ??
      Object.fromEntries((registry?.models ?? []).map((model) => [model.name, model.entity]));
    this.models = models;
    let checks: PrincipalChecks | undefined = options.checks ?? (permissions && checksOf(permissions));
    for (const [model, entity] of Object.entries(models)) {
      const compiled = new Map<string, CompiledFieldPolicy>();
      for (const [field, own] of fieldPoliciesOf(entity)) {
        const defaults = own.classification ? options.classifications?.[own.classification] : {};
        if (!defaults) {
          throw new RailConfigurationError(
            `${model}.${field}: unknown classification "${own.classification}"`,
          );
        }
        checks ??= noChecker(`${model}.${field}`);
        compiled.set(field, new CompiledFieldPolicy(`${model}.${field}`, { ...defaults, ...own }, checks));
      }
      this.byModel.set(model, compiled);
    }
  }

  policiesOf(model: string): ReadonlyMap<string, CompiledFieldPolicy> {
    return this.byModel.get(model) ?? new Map();
  }
}

function checksOf(permissions: PermissionChecker): PrincipalChecks {
  return {
    hasRole: (principal, role) => permissions.hasRole(principal, [role]),
    hasPermission: (principal, permission) => permissions.hasPermission(principal, permission),
  };
}

/** A policy nobody can decide would be open or shut by accident: the app does not start. */
function noChecker(field: string): never {
  throw new RailConfigurationError(
    `${field} has a field policy, but nothing answers for roles and permissions: import RailRbacModule ` +
      '(its PermissionChecker) or give RailFieldSecurityModule `checks`',
  );
}
