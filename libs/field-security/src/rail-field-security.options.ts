import type { FieldPolicyOptions, PrincipalChecks } from './field-policy.types.js';

export interface RailFieldSecurityOptions {
  /**
   * The models whose entities carry `@FieldPolicy`, by GraphQL type name.
   * Default: every model of the core's `ModelRegistry` (the generated API's).
   */
  models?: Record<string, abstract new (...args: never[]) => unknown>;
  /** Defaults per classification (`pii`, `financial`), so that a field only names its class. */
  classifications?: Record<string, Omit<FieldPolicyOptions, 'classification'>>;
  /** `reject` (default): a mutation setting a field the caller may not write is refused; `strip`: the field is dropped. */
  writeMode?: 'reject' | 'strip';
  /**
   * How to ask about roles and permissions. Default: the core's
   * `PermissionChecker` (provided by @rail/rbac); with neither, an app that
   * has field policies does not start.
   */
  checks?: PrincipalChecks;
}

export const RAIL_FIELD_SECURITY_OPTIONS = Symbol('RAIL_FIELD_SECURITY_OPTIONS');
