import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { railLibraryModule, type RailLibraryAsyncOptions } from '@rail/core';
import { HealthController } from './health.controller.js';
import { HealthResolver } from './health.resolver.js';
import { LifecycleState } from './lifecycle-state.service.js';
import { ProcessMetrics } from './process-metrics.service.js';
import { healthOptionsSchema, RAIL_HEALTH_OPTIONS, type RailHealthOptions } from './rail-health.options.js';
import { ReadinessService } from './readiness.service.js';
import { redisHealthProvider } from './redis-health.provider.js';

/** `forRootAsync`'s argument; a `useClass` / `useExisting` class implements `createHealthOptions()`. */
export type RailHealthAsyncOptions = RailLibraryAsyncOptions<RailHealthOptions, 'createHealthOptions'>;

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
export class RailHealthModule extends railLibraryModule({
  name: 'RailHealthModule',
  schema: healthOptionsSchema,
  optionsToken: RAIL_HEALTH_OPTIONS,
  factoryMethodName: 'createHealthOptions',
  module: {
    // Terminus logs nothing: the readiness service logs each component's failure once, with its cause.
    imports: [TerminusModule.forRoot({ logger: false })],
    controllers: [HealthController],
    providers: [LifecycleState, ReadinessService, ProcessMetrics, redisHealthProvider, HealthResolver],
    exports: [LifecycleState, ReadinessService, ProcessMetrics],
  },
}) {}
