import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { RailExceptionFilter } from './errors/rail-exception.filter.js';
import { GraphQLModule } from '@nestjs/graphql';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RequestContextModule } from './context/request-context.module.js';
import { RequestContext } from './context/request-context.service.js';
import { createTypeOrmOptions } from './database/typeorm-options.factory.js';
import { SqlStatementTiming } from './database/sql-statement-timing.subscriber.js';
import { RailExtensions } from './extension-points/rail-extensions.service.js';
import { createGraphqlOptions } from './graphql/graphql-options.factory.js';
import { GraphqlSchemaTransforms } from './graphql/graphql-schema-transforms.js';
import {
  ConfigurableRailModule,
  RAIL_ASYNC_OPTIONS_TYPE,
  RAIL_MODULE_OPTIONS,
  RAIL_OPTIONS_TYPE,
} from './options/rail-module-definition.js';
import { RAIL_OPTIONS } from './options/rail-options.constants.js';
import type { RailModuleOptions, ResolvedRailOptions } from './options/rail-options.schema.js';
import { resolveRailOptions } from './options/resolve-rail-options.js';
import { RailGuardPipeline } from './access/rail-guard-pipeline.js';
import { RailEvents } from './events/rail-events.service.js';
import { RailSignals } from './signals/rail-signals.service.js';
import { RailHttpModule } from './http/rail-http.module.js';
import { StatementTimeouts } from './database/statement-timeouts.js';
import { BrokenConnections } from './database/broken-connections.js';
import { ServiceUnavailableStatusPlugin } from './graphql/service-unavailable-status.plugin.js';
import { ExpensiveOperations } from './limits/expensive-operations.js';
import { RootFieldAccessCheck } from './access/root-field-access.check.js';
import { CoreStartupCheck } from './startup/core-startup.check.js';
import { StartupChecks } from './startup/startup-checks.js';

/**
 * The one import a Rail app needs: validated options, the database, GraphQL,
 * the request context and the extension points the other libraries plug into.
 *
 * @example
 * @Module({ imports: [RailModule.forRoot({ entities: [Product, Category] })] })
 * export class AppModule {}
 */
@Module({})
export class RailModule extends ConfigurableRailModule {
  static override forRoot(options: typeof RAIL_OPTIONS_TYPE): DynamicModule {
    return RailModule.withInfrastructure(super.forRoot(options));
  }

  static override forRootAsync(options: typeof RAIL_ASYNC_OPTIONS_TYPE): DynamicModule {
    return RailModule.withInfrastructure(super.forRootAsync(options));
  }

  private static withInfrastructure(base: DynamicModule): DynamicModule {
    return {
      ...base,
      global: true,
      imports: [
        ...(base.imports ?? []),
        DiscoveryModule,
        RequestContextModule,
        RailHttpModule,
        TypeOrmModule.forRootAsync({
          inject: [RAIL_OPTIONS, RequestContext],
          useFactory: (options: ResolvedRailOptions, context: RequestContext) =>
            createTypeOrmOptions(options, () => context.countSqlStatement()),
        }),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [RAIL_OPTIONS, RequestContext, GraphqlSchemaTransforms, RailExtensions, RailSignals],
          useFactory: createGraphqlOptions,
        }),
      ],
      providers: [
        ...(base.providers ?? []),
        {
          provide: RAIL_OPTIONS,
          inject: [RAIL_MODULE_OPTIONS],
          useFactory: (options: RailModuleOptions) => resolveRailOptions(options),
        },
        RailExtensions,
        RailSignals,
        RailEvents,
        SqlStatementTiming,
        StatementTimeouts,
        BrokenConnections,
        ServiceUnavailableStatusPlugin,
        ExpensiveOperations,
        GraphqlSchemaTransforms,
        RootFieldAccessCheck,
        CoreStartupCheck,
        StartupChecks,
        { provide: APP_FILTER, useClass: RailExceptionFilter },
        { provide: APP_GUARD, useClass: RailGuardPipeline },
      ],
      exports: [
        RAIL_OPTIONS,
        RailExtensions,
        RailSignals,
        RailEvents,
        ExpensiveOperations,
        GraphqlSchemaTransforms,
        RequestContextModule,
      ],
    };
  }
}
