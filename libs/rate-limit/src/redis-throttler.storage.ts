import { Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { railRedisClientOptions } from '@rail/core';
import { Redis } from 'ioredis';
import { RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { FlexibleThrottlerStorage, type LimiterShape } from './flexible-throttler.storage.js';

/**
 * `@nestjs/throttler` counters in Redis, shared by every instance of the app,
 * counted by rate-limiter-flexible (the engine the export limits use too):
 * one atomic round trip per hit. Keys expire on their own; `{…}` keeps a
 * caller's key in one Redis Cluster slot.
 */
export class RedisThrottlerStorage
  extends FlexibleThrottlerStorage
  implements OnModuleInit, OnApplicationShutdown
{
  private readonly logger = new Logger('RateLimit');
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly prefix: string,
    commandTimeoutMs?: number,
  ) {
    super();
    // No offline queue: while Redis is away a hit fails at once, and the guard lets the request
    // through, instead of every request waiting for a reconnection. A hung Redis gets the command timeout.
    this.redis = new Redis(url, railRedisClientOptions({ commandTimeoutMs }));
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

  protected createLimiter(shape: LimiterShape): RateLimiterAbstract {
    return new RateLimiterRedis({
      ...shape,
      storeClient: this.redis,
      // While Redis is not connected a hit fails at once (the guard lets it through) rather than waiting.
      rejectIfRedisNotReady: true,
    });
  }

  protected keyPrefixOf(shape: string): string {
    return `${this.prefix}${shape}`;
  }

  async onApplicationShutdown(): Promise<void> {
    // Without an offline queue, QUIT is refused while the client is still connecting: drop the socket then.
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
