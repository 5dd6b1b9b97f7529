import {
  type DynamicModule,
  type InjectionToken,
  Module,
  type ModuleMetadata,
  type OptionalFactoryDependency,
  type Provider,
} from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller.js';
import { HealthResolver } from './health.resolver.js';
import { LifecycleState } from './lifecycle-state.service.js';
import { ProcessMetrics } from './process-metrics.service.js';
import { RAIL_HEALTH_OPTIONS, type RailHealthOptions, resolveHealthOptions } from './rail-health.options.js';
import { ReadinessService } from './readiness.service.js';
import { redisHealthProvider } from './redis-health.provider.js';

export interface RailHealthAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  inject?: Array<InjectionToken | OptionalFactoryDependency>;
  useFactory: (...args: never[]) => RailHealthOptions | Promise<RailHealthOptions>;
}

/**
 * Probes and graceful shutdown: `GET /health/live`, `/health/ready` and
 * `/health/startup` (public), the `health` GraphQL query (permission
 * `health.view`), and a drain delay on shutdown. Call
 * `app.enableShutdownHooks()` in `main.ts` so that SIGTERM runs it.
 *
 * @example
 * RailHealthModule.forRoot({ redisUrl: process.env.REDIS_URL, timeoutMs: 1000, shutdownDelayMs: 5000 })
 */
@Module({})
export class RailHealthModule {
  static forRoot(options: RailHealthOptions = {}): DynamicModule {
    return RailHealthModule.with({ provide: RAIL_HEALTH_OPTIONS, useValue: resolveHealthOptions(options) });
  }

  /** Options read when the app is created (environment, configuration service), not when the module is imported. */
  static forRootAsync(options: RailHealthAsyncOptions): DynamicModule {
    return RailHealthModule.with(
      {
        provide: RAIL_HEALTH_OPTIONS,
        inject: options.inject ?? [],
        useFactory: async (...args: never[]) => resolveHealthOptions(await options.useFactory(...args)),
      },
      options.imports,
    );
  }

  private static with(options: Provider, imports: ModuleMetadata['imports'] = []): DynamicModule {
    return {
      module: RailHealthModule,
      global: true,
      // Terminus logs nothing: the readiness service logs each component's failure once, with its cause.
      imports: [...imports, TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController],
      providers: [
        options,
        LifecycleState,
        ReadinessService,
        ProcessMetrics,
        redisHealthProvider,
        HealthResolver,
      ],
      exports: [LifecycleState, ReadinessService, ProcessMetrics],
    };
  }
}
