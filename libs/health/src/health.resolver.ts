import { type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Query, Resolver } from '@nestjs/graphql';
import { RailError, RailErrorCode } from '@rail/core';
import { RbacEngine, RequirePermission } from '@rail/rbac';
import { HealthReport } from './health.types.js';
import { LifecycleState } from './lifecycle-state.service.js';
import { ProcessMetrics } from './process-metrics.service.js';
import { ReadinessService } from './readiness.service.js';

/** `health`: readiness components and process figures, for operators (permission `health.view`). */
@Resolver()
export class HealthResolver implements OnModuleInit {
  /** `@RequirePermission` is enforced by the rbac library's guard; without it the query stays closed. */
  private guarded = false;

  constructor(
    private readonly readiness: ReadinessService,
    private readonly lifecycle: LifecycleState,
    private readonly metrics: ProcessMetrics,
    private readonly moduleRef: ModuleRef,
  ) {}

  onModuleInit(): void {
    try {
      this.guarded = Boolean(this.moduleRef.get(RbacEngine, { strict: false }));
    } catch {
      this.guarded = false;
    }
  }

  @RequirePermission('health.view')
  @Query(() => HealthReport, {
    description: 'The health of the instance that answered: components, memory, event-loop delay, uptime.',
  })
  async health(): Promise<HealthReport> {
    if (!this.guarded) {
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
