import { Controller, Get, Header, ServiceUnavailableException } from '@nestjs/common';
import { Public } from '@rail/core';
import type { ComponentHealth } from './component-health.js';
import { LifecycleState } from './lifecycle-state.service.js';
import { ReadinessService } from './readiness.service.js';

export interface ProbeBody {
  readonly status: string;
  readonly components?: Record<string, Omit<ComponentHealth, 'name'>>;
  readonly failing?: readonly string[];
  readonly degraded?: readonly string[];
}

/**
 * The probes, open to callers without a token (orchestrators, load
 * balancers). Bodies hold states and component names only: no host, no
 * credential, no error text.
 */
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly lifecycle: LifecycleState,
    private readonly readiness: ReadinessService,
  ) {}

  /** The process answers: nothing else is checked, so a database outage never gets the instance restarted. */
  @Get('live')
  @Header('Cache-Control', 'no-store')
  live(): ProbeBody {
    return { status: 'ok' };
  }

  /** 200 once start-up (migrations, schema, start-up hooks) is over. */
  @Get('startup')
  @Header('Cache-Control', 'no-store')
  startup(): ProbeBody {
    if (this.lifecycle.phase === 'starting') throw new ServiceUnavailableException({ status: 'starting' });
    return { status: 'ok' };
  }

  /**
   * 200 when every component answers in time, or only ones the instance serves without (`degraded`,
   * naming them); 503 naming the failing ones, or while starting or shutting down.
   */
  @Get('ready')
  @Header('Cache-Control', 'no-store')
  async ready(): Promise<ProbeBody> {
    // Checked before and after the components: a shutdown that starts meanwhile still answers 503.
    if (this.lifecycle.phase !== 'started')
      throw new ServiceUnavailableException({ status: this.lifecycle.phase });
    const report = await this.readiness.check();
    if (this.lifecycle.phase !== 'started')
      throw new ServiceUnavailableException({ status: this.lifecycle.phase });
    const components = Object.fromEntries(report.components.map(({ name, ...rest }) => [name, rest]));
    if (report.status === 'ok') return { status: 'ok', components };
    // Still serving: stays in the load balancer, and the body says what is missing.
    if (report.status === 'degraded') return { status: 'degraded', degraded: report.degraded, components };
    const failing = report.components
      .filter((component) => component.status === 'down')
      .map(({ name }) => name);
    throw new ServiceUnavailableException({ status: 'error', failing, components });
  }
}
