import { RateLimiterMemory, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { FlexibleThrottlerStorage, type LimiterShape } from './flexible-throttler.storage.js';

/**
 * Counters in this process (no `redisUrl`): the same fixed windows and blocks
 * as in Redis, per instance. Each caller's counter expires on its own.
 */
export class MemoryThrottlerStorage extends FlexibleThrottlerStorage {
  protected createLimiter(shape: LimiterShape): RateLimiterAbstract {
    return new RateLimiterMemory(shape);
  }

  protected keyPrefixOf(shape: string): string {
    return shape;
  }
}
