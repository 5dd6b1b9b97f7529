import type { ExecutionContext } from '@nestjs/common';

/** The stages of the one guard pipeline, in the order they run. */
export const REQUEST_GUARD_STAGES = ['authenticate', 'rate-limit', 'authorize'] as const;

export type RequestGuardStage = (typeof REQUEST_GUARD_STAGES)[number];

/**
 * A guard of every request, run by the core's pipeline at its stage: first
 * who is calling (authenticate), then how often (rate-limit), then whether
 * they may (authorize), whatever the order in which the app imports the
 * libraries. A guard returns false or throws to refuse.
 */
export interface RequestGuard {
  readonly stage: RequestGuardStage;
  canActivate(context: ExecutionContext): boolean | Promise<boolean>;
}
