import { Inject, Injectable, Optional } from '@nestjs/common';
import { didYouMean, ModelRegistry, PermissionChecker, RailConfigurationError } from '@rail/core';
import { CompiledFieldPolicy } from './compiled-field-policy.js';
import { fieldPoliciesOf } from './field-policy.decorator.js';
import type { AccessRule, FieldPolicyOptions, PrincipalChecks } from './field-policy.types.js';
import { RAIL_FIELD_SECURITY_OPTIONS, type RailFieldSecurityOptions } from './rail-field-security.options.js';

type EntityClass = abstract new (...args: never[]) => unknown;

/** A role or permission a field policy names, and where: for the start-up check of names. */
export interface FieldPolicyReference {
  /** `Customer.email`. */
  readonly field: string;
  /** The rule that names it. */
  readonly rule: 'read' | 'write' | 'maskedFor';
  readonly kind: 'role' | 'permission';
  readonly name: string;
  /** Set when the name comes from the module's classification rather than the field's `@FieldPolicy`. */
  readonly classification?: string;
}

const RULES = ['read', 'write', 'maskedFor'] as const;

/** Every field policy, compiled once at start-up: per model, per field. */
@Injectable()
export class FieldPolicyRegistry {
  private readonly byModel = new Map<string, ReadonlyMap<string, CompiledFieldPolicy>>();
  /** The entities whose policies were read, by model name. */
  readonly models: Readonly<Record<string, EntityClass>>;
  /** Every role and permission the policies name, checked against the app's roles at start-up. */
  readonly references: FieldPolicyReference[] = [];
  /** Mistakes found while compiling (an unknown classification), reported with the app's other start-up problems. */
  readonly problems: string[] = [];

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
        const classifications = options.classifications ?? {};
        const defaults = own.classification ? classifications[own.classification] : {};
        if (!defaults) {
          this.problems.push(
            `${model}.${field}: @FieldPolicy names the unknown classification "${own.classification}"` +
              didYouMean(own.classification ?? '', Object.keys(classifications)),
          );
        }
        checks ??= noChecker(`${model}.${field}`);
        const merged: FieldPolicyOptions = { ...defaults, ...own };
        this.references.push(...referencesOf(`${model}.${field}`, merged, own));
        compiled.set(field, new CompiledFieldPolicy(`${model}.${field}`, merged, checks));
      }
      this.byModel.set(model, compiled);
    }
  }

  policiesOf(model: string): ReadonlyMap<string, CompiledFieldPolicy> {
    return this.byModel.get(model) ?? new Map();
  }
}

/** The roles and permissions of a field's merged policy; those the field does not set come from its classification. */
function referencesOf(
  field: string,
  merged: FieldPolicyOptions,
  own: FieldPolicyOptions,
): FieldPolicyReference[] {
  return RULES.flatMap((rule) => {
    const access: AccessRule | undefined = merged[rule];
    const classification = own[rule] === undefined ? own.classification : undefined;
    const of = (kind: 'role' | 'permission', names: readonly string[] | undefined): FieldPolicyReference[] =>
      (names ?? []).map((name) => ({ field, rule, kind, name, classification }));
    return [...of('role', access?.roles), ...of('permission', access?.permissions)];
  });
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
