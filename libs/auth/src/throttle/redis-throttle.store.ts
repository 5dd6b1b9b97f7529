import type { OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { lockSecondsFor, type ThrottlePolicy, type ThrottleStore } from './throttle.store.js';

// INCR and the window's expiry in one step, so that a counter never lives forever.
const COUNT_FAILURE = `
local failures = redis.call('INCR', KEYS[1])
if failures == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return failures`;

/** Counters in Redis, for deployments that already share state there. Keys expire on their own. */
export class RedisThrottleStore implements ThrottleStore, OnApplicationShutdown {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    this.redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2 });
  }

  private failuresKey(key: string): string {
    return `${this.prefix}throttle:failures:${key}`;
  }

  private lockKey(key: string): string {
    return `${this.prefix}throttle:lock:${key}`;
  }

  async lockedUntil(keys: readonly string[]): Promise<number> {
    const values = await this.redis.mget(keys.map((key) => this.lockKey(key)));
    return Math.max(0, ...values.map((value) => Number(value ?? 0)));
  }

  async recordFailure(key: string, policy: ThrottlePolicy): Promise<boolean> {
    const failures = Number(
      await this.redis.eval(COUNT_FAILURE, 1, this.failuresKey(key), policy.windowSeconds),
    );
    const seconds = lockSecondsFor(failures, policy);
    if (seconds === 0) return false;
    // The failures outlive the lock, so the next failure after it locks again, for longer.
    await this.redis
      .multi()
      .set(this.lockKey(key), String(Date.now() + seconds * 1000), 'EX', seconds)
      .expire(this.failuresKey(key), Math.max(policy.windowSeconds, seconds * 2))
      .exec();
    return true;
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(this.failuresKey(key), this.lockKey(key));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit();
  }
}
