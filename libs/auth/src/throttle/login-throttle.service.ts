import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RailError, RailErrorCode } from '@rail/core';
import { DataSource, In } from 'typeorm';
import { AuthThrottle } from '../entities/auth-throttle.entity.js';
import { RAIL_AUTH_OPTIONS, type ResolvedAuthOptions } from '../rail-auth.options.js';

export interface ThrottleKeys {
  /** Normalized email, counted whether or not the account exists (no enumeration). */
  readonly account: string;
  readonly address: string | undefined;
}

/**
 * Counts failed sign-ins per account and per client address in the database,
 * shared by all instances, and locks a key for a while once it has too many,
 * doubling the lock with each further failure (backoff).
 */
@Injectable()
export class LoginThrottle {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RAIL_AUTH_OPTIONS) private readonly options: ResolvedAuthOptions,
  ) {}

  private keysOf(keys: ThrottleKeys): Array<{ key: string; max: number }> {
    const { accountMaxFailures, addressMaxFailures } = this.options.throttle;
    const list = [{ key: `account:${keys.account}`.slice(0, 300), max: accountMaxFailures }];
    if (keys.address) list.push({ key: `address:${keys.address}`, max: addressMaxFailures });
    return list;
  }

  /** Throws RATE_LIMITED while any of the keys is locked. */
  async assertNotLocked(keys: ThrottleKeys): Promise<void> {
    const rows = await this.dataSource.getRepository(AuthThrottle).find({
      where: { key: In(this.keysOf(keys).map((entry) => entry.key)) },
    });
    const now = Date.now();
    const lockedUntil = Math.max(0, ...rows.map((row) => row.lockedUntil?.getTime() ?? 0));
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
    const { windowSeconds, lockSeconds, maxLockSeconds } = this.options.throttle;
    let locked = false;
    for (const { key, max } of this.keysOf(keys)) {
      await this.dataSource.transaction(async (manager) => {
        const repository = manager.getRepository(AuthThrottle);
        const now = new Date();
        const query = repository.createQueryBuilder('t').where('t.key = :key', { key });
        // Concurrent failures on PostgreSQL wait for each other instead of losing counts.
        if (this.dataSource.options.type === 'postgres') query.setLock('pessimistic_write');
        const row =
          (await query.getOne()) ??
          Object.assign(new AuthThrottle(), { key, failures: 0, windowStartedAt: now, lockedUntil: null });
        const windowOver =
          now.getTime() - row.windowStartedAt.getTime() > windowSeconds * 1000 && !this.isLocked(row, now);
        row.failures = windowOver ? 1 : row.failures + 1;
        if (windowOver) row.windowStartedAt = now;
        if (row.failures >= max) {
          const seconds = Math.min(lockSeconds * 2 ** (row.failures - max), maxLockSeconds);
          row.lockedUntil = new Date(now.getTime() + seconds * 1000);
          locked = true;
        }
        await repository.save(row);
      });
    }
    return locked;
  }

  /** A successful sign-in clears the account's failures (the address keeps its count). */
  async recordSuccess(keys: ThrottleKeys): Promise<void> {
    await this.dataSource
      .getRepository(AuthThrottle)
      .delete({ key: `account:${keys.account}`.slice(0, 300) });
  }

  private isLocked(row: AuthThrottle, now: Date): boolean {
    return row.lockedUntil !== null && row.lockedUntil > now;
  }
}
