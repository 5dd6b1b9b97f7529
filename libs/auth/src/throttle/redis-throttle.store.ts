import { setTimeout as sleep } from 'node:timers/promises';
import type { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { DEFAULT_REDIS_CONNECT_TIMEOUT_MS, railRedisClientOptions } from '@rail/core';
import { Redis } from 'ioredis';
import type { ThrottleClaim, ThrottlePolicy, ThrottleStore } from './throttle.store.js';

/**
 * One script per claim, so "not locked" and the count are one atomic step:
 * refuses while the lock key lives; else INCR (with the window's expiry on
 * the first), and from the maximum on sets the lock, doubling per failure up
 * to the cap, and keeps the failures past the lock so that the next failure
 * after it locks again, for longer. The same arithmetic as `lockSecondsFor`.
 * KEYS: failures, lock. ARGV: now (ms), max, window, lock, cap (seconds).
 */
const CLAIM = `
local now = tonumber(ARGV[1])
local lockedUntil = tonumber(redis.call('GET', KEYS[2]) or '0')
if lockedUntil > now then return {0, lockedUntil} end
local failures = redis.call('INCR', KEYS[1])
if failures == 1 then redis.call('EXPIRE', KEYS[1], ARGV[3]) end
local max = tonumber(ARGV[2])
if failures < max then return {1, 0} end
local seconds = math.min(tonumber(ARGV[4]) * 2 ^ math.min(failures - max, 40), tonumber(ARGV[5]))
redis.call('SET', KEYS[2], string.format('%.0f', now + seconds * 1000), 'EX', seconds)
redis.call('EXPIRE', KEYS[1], math.max(tonumber(ARGV[3]), seconds * 2))
return {1, 1}`;

/** KEYS: failures, lock. ARGV: max, "1" when the refunded claim set the lock itself. */
const REFUND = `
local failures = tonumber(redis.call('GET', KEYS[1]) or '0')
if failures > 0 then failures = redis.call('DECR', KEYS[1]) end
if ARGV[2] == '1' or failures < tonumber(ARGV[1]) then redis.call('DEL', KEYS[2]) end
return failures`;

/**
 * Counters in Redis, for deployments that already share state there. Keys
 * expire on their own. Commands fail fast while Redis is away or stalled
 * (`railRedisClientOptions`); the module puts the database store behind it
 * as the fallback.
 */
export class RedisThrottleStore implements ThrottleStore, OnModuleInit, OnApplicationShutdown {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    this.redis = new Redis(url, { ...railRedisClientOptions(), lazyConnect: true });
    // Failed commands reach the fallback store, which logs them; without a listener ioredis would
    // print every reconnection error.
    this.redis.on('error', () => undefined);
  }

  /** Connected before the first sign-in (up to the connect timeout); a failure leaves ioredis retrying. */
  async onModuleInit(): Promise<void> {
    // A Redis that accepts but never answers would keep connect() pending: start-up waits no longer than this.
    await Promise.race([
      this.redis.connect().catch(() => undefined),
      sleep(DEFAULT_REDIS_CONNECT_TIMEOUT_MS, undefined, { ref: false }),
    ]);
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

  async claim(key: string, policy: ThrottlePolicy): Promise<ThrottleClaim> {
    const [counted, value] = (await this.redis.eval(
      CLAIM,
      2,
      this.failuresKey(key),
      this.lockKey(key),
      Date.now(),
      policy.maxFailures,
      policy.windowSeconds,
      policy.lockSeconds,
      policy.maxLockSeconds,
    )) as [number, number];
    return counted === 1 ? { counted: true, locked: value === 1 } : { counted: false, lockedUntil: value };
  }

  async refund(key: string, policy: ThrottlePolicy, liftLock: boolean): Promise<void> {
    await this.redis.eval(
      REFUND,
      2,
      this.failuresKey(key),
      this.lockKey(key),
      policy.maxFailures,
      liftLock ? '1' : '0',
    );
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(this.failuresKey(key), this.lockKey(key));
  }

  async onApplicationShutdown(): Promise<void> {
    // Without an offline queue, QUIT is refused while the client is not connected: drop the socket then.
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
