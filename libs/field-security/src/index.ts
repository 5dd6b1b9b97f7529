export { RailFieldSecurityModule, type RailFieldSecurityAsyncOptions } from './rail-field-security.module.js';
export { type RailFieldSecurityOptions, RAIL_FIELD_SECURITY_OPTIONS } from './rail-field-security.options.js';
export { FieldPolicy, fieldPoliciesOf } from './field-policy.decorator.js';
export type { FieldPolicyOptions, AccessRule, Mask, PrincipalChecks } from './field-policy.types.js';
export { maskEmail, maskPhone } from './masks.js';
export { FieldVisibility } from './field-visibility.service.js';
export { FieldPolicyRegistry } from './field-policy.registry.js';
