import { Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { railRedisClientOptions } from '@rail/core';
import { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

const seconds = (ms: number): number => Math.ceil(ms / 1000);

/**
 * `@nestjs/throttler` counters in Redis, shared by every instance of the app,
 * counted by rate-limiter-flexible (the engine the export limits use too):
 * one atomic round trip per hit in a fixed window, and a block of its own
 * once a caller is over the limit. Windows and blocks are whole seconds.
 * Keys expire on their own; `{…}` keeps a caller's key in one Redis Cluster
 * slot.
 */
export class RedisThrottlerStorage implements ThrottlerStorage, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimit');
  private readonly redis: Redis;
  /** One limiter per bucket shape (window, limit, block), made on its first hit. */
  private readonly limiters = new Map<string, RateLimiterRedis>();

  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    // No offline queue: while Redis is away a hit fails at once, and the guard lets the request
    // through, instead of every request waiting for a reconnection. A hung Redis gets the command timeout.
    this.redis = new Redis(url, railRedisClientOptions());
    let lastWarning = 0;
    this.redis.on('error', (error: Error) => {
      // ioredis repeats a connection error on every retry; once a minute is enough for the log.
      if (Date.now() - lastWarning < 60_000) return;
      lastWarning = Date.now();
      this.logger.warn(`Redis for rate limits: ${error.message}`);
    });
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
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    try {
      const hit = await this.limiter(throttlerName, ttl, limit, blockDuration).consume(`{${key}}`);
      // Seconds, as the throttler's own in-memory storage answers.
      return {
        totalHits: hit.consumedPoints,
        timeToExpire: seconds(hit.msBeforeNext),
        isBlocked: false,
        timeToBlockExpire: 0,
      };
    } catch (refusal) {
      // Not a refusal but Redis failing: the guard decides (it lets the request through).
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      return {
        totalHits: refusal.consumedPoints,
        timeToExpire: seconds(refusal.msBeforeNext),
        isBlocked: true,
        timeToBlockExpire: seconds(refusal.msBeforeNext),
      };
    }
  }

  private limiter(name: string, ttlMs: number, limit: number, blockMs: number): RateLimiterRedis {
    const shape = `${name}:${ttlMs}:${limit}:${blockMs}`;
    let limiter = this.limiters.get(shape);
    if (!limiter) {
      limiter = new RateLimiterRedis({
        storeClient: this.redis,
        // The bucket's shape is part of the key: two buckets never share a counter.
        keyPrefix: `${this.prefix}${shape}`,
        points: limit,
        duration: seconds(ttlMs),
        blockDuration: seconds(blockMs),
        // While Redis is not connected a hit fails at once (the guard lets it through) rather than waiting.
        rejectIfRedisNotReady: true,
      });
      this.limiters.set(shape, limiter);
    }
    return limiter;
  }

  async onApplicationShutdown(): Promise<void> {
    // Without an offline queue, QUIT is refused while the client is still connecting: drop the socket then.
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
