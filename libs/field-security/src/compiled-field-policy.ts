import {
  RailConfigurationError,
  type FieldReadAccess,
  type RailPrincipal,
  type StaticFieldReadAccess,
} from '@rail/core';
import type { AccessRule, FieldPolicyOptions, PrincipalChecks } from './field-policy.types.js';

/** A field's policy with its classification merged in, checked once at start-up. */
export class CompiledFieldPolicy {
  private readonly maskFn: (value: string) => string;

  constructor(
    readonly coordinate: string,
    private readonly options: FieldPolicyOptions,
    private readonly checks: PrincipalChecks,
  ) {
    const { mask } = options;
    this.maskFn = typeof mask === 'function' ? mask : () => mask ?? '***';
    if ((options.denied === 'masked' || options.maskedFor) && options.mask === undefined) {
      throw new RailConfigurationError(`Field policy of ${coordinate}: a masked field needs a mask`);
    }
  }

  private allows(rule: AccessRule | undefined, principal: RailPrincipal | undefined): boolean {
    if (!rule || !principal) return false;
    if (rule.roles?.some((role) => this.checks.hasRole(principal, role))) return true;
    if (rule.permissions?.some((permission) => this.checks.hasPermission(principal, permission))) return true;
    try {
      return rule.condition?.(principal) === true;
    } catch {
      // A condition that fails grants nothing.
      return false;
    }
  }

  /** Visible, masked or hidden for this principal: one decision per request, unless the rule looks at the row. */
  readAccess(principal: RailPrincipal | undefined): FieldReadAccess {
    const visible: StaticFieldReadAccess = { visibility: 'visible' };
    if (this.allows(this.options.read, principal)) return visible;
    const denied = this.deniedAccess(principal);
    const rowRule = this.options.read?.row;
    if (!rowRule || !principal) return denied;
    return {
      visibility: 'per-row',
      requires: rowRule.requires,
      decide: (row) => {
        try {
          return rowRule.allows(principal, row) ? visible : denied;
        } catch {
          return denied;
        }
      },
    };
  }

  private deniedAccess(principal: RailPrincipal | undefined): StaticFieldReadAccess {
    if (this.options.denied === 'masked' || this.allows(this.options.maskedFor, principal)) {
      return {
        visibility: 'masked',
        mask: (value: unknown) => this.maskFn(typeof value === 'string' ? value : JSON.stringify(value)),
      };
    }
    return { visibility: 'hidden' };
  }

  /** Whether the principal may write the field; a rule that looks at the row needs the row. */
  mayWrite(principal: RailPrincipal | undefined, row?: Readonly<Record<string, unknown>>): boolean {
    const rule = this.options.write ?? this.options.read;
    if (this.allows(rule, principal)) return true;
    if (!rule?.row || !principal || !row) return false;
    try {
      return rule.row.allows(principal, row);
    } catch {
      return false;
    }
  }
}
