import {
  Inject,
  Logger,
  type MiddlewareConsumer,
  Module,
  type NestModule,
  type OnApplicationShutdown,
  type OnModuleInit,
  RequestMethod,
} from '@nestjs/common';
import {
  RAIL_OPTIONS,
  railLibraryModule,
  type RailLibraryAsyncOptions,
  RequestContext,
  type ResolvedRailOptions,
} from '@rail/core';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { GraphqlObservationPlugin } from './graphql/graphql-observation.plugin.js';
import { RAIL_LOG_DESTINATION } from './logs/log-destination.js';
import { createLoggerParams } from './logs/logger-params.factory.js';
import { METRICS_ACCESS, type MetricsAccess, resolveMetricsAccess } from './metrics/metrics-access.js';
import { MetricsEndpointMiddleware } from './metrics/metrics-endpoint.middleware.js';
import { RailMetrics } from './metrics/rail-metrics.service.js';
import { SignalMetrics } from './metrics/signal-metrics.listener.js';
import {
  checkObservabilityOptions,
  observabilityOptionsSchema,
  RAIL_OBSERVABILITY_OPTIONS,
  type RailObservabilityOptions,
  type ResolvedObservabilityOptions,
} from './rail-observability.options.js';
import { RequestObservationMiddleware } from './request/request-observation.middleware.js';
import { traceBridge } from './tracing/trace-bridge.js';

/** `forRootAsync`'s argument; a `useClass` / `useExisting` class implements `createObservabilityOptions()`. */
export type RailObservabilityAsyncOptions = RailLibraryAsyncOptions<
  RailObservabilityOptions,
  'createObservabilityOptions'
>;

// As nestjs-pino mounts its own: every path, including the bare root.
const EVERY_ROUTE = { path: '{/*splat}', method: RequestMethod.ALL };

/**
 * Logs, metrics and traces for a Rail app: pino JSON lines (through
 * nestjs-pino) with the request id, user, company, GraphQL operation,
 * duration and outcome, credentials redacted; Prometheus metrics at
 * `/metrics` behind a bearer token; OpenTelemetry spans tagged with the
 * request id when the app runs with `--import @rail/observability/register`.
 * Import it after `RailModule` (its middleware reads the request context).
 *
 * @example
 * RailObservabilityModule.forRoot({ logs: { level: 'info' }, metrics: { token: process.env.METRICS_TOKEN } })
 * // main.ts: NestFactory.create(AppModule, { bufferLogs: true }); app.useLogger(app.get(RailLogger));
 */
@Module({})
export class RailObservabilityModule
  extends railLibraryModule({
    name: 'RailObservabilityModule',
    schema: observabilityOptionsSchema,
    optionsToken: RAIL_OBSERVABILITY_OPTIONS,
    factoryMethodName: 'createObservabilityOptions',
    resolve: (options) => checkObservabilityOptions(options, process.env),
    module: {
      imports: [
        // nestjs-pino's module reads the options from this global module's exports.
        LoggerModule.forRootAsync({
          inject: [RAIL_OBSERVABILITY_OPTIONS, { token: RAIL_LOG_DESTINATION, optional: true }],
          useFactory: (resolved: ResolvedObservabilityOptions, destination?: DestinationStream) =>
            createLoggerParams(resolved, destination ?? resolved.logs.destination),
        }),
      ],
      providers: [
        {
          provide: METRICS_ACCESS,
          inject: [RAIL_OBSERVABILITY_OPTIONS, RAIL_OPTIONS],
          useFactory: (resolved: ResolvedObservabilityOptions, rail: ResolvedRailOptions) =>
            resolveMetricsAccess(resolved.metrics, rail.production),
        },
        RailMetrics,
        SignalMetrics,
        GraphqlObservationPlugin,
      ],
      exports: [RAIL_OBSERVABILITY_OPTIONS, RailMetrics, LoggerModule],
    },
  })
  implements NestModule, OnModuleInit, OnApplicationShutdown
{
  private readonly logger = new Logger('Observability');

  constructor(
    @Inject(RAIL_OBSERVABILITY_OPTIONS) private readonly options: ResolvedObservabilityOptions,
    @Inject(METRICS_ACCESS) private readonly access: MetricsAccess,
    private readonly context: RequestContext,
  ) {
    super();
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestObservationMiddleware).forRoutes(EVERY_ROUTE);
    if (this.access.kind !== 'off')
      consumer
        .apply(MetricsEndpointMiddleware)
        .forRoutes({ path: this.options.metrics.path, method: RequestMethod.GET });
  }

  onModuleInit(): void {
    const bridge = traceBridge();
    bridge.requestId = () => this.context.requestId;
    const { path } = this.options.metrics;
    if (this.access.kind === 'token') this.logger.log(`Metrics at GET ${path} (bearer token)`);
    else if (this.access.kind === 'open')
      this.logger.log(`Metrics at GET ${path}, open without a token (allowed outside production)`);
    else if (this.access.reason === 'no token in production')
      this.logger.warn(
        `Metrics are collected but GET ${path} is not served: production needs a token (metrics.token)`,
      );
    if (bridge.activeSpan) this.logger.log('Traces: OpenTelemetry is on (OTEL_* environment)');
  }

  /** Pending spans are exported before the process ends (within a time limit). */
  async onApplicationShutdown(): Promise<void> {
    await traceBridge().shutdown?.();
  }
}
