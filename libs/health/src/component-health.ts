/** One component's answer in a readiness report: nothing but its name, state and timing. */
export interface ComponentHealth {
  readonly name: string;
  readonly status: 'up' | 'down';
  readonly latencyMs: number;
  /** Why a component is down: it did not answer in time, or it failed (details are logged, never sent). */
  readonly reason?: 'timeout' | 'error';
}

export interface ReadinessReport {
  /** `degraded`: only components the instance serves without are down (ReadinessCheck.whenDown). */
  readonly status: 'ok' | 'degraded' | 'error';
  /** The components that are down but leave the instance serving. */
  readonly degraded: readonly string[];
  readonly components: readonly ComponentHealth[];
}

/** The name a registered readiness check may use in the report (it becomes a JSON key and a log word). */
export const COMPONENT_NAME = /^[a-z][a-z0-9_.-]{0,62}$/i;

/** The names the health library itself reports. */
export const BUILT_IN_COMPONENTS = ['database', 'redis'] as const;
