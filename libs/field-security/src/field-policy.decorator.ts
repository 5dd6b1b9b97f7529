import 'reflect-metadata';
import { markWithholdable } from '@rail/core';
import type { FieldPolicyOptions } from './field-policy.types.js';

const FIELD_POLICIES = Symbol('rail:field-policies');

/**
 * Decides per caller whether a field's value is visible, masked or hidden,
 * and who may write it. Such a field is nullable in the generated schema.
 *
 * @example
 * @FieldPolicy({ classification: 'pii' })
 * @Column() email!: string;
 */
export function FieldPolicy(options: FieldPolicyOptions): PropertyDecorator {
  return (target, property) => {
    const policies = new Map(fieldPoliciesOf(target.constructor));
    policies.set(String(property), options);
    Reflect.defineMetadata(FIELD_POLICIES, policies, target.constructor);
    markWithholdable(target.constructor, String(property));
  };
}

export function fieldPoliciesOf(entity: object): ReadonlyMap<string, FieldPolicyOptions> {
  return (
    (Reflect.getMetadata(FIELD_POLICIES, entity) as Map<string, FieldPolicyOptions> | undefined) ?? new Map()
  );
}
