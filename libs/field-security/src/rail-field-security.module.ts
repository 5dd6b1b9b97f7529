import { Module } from '@nestjs/common';
import { railLibraryModule, type RailLibraryAsyncOptions } from '@rail/core';
import { FieldAccessResolver } from './field-access.resolver.js';
import { FieldPolicyPermissionSource } from './field-policy.permission-source.js';
import { FieldPolicyRegistry } from './field-policy.registry.js';
import { FieldSecurityStartupCheck } from './field-security.startup-check.js';
import { FieldSecurityAuthorizer } from './field-security.authorizer.js';
import { FieldSecurityMetadataContributor } from './field-security.metadata-contributor.js';
import { FieldVisibility } from './field-visibility.service.js';
import {
  fieldSecurityOptionsSchema,
  RAIL_FIELD_SECURITY_OPTIONS,
  type RailFieldSecurityOptions,
} from './rail-field-security.options.js';

/** `forRootAsync`'s argument; a `useClass` / `useExisting` class implements `createFieldSecurityOptions()`. */
export type RailFieldSecurityAsyncOptions = RailLibraryAsyncOptions<
  RailFieldSecurityOptions,
  'createFieldSecurityOptions'
>;

/**
 * Field-level security: `@FieldPolicy` and classifications decide per caller
 * whether a value is visible, masked or hidden, and who may write it.
 *
 * @example
 * RailFieldSecurityModule.forRoot({ classifications: { pii: { read: { roles: ['admin'] } } }, writeMode: 'reject' })
 * RailFieldSecurityModule.forRootAsync({ inject: [RbacEngine], useFactory: (rbac) => ({ models, classifications, checks }) })
 */
@Module({})
export class RailFieldSecurityModule extends railLibraryModule({
  name: 'RailFieldSecurityModule',
  schema: fieldSecurityOptionsSchema,
  optionsToken: RAIL_FIELD_SECURITY_OPTIONS,
  factoryMethodName: 'createFieldSecurityOptions',
  module: {
    providers: [
      FieldPolicyRegistry,
      FieldSecurityAuthorizer,
      FieldVisibility,
      FieldAccessResolver,
      FieldSecurityMetadataContributor,
      FieldSecurityStartupCheck,
      FieldPolicyPermissionSource,
    ],
    exports: [FieldVisibility, FieldPolicyRegistry],
  },
}) {}
