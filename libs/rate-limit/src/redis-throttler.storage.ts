import { Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { railRedisClientOptions } from '@rail/core';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;
import { Redis } from 'ioredis';

// One round trip, atomic across instances: count the hit in a fixed window,
// or refuse it while the caller is blocked. The block is its own key, so that
// after it the caller starts a fresh window instead of being blocked again by
// the old count. Hits while blocked are not counted (like the in-memory storage).
// KEYS[1] window count, KEYS[2] block; ARGV[1] window ms, ARGV[2] limit, ARGV[3] block ms.
const HIT = `
local blockedFor = redis.call('PTTL', KEYS[2])
if blockedFor > 0 then
  return { tonumber(redis.call('GET', KEYS[2])) or 0, blockedFor, 1, blockedFor }
end
local hits = redis.call('INCR', KEYS[1])
local expiresIn = redis.call('PTTL', KEYS[1])
if expiresIn < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  expiresIn = tonumber(ARGV[1])
end
if hits <= tonumber(ARGV[2]) then
  return { hits, expiresIn, 0, 0 }
end
local block = tonumber(ARGV[3])
if block <= 0 then
  return { hits, expiresIn, 1, expiresIn }
end
redis.call('SET', KEYS[2], hits, 'PX', block)
redis.call('DEL', KEYS[1])
return { hits, block, 1, block }`;

interface HitCommand {
  railRateLimitHit(
    windowKey: string,
    blockKey: string,
    windowMs: number,
    limit: number,
    blockMs: number,
  ): Promise<[number, number, number, number]>;
}

const seconds = (ms: number): number => Math.ceil(ms / 1000);

/**
 * `@nestjs/throttler` counters in Redis, shared by every instance of the app.
 * Keys expire on their own; `{…}` keeps a caller's two keys in one Redis
 * Cluster slot, which a script touching both needs.
 */
export class RedisThrottlerStorage implements ThrottlerStorage, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimit');
  private readonly redis: Redis & HitCommand;

  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    // No offline queue: while Redis is away a hit fails at once, and the guard lets the request
    // through, instead of every request waiting for a reconnection. A hung Redis gets the command timeout.
    const redis = new Redis(url, railRedisClientOptions());
    redis.defineCommand('railRateLimitHit', { numberOfKeys: 2, lua: HIT });
    let lastWarning = 0;
    redis.on('error', (error: Error) => {
      // ioredis repeats a connection error on every retry; once a minute is enough for the log.
      if (Date.now() - lastWarning < 60_000) return;
      lastWarning = Date.now();
      this.logger.warn(`Redis for rate limits: ${error.message}`);
    });
    this.redis = redis as Redis & HitCommand;
  }

  /** Waits for the connection (up to 2 s), so that the first requests are counted too. */
  onModuleInit(): Promise<void> {
    if (this.redis.status === 'ready') return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.redis.off('ready', done).off('error', done);
        resolve();
      };
      const timer = setTimeout(done, 2000);
      this.redis.once('ready', done).once('error', done);
    });
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    _throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const base = `${this.prefix}{${key}}`;
    const [totalHits, expiresInMs, blocked, blockedForMs] = await this.redis.railRateLimitHit(
      `${base}:hits`,
      `${base}:block`,
      ttl,
      limit,
      blockDuration,
    );
    // Seconds, as the throttler's own in-memory storage answers.
    return {
      totalHits,
      timeToExpire: seconds(expiresInMs),
      isBlocked: blocked === 1,
      timeToBlockExpire: seconds(blockedForMs),
    };
  }

  async onApplicationShutdown(): Promise<void> {
    // Without an offline queue, QUIT is refused while the client is still connecting: drop the socket then.
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
