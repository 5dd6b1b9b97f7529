import { Inject, Injectable } from '@nestjs/common';
import { RailError, RailErrorCode } from '@rail/core';
import { RAIL_AUTH_OPTIONS, type ResolvedAuthOptions } from '../rail-auth.options.js';
import { THROTTLE_STORE, type ThrottlePolicy, type ThrottleStore } from './throttle.store.js';

export interface ThrottleKeys {
  /** Normalized email, counted whether or not the account exists (no enumeration). */
  readonly account: string;
  readonly address: string | undefined;
}

/** One key's count of an attempt, and the store that holds it. */
interface CountedClaim {
  readonly key: string;
  readonly policy: ThrottlePolicy;
  readonly locked: boolean;
  readonly store: ThrottleStore;
}

/** An attempt that was counted against every key, before its secret was checked. */
export interface ClaimedAttempt {
  readonly keys: ThrottleKeys;
  /** Per key, whether this attempt's claim locked it. */
  readonly claims: readonly CountedClaim[];
  /** True when this attempt locked a key: a failure then is a lockout. */
  readonly locked: boolean;
}

/**
 * Counts sign-in attempts per account and per client address, shared by all
 * instances, and locks a key for a while once it has too many failures,
 * doubling the lock with each further failure (backoff). Each attempt is
 * claimed before its password or code is checked, so that parallel attempts
 * cannot get past the limit; a successful one is then taken back.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    @Inject(THROTTLE_STORE) private readonly store: ThrottleStore,
    @Inject(RAIL_AUTH_OPTIONS) private readonly options: ResolvedAuthOptions,
  ) {}

  private entries(keys: ThrottleKeys): Array<{ key: string; policy: ThrottlePolicy }> {
    const { accountMaxFailures, addressMaxFailures, windowSeconds, lockSeconds, maxLockSeconds } =
      this.options.throttle;
    const common = { windowSeconds, lockSeconds, maxLockSeconds };
    const list = [{ key: accountKey(keys), policy: { ...common, maxFailures: accountMaxFailures } }];
    if (keys.address)
      list.push({ key: `address:${keys.address}`, policy: { ...common, maxFailures: addressMaxFailures } });
    return list;
  }

  /**
   * Counts the attempt against every key, or throws RATE_LIMITED, with the
   * seconds to wait, while any of them is locked (and then counts nothing).
   */
  async claim(keys: ThrottleKeys): Promise<ClaimedAttempt> {
    const claims: CountedClaim[] = [];
    for (const { key, policy } of this.entries(keys)) {
      const claim = await this.store.claim(key, policy);
      if (!claim.counted) {
        // A refused attempt counts against no key, as it never reaches the check.
        for (const done of claims) await done.store.refund(done.key, done.policy, done.locked);
        const retryAfter = Math.max(1, Math.ceil((claim.lockedUntil - Date.now()) / 1000));
        throw new RailError(
          RailErrorCode.RATE_LIMITED,
          `Too many failed attempts; try again in ${retryAfter} seconds`,
          { retryAfter },
        );
      }
      claims.push({ key, policy, locked: claim.locked, store: claim.countedIn ?? this.store });
    }
    return { keys, claims, locked: claims.some((claim) => claim.locked) };
  }

  /**
   * The claimed attempt succeeded: it no longer counts as a failure. A
   * password sign-in also clears the account's earlier failures (`resetAccount`);
   * the address keeps its count.
   */
  async succeeded(attempt: ClaimedAttempt, { resetAccount }: { resetAccount: boolean }): Promise<void> {
    const account = accountKey(attempt.keys);
    for (const { key, policy, locked, store } of attempt.claims) {
      if (resetAccount && key === account) await store.reset(key);
      else await store.refund(key, policy, locked);
    }
  }
}

function accountKey(keys: ThrottleKeys): string {
  return `account:${keys.account}`.slice(0, 300);
}
