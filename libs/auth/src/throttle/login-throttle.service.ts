import { Inject, Injectable } from '@nestjs/common';
import { RailError, RailErrorCode } from '@rail/core';
import { RAIL_AUTH_OPTIONS, type ResolvedAuthOptions } from '../rail-auth.options.js';
import { THROTTLE_STORE, type ThrottlePolicy, type ThrottleStore } from './throttle.store.js';

export interface ThrottleKeys {
  /** Normalized email, counted whether or not the account exists (no enumeration). */
  readonly account: string;
  readonly address: string | undefined;
}

/**
 * Counts failed sign-ins per account and per client address, shared by all
 * instances, and locks a key for a while once it has too many, doubling the
 * lock with each further failure (backoff).
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

  /** Throws RATE_LIMITED, with the seconds to wait, while any of the keys is locked. */
  async assertNotLocked(keys: ThrottleKeys): Promise<void> {
    const lockedUntil = await this.store.lockedUntil(this.entries(keys).map((entry) => entry.key));
    const now = Date.now();
    if (lockedUntil > now) {
      const retryAfter = Math.ceil((lockedUntil - now) / 1000);
      throw new RailError(
        RailErrorCode.RATE_LIMITED,
        `Too many failed attempts; try again in ${retryAfter} seconds`,
        { retryAfter },
      );
    }
  }

  /** Counts a failure against every key; returns true when it locked one. */
  async recordFailure(keys: ThrottleKeys): Promise<boolean> {
    let locked = false;
    for (const { key, policy } of this.entries(keys))
      locked = (await this.store.recordFailure(key, policy)) || locked;
    return locked;
  }

  /** A successful sign-in clears the account's failures (the address keeps its count). */
  async recordSuccess(keys: ThrottleKeys): Promise<void> {
    await this.store.reset(accountKey(keys));
  }
}

function accountKey(keys: ThrottleKeys): string {
  return `account:${keys.account}`.slice(0, 300);
}
