/** What a lock means for one key: when it ends, if it is locked. */
export interface ThrottlePolicy {
  readonly maxFailures: number;
  readonly windowSeconds: number;
  readonly lockSeconds: number;
  readonly maxLockSeconds: number;
}

/**
 * Where failed-attempt counters live: shared by every instance of the app
 * (the database by default, Redis when configured), never in one process.
 */
export interface ThrottleStore {
  /** The latest lock end (ms since epoch) of these keys; 0 when none is locked. */
  lockedUntil(keys: readonly string[]): Promise<number>;
  /** Counts a failure; returns true when this failure locked the key. */
  recordFailure(key: string, policy: ThrottlePolicy): Promise<boolean>;
  reset(key: string): Promise<void>;
}

export const THROTTLE_STORE = Symbol('THROTTLE_STORE');

/** The lock after `failures` failures: none below the maximum, then doubling up to the cap. */
export function lockSecondsFor(failures: number, policy: ThrottlePolicy): number {
  if (failures < policy.maxFailures) return 0;
  return Math.min(policy.lockSeconds * 2 ** (failures - policy.maxFailures), policy.maxLockSeconds);
}
