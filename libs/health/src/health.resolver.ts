import { Optional } from '@nestjs/common';
import { Query, Resolver } from '@nestjs/graphql';
import { PermissionChecker, RailError, RailErrorCode, RequirePermission } from '@rail/core';
import { HealthReport } from './health.types.js';
import { LifecycleState } from './lifecycle-state.service.js';
import { ProcessMetrics } from './process-metrics.service.js';
import { ReadinessService } from './readiness.service.js';

/** `health`: readiness components and process figures, for operators (permission `health.view`). */
@Resolver()
export class HealthResolver {
  constructor(
    private readonly readiness: ReadinessService,
    private readonly lifecycle: LifecycleState,
    private readonly metrics: ProcessMetrics,
    /** `@RequirePermission` is enforced by the rbac library, which has a checker; without it the query stays closed. */
    @Optional() private readonly permissions?: PermissionChecker,
  ) {}

  @RequirePermission('health.view')
  @Query(() => HealthReport, {
    description: 'The health of the instance that answered: components, memory, event-loop delay, uptime.',
  })
  async health(): Promise<HealthReport> {
    if (!this.permissions) {
      throw new RailError(
        RailErrorCode.FORBIDDEN,
        'The health query needs RailRbacModule (permission health.view)',
      );
    }
    const report = await this.readiness.check();
    const phase = this.lifecycle.phase;
    return {
      status: phase === 'started' ? report.status : phase,
      components: report.components.map((component) => ({ ...component, reason: component.reason ?? null })),
      process: this.metrics.snapshot(),
    };
  }
}
