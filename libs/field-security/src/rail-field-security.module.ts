import {
  type DynamicModule,
  type InjectionToken,
  Module,
  type OptionalFactoryDependency,
} from '@nestjs/common';
import { FieldAccessResolver } from './field-access.resolver.js';
import { FieldPolicyRegistry } from './field-policy.registry.js';
import { FieldSecurityAuthorizer } from './field-security.authorizer.js';
import { FieldSecurityMetadataContributor } from './field-security.metadata-contributor.js';
import { FieldVisibility } from './field-visibility.service.js';
import { RAIL_FIELD_SECURITY_OPTIONS, type RailFieldSecurityOptions } from './rail-field-security.options.js';

/**
 * Field-level security: `@FieldPolicy` and classifications decide per caller
 * whether a value is visible, masked or hidden, and who may write it.
 *
 * @example
 * RailFieldSecurityModule.forRootAsync({ inject: [RbacEngine], useFactory: (rbac) => ({ models, classifications, checks }) })
 */
@Module({})
export class RailFieldSecurityModule {
  static forRootAsync(options: {
    inject?: Array<InjectionToken | OptionalFactoryDependency>;
    useFactory: (...args: never[]) => RailFieldSecurityOptions;
  }): DynamicModule {
    return {
      module: RailFieldSecurityModule,
      providers: [
        {
          provide: RAIL_FIELD_SECURITY_OPTIONS,
          inject: options.inject ?? [],
          useFactory: options.useFactory,
        },
        FieldPolicyRegistry,
        FieldSecurityAuthorizer,
        FieldVisibility,
        FieldAccessResolver,
        FieldSecurityMetadataContributor,
      ],
      exports: [FieldVisibility, FieldPolicyRegistry],
    };
  }
}
