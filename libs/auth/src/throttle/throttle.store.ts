/** What a lock means for one key: when it ends, if it is locked. */
export interface ThrottlePolicy {
  readonly maxFailures: number;
  readonly windowSeconds: number;
  readonly lockSeconds: number;
  readonly maxLockSeconds: number;
}

/** The answer to a claim: counted (and whether this attempt locked the key), or refused while locked. */
export type ThrottleClaim =
  | {
      readonly counted: true;
      readonly locked: boolean;
      /** The store that counted it, when not the one asked (a fallback): refunds go there. */
      readonly countedIn?: ThrottleStore;
    }
  | { readonly counted: false; readonly lockedUntil: number };

/**
 * Where attempt counters live: shared by every instance of the app (the
 * database by default, Redis when configured), never in one process.
 *
 * An attempt is counted before the secret is checked, in one atomic step that
 * also refuses it while the key is locked: concurrent attempts cannot all read
 * "not locked" and then all be checked. A successful attempt is refunded (or
 * the key reset) afterwards.
 */
export interface ThrottleStore {
  /** The latest lock end (ms since epoch) of these keys; 0 when none is locked. */
  lockedUntil(keys: readonly string[]): Promise<number>;
  /** Atomically: refuses while locked, else counts the attempt and locks once the count reaches the maximum. */
  claim(key: string, policy: ThrottlePolicy): Promise<ThrottleClaim>;
  /**
   * Takes back one counted attempt that turned out to succeed. Lifts the lock
   * when the count falls below the maximum, or when `liftLock` says that this
   * attempt's own claim set it.
   */
  refund(key: string, policy: ThrottlePolicy, liftLock: boolean): Promise<void>;
  reset(key: string): Promise<void>;
}

export const THROTTLE_STORE = Symbol('THROTTLE_STORE');

/** The lock after `failures` failures: none below the maximum, then doubling up to the cap. */
export function lockSecondsFor(failures: number, policy: ThrottlePolicy): number {
  if (failures < policy.maxFailures) return 0;
  return Math.min(policy.lockSeconds * 2 ** (failures - policy.maxFailures), policy.maxLockSeconds);
}
