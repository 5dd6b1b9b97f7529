import type { RailPrincipal } from '@rail/core';
import { z } from 'zod';
import type { AccessRule, FieldPolicyOptions, Mask, PrincipalChecks } from './field-policy.types.js';

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

const isFunction = (value: unknown): boolean => typeof value === 'function';

const accessRule: z.ZodType<AccessRule, AccessRule> = z.strictObject({
  roles: z.array(z.string().min(1)).optional(),
  permissions: z.array(z.string().min(1)).optional(),
  condition: z
    .custom<(principal: RailPrincipal) => boolean>(isFunction, {
      message: 'expected a function (principal) => boolean',
    })
    .optional(),
  row: z
    .strictObject({
      requires: z.array(z.string().min(1)),
      allows: z.custom<NonNullable<AccessRule['row']>['allows']>(isFunction, {
        message: 'expected a function (principal, row) => boolean',
      }),
    })
    .optional(),
});

const mask = z.custom<Mask>((value) => typeof value === 'string' || isFunction(value), {
  message: 'expected a text or a function of the value',
});

const classificationDefaults = z.strictObject({
  read: accessRule.optional(),
  write: accessRule.optional(),
  denied: z.enum(['hidden', 'masked']).optional(),
  maskedFor: accessRule.optional(),
  mask: mask.optional(),
});

/** Validates the module's options when the app starts; the policies on the entities are checked as they compile. */
export const fieldSecurityOptionsSchema: z.ZodType<RailFieldSecurityOptions, RailFieldSecurityOptions> =
  z.strictObject({
    models: z
      .record(
        z.string().min(1),
        z.custom<abstract new (...args: never[]) => unknown>(isFunction, {
          message: 'expected an entity class',
        }),
      )
      .optional(),
    classifications: z.record(z.string().min(1), classificationDefaults).optional(),
    writeMode: z.enum(['reject', 'strip']).optional(),
    checks: z
      .custom<PrincipalChecks>(
        (value) =>
          typeof value === 'object' &&
          value !== null &&
          isFunction((value as Partial<PrincipalChecks>).hasRole) &&
          isFunction((value as Partial<PrincipalChecks>).hasPermission),
        { message: 'expected { hasRole(principal, role), hasPermission(principal, permission) }' },
      )
      .optional(),
  });
