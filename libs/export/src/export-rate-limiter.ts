import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import {
  isInfrastructureError,
  RailError,
  RailErrorCode,
  railRedisClientOptions,
  serviceUnavailable,
} from '@rail/core';
import { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { RAIL_EXPORT_OPTIONS, type ResolvedExportOptions } from './rail-export.options.js';

/**
 * Exports per user and window (rate-limiter-flexible): in Redis when there is
 * one, so that every instance counts together; in memory otherwise. While
 * Redis does not answer, exports are refused with SERVICE_UNAVAILABLE.
 */
@Injectable()
export class ExportRateLimiter implements OnModuleDestroy {
  private readonly logger = new Logger('Export');
  private readonly limiter: RateLimiterAbstract;
  private readonly redis?: Redis;

  constructor(@Inject(RAIL_EXPORT_OPTIONS) options: ResolvedExportOptions) {
    const { points, durationSeconds: duration } = options.rateLimit;
    if (options.redisUrl) {
      this.redis = new Redis(options.redisUrl, railRedisClientOptions());
      // A failed command answers the export with SERVICE_UNAVAILABLE (below); reconnection errors need no log line each.
      this.redis.on('error', () => undefined);
      this.limiter = new RateLimiterRedis({
        storeClient: this.redis,
        points,
        duration,
        keyPrefix: options.redisKeyPrefix,
      });
    } else {
      this.limiter = new RateLimiterMemory({ points, duration, keyPrefix: options.redisKeyPrefix });
    }
  }

  /** Counts one export for the user, or refuses with `RATE_LIMITED` and when to come back. */
  async consume(userId: string): Promise<void> {
    try {
      await this.limiter.consume(userId);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) {
        // Redis does not answer: refuse before anything is written, with a code and Retry-After.
        // Not in memory instead: each instance would then grant the whole limit on its own.
        if (isInfrastructureError(rejection)) {
          this.logger.warn(`Export limiter: Redis does not answer: ${(rejection as Error).message}`);
          throw serviceUnavailable();
        }
        throw rejection;
      }
      const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw new RailError(RailErrorCode.RATE_LIMITED, `Too many exports; try again in ${retryAfter} s`, {
        retryAfter,
      });
    }
  }

  async onModuleDestroy(): Promise<void> {
    // Without an offline queue, QUIT is refused while the client is still connecting: drop the socket then.
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }
}
