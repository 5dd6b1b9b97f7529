export { RailHealthModule, type RailHealthAsyncOptions } from './rail-health.module.js';
export {
  type RailHealthOptions,
  type ResolvedHealthOptions,
  RAIL_HEALTH_OPTIONS,
  resolveHealthOptions,
} from './rail-health.options.js';
export type { ComponentHealth, ReadinessReport } from './component-health.js';
export { LifecycleState, type LifecyclePhase } from './lifecycle-state.service.js';
export { ReadinessService } from './readiness.service.js';
export { ProcessMetrics, type ProcessSnapshot, type EventLoopDelay } from './process-metrics.service.js';
export { HealthController, type ProbeBody } from './health.controller.js';
export { HealthComponent, HealthReport, ProcessHealth, EventLoopDelayHealth } from './health.types.js';
