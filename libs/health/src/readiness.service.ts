import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  ServiceUnavailableException,
} from '@nestjs/common';
import {
  type HealthCheckResult,
  HealthCheckService,
  type HealthIndicatorFunction,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { RailConfigurationError, RailExtensions, type ReadinessCheck } from '@rail/core';
import { DataSource } from 'typeorm';
import {
  BUILT_IN_COMPONENTS,
  COMPONENT_NAME,
  type ComponentHealth,
  type ReadinessReport,
} from './component-health.js';
import { RAIL_HEALTH_OPTIONS, type ResolvedHealthOptions } from './rail-health.options.js';
import { REDIS_HEALTH_CHECK } from './redis-health.provider.js';

/**
 * Checks what the instance needs to serve traffic, in parallel and each under
 * the configured timeout: the database, Redis when configured, and every
 * `ReadinessCheck` registered with the core. The instance is unready when the
 * database or a check without `whenDown: 'degraded'` is down, and degraded
 * (still ready) when only such checks are, as Redis is. The report holds
 * names, states and timings only; why a component failed goes to the log.
 */
@Injectable()
export class ReadinessService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Health');
  /** The last failure logged per component, so that a probe every few seconds logs a change once. */
  private readonly lastFailures = new Map<string, string>();

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly typeOrm: TypeOrmHealthIndicator,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly extensions: RailExtensions,
    @Inject(REDIS_HEALTH_CHECK) private readonly redis: ReadinessCheck | null,
    @Inject(RAIL_HEALTH_OPTIONS) private readonly options: ResolvedHealthOptions,
  ) {}

  /** After every onModuleInit, so the core has discovered the registered checks. */
  onApplicationBootstrap(): void {
    const seen = new Set<string>(BUILT_IN_COMPONENTS);
    for (const check of this.extensions.readinessChecks) {
      if (!COMPONENT_NAME.test(check.name)) {
        throw new RailConfigurationError(
          `Readiness check ${check.constructor.name} is named ${JSON.stringify(check.name)}: expected a letter, then letters, digits, ".", "_" or "-"`,
        );
      }
      if (seen.has(check.name)) {
        throw new RailConfigurationError(
          `Two readiness components are named "${check.name}" (${check.constructor.name}); give each its own name`,
        );
      }
      seen.add(check.name);
    }
  }

  async check(): Promise<ReadinessReport> {
    const timeout = this.options.timeoutMs;
    const checks: ReadinessCheck[] = [
      ...(this.redis ? [this.redis] : []),
      ...this.extensions.readinessChecks,
    ];
    const names = ['database', ...checks.map((check) => check.name)];
    const indicators: HealthIndicatorFunction[] = [
      () => this.typeOrm.pingCheck('database', { connection: this.dataSource, timeout }),
      ...checks.map(
        (check) => () =>
          this.indicators
            .check(check.name)
            .attempt(() => check.check())
            .withTimeout(timeout),
      ),
    ];
    const result = await this.run(indicators);
    const components = names.map((name) => this.component(name, result.details[name]));
    const tolerated = new Set(
      checks.filter((check) => check.whenDown === 'degraded').map(({ name }) => name),
    );
    const down = components.filter((component) => component.status === 'down').map(({ name }) => name);
    const degraded = down.filter((name) => tolerated.has(name));
    let status: ReadinessReport['status'] = 'ok';
    if (degraded.length < down.length) status = 'error';
    else if (degraded.length > 0) status = 'degraded';
    return { status, degraded, components };
  }

  /** Terminus answers a failure (and its own shutdown state) with an exception that carries the result. */
  private async run(indicators: HealthIndicatorFunction[]): Promise<HealthCheckResult> {
    try {
      return await this.health.check(indicators);
    } catch (error) {
      if (error instanceof ServiceUnavailableException) return error.getResponse() as HealthCheckResult;
      throw error;
    }
  }

  private component(name: string, detail: Record<string, unknown> | undefined): ComponentHealth {
    const latencyMs = typeof detail?.responseTime === 'number' ? detail.responseTime : 0;
    if (detail?.status === 'up' || detail?.status === 'degraded') {
      if (this.lastFailures.delete(name)) this.logger.log(`Readiness: ${name} is up again`);
      return { name, status: 'up', latencyMs };
    }
    const message = typeof detail?.message === 'string' ? detail.message : 'no answer';
    const reason = message === `timeout of ${this.options.timeoutMs}ms exceeded` ? 'timeout' : 'error';
    if (this.lastFailures.get(name) !== message) {
      this.lastFailures.set(name, message);
      this.logger.error(`Readiness: ${name} is down after ${latencyMs} ms: ${message}`);
    }
    return { name, status: 'down', latencyMs, reason };
  }
}
